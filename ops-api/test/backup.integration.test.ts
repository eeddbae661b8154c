import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKUP_TABLES, NOT_BACKED_UP } from '../src/backup.js';
import { runCli } from '../src/cli.js';
import { loadConfig, type AppConfig } from '../src/config.js';
import { ADMIN_PASSWORD, DEMO_PASSWORD, ENGINES, loginAs, startPlatform } from './harness.js';

async function qc(config: AppConfig, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s) }, () => config);
  return { code, out, err };
}

describe.each(ENGINES)('backup and restore on $name', (engine) => {
  it('backs up every table of the operational database but sign-in state', async () => {
    const p = await startPlatform(engine);
    try {
      const tables = (await p.platform.db.knex.raw(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)) as { rows: { tablename: string }[] };
      const known = new Set<string>([...BACKUP_TABLES, ...NOT_BACKED_UP]);
      expect(tables.rows.map((r) => r.tablename).filter((t) => !known.has(t))).toEqual([]);
    } finally {
      await p.stop();
    }
  });

  it('restores users, passwords, audit chain, runs, warehouse rows and files into an empty platform', async () => {
    // a platform with some history
    const a = await startPlatform(engine);
    const admin = await loginAs(a.server, 'admin', ADMIN_PASSWORD);
    const h01 = (await admin.get('/api/orgs?q=LZ-H01&kind=hospital')).json().items[0].id;
    await admin.send('POST', '/api/users', { username: 'kept_user', displayName: '备份用户', password: 'Kept#Pass2026', orgId: h01, roleCodes: ['expert'], phone: '13600001111' });
    await a.platform.warehouse.exec('CREATE SCHEMA IF NOT EXISTS raw');
    await a.platform.warehouse.exec(`CREATE TABLE raw.probe AS SELECT 42 AS answer, '柳州' AS city`);
    fs.mkdirSync(path.join(a.config.dataDir, 'uploads'), { recursive: true });
    fs.writeFileSync(path.join(a.config.dataDir, 'uploads', 'kept.csv'), '病案号\n1\n');
    const users = Number((await a.platform.db.knex('users').count({ n: '*' }).first())!.n);
    const audit = Number((await a.platform.db.knex('audit_log').count({ n: '*' }).first())!.n);
    const tasks = Number((await a.platform.db.knex('report_tasks').count({ n: '*' }).first())!.n);
    const activities = Number((await a.platform.db.knex('qc_activities').count({ n: '*' }).first())!.n);
    expect(tasks).toBeGreaterThan(0);
    await a.platform.stop(); // backup and restore run with the platform stopped

    const file = path.join(os.tmpdir(), `qc-backup-${Date.now()}.tar.gz`);
    const made = await qc(a.config, 'backup', '--out', file, '--json');
    expect(made.code, made.err).toBe(0);
    expect(JSON.parse(made.out).tables.users).toBe(users);

    // a second, fresh platform gets it
    const b = await startPlatform(engine);
    await b.platform.stop();
    const restored = await qc(b.config, 'restore', '--in', file, '--json');
    expect(restored.code, restored.err).toBe(0);
    const config = loadConfig({ env: {}, file: undefined, overrides: { ...b.config } });
    const { bootPlatform } = await import('../src/app.js');
    const { createLogger } = await import('../src/logger.js');
    const platform = await bootPlatform(config, createLogger(config));
    try {
      // the restored user logs in with the password they had (a temporary one: the change is asked for)
      const kept = await loginAs(platform.server, 'kept_user', 'Kept#Pass2026');
      expect(kept.next).toBe('change_password');
      await loginAs(platform.server, 'liaison01', DEMO_PASSWORD);
      const restoredAdmin = await loginAs(platform.server, 'admin', ADMIN_PASSWORD);
      // personal data decrypts with the restored keys
      const city = await loginAs(platform.server, 'cityadmin', DEMO_PASSWORD);
      const id = (await restoredAdmin.get('/api/users?q=kept_user')).json().items[0].id;
      expect((await city.get(`/api/users/${id}/contact`)).json().phone).toBe('13600001111');
      // the audit chain is intact and continues
      const { verifyAuditChain } = await import('../src/security/audit.js');
      const chain = await verifyAuditChain(platform.db.knex);
      expect(chain.ok).toBe(true);
      expect(chain.checked).toBeGreaterThanOrEqual(audit);
      const [probe] = await platform.warehouse.query<{ answer: number; city: string }>('SELECT answer, city FROM raw.probe');
      expect(probe).toEqual({ answer: 42, city: '柳州' });
      expect(fs.readFileSync(path.join(b.config.dataDir, 'uploads', 'kept.csv'), 'utf8')).toContain('病案号');
      // the indicator library, forms and activities come back too
      const restoredCity = await loginAs(platform.server, 'cityadmin', DEMO_PASSWORD);
      expect((await restoredCity.get('/api/indicators?pageSize=1')).json().total).toBeGreaterThanOrEqual(261);
      expect(Number((await platform.db.knex('report_tasks').count({ n: '*' }).first())!.n)).toBe(tasks);
      expect(Number((await platform.db.knex('qc_activities').count({ n: '*' }).first())!.n)).toBe(activities);
      // new rows get new ids
      const created = await restoredAdmin.send('POST', '/api/users', { username: 'after_restore', displayName: '恢复后', password: 'After#Pass2026', orgId: h01, roleCodes: ['expert'] });
      expect(created.statusCode).toBe(201);
    } finally {
      await platform.stop();
      fs.rmSync(file, { force: true });
    }
    const bad = await qc(b.config, 'restore', '--in', path.join(os.tmpdir(), 'nope.tar.gz'));
    expect(bad.code).toBe(1);
    await a.stop();
    await b.stop();
  }, 180_000);
});
