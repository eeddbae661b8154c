import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { runCli } from '../src/cli.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from './harness.js';

describe.each(ENGINES)('audit trail on $name', (engine) => {
  let t: TestPlatform;
  let admin: Client;
  let auditor: Client;
  beforeAll(async () => {
    t = await startPlatform(engine);
    admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    auditor = await loginAs(t.server, 'auditor', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await t?.stop();
  });

  async function verifyByCli(): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    // the CLI opens the database itself; on PGlite that needs the platform's lock released
    if (engine.name === 'pglite') {
      const { verifyAuditChain } = await import('../src/security/audit.js');
      const r = await verifyAuditChain(t.platform.db.knex);
      return r.ok ? { code: 0, out: `完整 ${r.checked}`, err: '' } : { code: 1, out: '', err: `#${r.firstBroken!.id} ${r.firstBroken!.reason}` };
    }
    const code = await runCli(['audit:verify', '--json'], { out: (s) => (out += s), err: (s) => (err += s) }, () => t.config);
    return { code, out, err };
  }

  it('records logins, failures, denials and changes with who, role, org, address, before and after (masked)', async () => {
    await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'Wrong#Pw123' } });
    const liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    expect((await liaison.get('/api/audit')).statusCode).toBe(403);
    const h01 = (await admin.get('/api/orgs?q=LZ-H01&kind=hospital')).json().items[0].id;
    const created = await admin.send('POST', '/api/users', {
      username: 'audited_user', displayName: '审计样例', password: 'Audit#Pass2026', orgId: h01, roleCodes: ['expert'], phone: '13700001111',
    });
    expect(created.statusCode).toBe(201);
    await admin.send('PATCH', `/api/users/${created.json().id}`, { displayName: '审计样例改' });

    const page = (await auditor.get('/api/audit?pageSize=200')).json();
    const actions = page.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'access.denied', 'user.create', 'user.update']));
    const failed = page.items.find((e: { action: string }) => e.action === 'auth.login_failed');
    expect(failed).toMatchObject({ username: 'admin', result: 'failure', ip: expect.any(String) });
    const denied = page.items.find((e: { action: string }) => e.action === 'access.denied');
    expect(denied).toMatchObject({ username: 'liaison01', roles: ['hospital_liaison'], orgName: '柳州市工人医院', result: 'denied', objectId: 'GET /api/audit' });
    const update = page.items.find((e: { action: string }) => e.action === 'user.update');
    expect(update.before.displayName).toBe('审计样例');
    expect(update.after.displayName).toBe('审计样例改');
    const create = page.items.find((e: { action: string }) => e.action === 'user.create');
    expect(create.after.phone).toBe('137****1111');
    expect(JSON.stringify(page.items)).not.toContain('13700001111');
    expect(JSON.stringify(page.items)).not.toContain('Audit#Pass2026');
  });

  it('filters, searches the full text and exports to Excel', async () => {
    const byUser = (await auditor.get('/api/audit?username=liaison01')).json();
    expect(byUser.items.every((e: { username: string }) => e.username === 'liaison01')).toBe(true);
    const denied = (await auditor.get('/api/audit?result=denied')).json();
    expect(denied.total).toBeGreaterThan(0);
    const text = (await auditor.get('/api/audit?q=' + encodeURIComponent('审计样例改'))).json();
    expect(text.items.map((e: { action: string }) => e.action)).toContain('user.update');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }); // dates are Liuzhou's
    expect((await auditor.get(`/api/audit?from=${today}&to=${today}`)).json().total).toBeGreaterThan(0);
    expect((await auditor.get('/api/audit?from=2000-01-01&to=2000-01-02')).json().total).toBe(0);

    const res = await auditor.get('/api/audit/export?result=denied');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.rowCount - 1).toBe(Number(res.headers['x-total-count']));
    const exported = (await auditor.get('/api/audit?action=audit.export')).json();
    expect(exported.total).toBeGreaterThan(0);
  });

  it('keeps 三员 apart: the system administrator cannot read the trail, the auditor cannot manage users', async () => {
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
    expect((await auditor.get('/api/users')).statusCode).toBe(403);
    expect((await auditor.send('POST', '/api/roles', { code: 'x_role', name: 'x', permissions: [] })).statusCode).toBe(403);
  });

  it('refuses UPDATE and DELETE of audit rows in the database itself, even for the table owner', async () => {
    const knex = t.platform.db.knex;
    await expect(knex('audit_log').update({ detail: 'changed' })).rejects.toThrow();
    await expect(knex('audit_log').delete()).rejects.toThrow();
    await expect(knex.raw('TRUNCATE audit_log')).rejects.toThrow();
  });

  it('verifies the chain, and names the first entry a database administrator edited behind the triggers', async () => {
    const ok = (await auditor.get('/api/audit/verify')).json();
    expect(ok).toMatchObject({ ok: true, firstBroken: null });
    expect(ok.checked).toBeGreaterThan(5);
    expect((await verifyByCli()).code).toBe(0);

    const knex = t.platform.db.knex;
    const victim = (await knex('audit_log').where('action', 'user.update').first()) as { id: number };
    // an attacker with full database rights switches the guard off and rewrites history
    await knex.transaction(async (trx) => {
      await trx.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await trx('audit_log').where('id', victim.id).update({ detail: '无事发生', after: JSON.stringify({ displayName: '篡改' }) });
      await trx.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    const cli = await verifyByCli();
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain(`#${victim.id}`);
    const api = (await auditor.get('/api/audit/verify')).json();
    expect(api.ok).toBe(false);
    expect(api.firstBroken.id).toBe(Number(victim.id));
  });
});
