import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enterScope, setAppScopeEnforcement } from '../src/policies/scope.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform, type Client, type TestPlatform } from './harness.js';

/** With the application-level scope switched off, Row-Level Security alone keeps hospitals apart. */
describe.each(ENGINES)('Row-Level Security alone on $name', (engine) => {
  let t: TestPlatform;
  let liaison: Client;
  const h02 = { id: 0, userId: 0 };
  let h01 = 0;
  beforeAll(async () => {
    t = await startPlatform(engine);
    const admin = await loginAs(t.server, 'admin', ADMIN_PASSWORD);
    h01 = (await admin.get('/api/orgs?q=LZ-H01&kind=hospital')).json().items[0].id;
    h02.id = (await admin.get('/api/orgs?q=LZ-H02&kind=hospital')).json().items[0].id;
    h02.userId = (await admin.get('/api/users?q=liaison02')).json().items[0].id;
    await t.platform.db.knex('role_permissions').insert(['org:write', 'user:write'].map((p) => ({ role_code: 'hospital_liaison', permission_code: p })));
    liaison = await loginAs(t.server, 'liaison01', DEMO_PASSWORD);
    setAppScopeEnforcement(false);
  });
  afterEach(() => undefined);
  afterAll(async () => {
    setAppScopeEnforcement(true);
    await t?.stop();
  });

  it('refuses cross-hospital reads through the API', async () => {
    const orgs = (await liaison.get('/api/orgs?pageSize=200')).json();
    expect(orgs.items.length).toBeGreaterThan(0);
    expect(orgs.items.every((o: { code: string }) => o.code.startsWith('LZ-H01'))).toBe(true);
    expect((await liaison.get(`/api/orgs/${h02.id}`)).statusCode).toBe(404);
    expect((await liaison.get(`/api/users/${h02.userId}`)).statusCode).toBe(404);
    const users = (await liaison.get('/api/users?pageSize=200')).json();
    expect(users.items.every((u: { org: { code: string } }) => u.org.code.startsWith('LZ-H01'))).toBe(true);
  });

  it('refuses cross-hospital writes through the API and leaves the rows untouched', async () => {
    const before = await t.platform.db.knex('organizations').where('id', h02.id).first();
    const patch = await liaison.send('PATCH', `/api/orgs/${h02.id}`, { name: '被篡改' });
    expect(patch.statusCode).toBeGreaterThanOrEqual(400);
    expect(patch.statusCode).toBeLessThan(500);
    const disable = await liaison.send('PATCH', `/api/users/${h02.userId}`, { status: 'disabled' });
    expect(disable.statusCode).toBeGreaterThanOrEqual(400);
    const move = await liaison.send('POST', '/api/users', {
      username: 'planted', displayName: '植入', password: 'Plant#Pass2026', orgId: h02.id, roleCodes: ['expert'],
    });
    expect(move.statusCode).toBeGreaterThanOrEqual(400);
    expect(move.statusCode).toBeLessThan(500);
    expect(await t.platform.db.knex('organizations').where('id', h02.id).first()).toEqual(before);
    expect(await t.platform.db.knex('users').where('username', 'planted').first()).toBeUndefined();
    expect((await t.platform.db.knex('users').where('id', h02.userId).first()).status).toBe('active');
  });

  it('hides and protects the rows in SQL itself, as the application role', async () => {
    const knex = t.platform.db.knex;
    await knex.transaction(async (trx) => {
      await enterScope(trx, { kind: 'orgs', orgIds: [h01] }, 999);
      expect(await trx('organizations').where('id', h02.id)).toEqual([]);
      expect(await trx('users').where('org_id', h02.id)).toEqual([]);
      await trx('organizations').where('id', h02.id).update({ name: 'x' });
      await trx('users').where('org_id', h02.id).delete();
      await expect(
        trx.raw(`INSERT INTO users (username, display_name, password_hash, org_id) VALUES ('x_rls', 'x', 'x', ?)`, [h02.id]),
      ).rejects.toThrow(/row-level security/);
    });
    expect((await knex('organizations').where('id', h02.id).first()).name).toBe('柳州市人民医院');
    expect(Number((await knex('users').where('org_id', h02.id).count({ n: '*' }).first())!.n)).toBeGreaterThan(0);
  });

  it('shows nothing to a transaction that set no scope', async () => {
    await t.platform.db.knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL ROLE qc_app');
      expect(await trx('organizations')).toEqual([]);
      expect(await trx('audit_log')).toEqual([]);
    });
  });
});
