import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, loginAs } from '../test/harness.js';
import { openDatabase } from './db/database.js';
import { runCli } from './cli.js';
import { loadConfig, type AppConfig } from './config.js';

/** Runs `qc` against a database and returns exit code and output. */
async function qc(config: AppConfig, ...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, () => config);
  return { code, out, err };
}

describe.each(ENGINES)('command line on $name', (engine) => {
  let config: AppConfig;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const db = await engine.create();
    config = loadConfig({ env: {}, file: undefined, overrides: { dataDir: db.dataDir, databaseUrl: db.databaseUrl, logLevel: 'silent', logToFile: false } });
    cleanup = db.drop;
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('orgs:list --json lists ≥ 30 QC centers and ≥ 25 hospitals with codes, kinds and parents (migrating an empty database first)', async () => {
    const { code, out } = await qc(config, 'orgs:list', '--json');
    expect(code).toBe(0);
    const orgs = JSON.parse(out) as { code: string; kind: string; parent: string | null; name: string }[];
    expect(orgs.filter((o) => o.kind === 'qc_center').length).toBeGreaterThanOrEqual(30);
    expect(orgs.filter((o) => o.kind === 'hospital').length).toBeGreaterThanOrEqual(25);
    expect(orgs.find((o) => o.code === 'LZ-H01')).toMatchObject({ name: '柳州市工人医院', kind: 'hospital', parent: 'LZ-WJW' });
  });

  it('user:create makes a user who can log in; bad input exits non-zero with a Chinese message', async () => {
    const made = await qc(config, 'user:create', '--username', 'cli_liaison', '--password', 'Cli#Pass2026', '--role', 'hospital_liaison', '--org', 'LZ-H03', '--json');
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ username: 'cli_liaison', org: 'LZ-H03' });

    const badOrg = await qc(config, 'user:create', '--username', 'x_user', '--password', 'Cli#Pass2026', '--role', 'expert', '--org', 'NOPE', '--json');
    expect(badOrg.code).toBe(1);
    expect(JSON.parse(badOrg.out).error.message).toContain('NOPE');
    const weak = await qc(config, 'user:create', '--username', 'y_user', '--password', 'short', '--role', 'expert', '--org', 'LZ-H03');
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('密码');
    const missing = await qc(config, 'user:create', '--username', 'z_user');
    expect(missing.code).not.toBe(0);

    // log in through the real server on the same database
    const { bootPlatform } = await import('./app.js');
    const { createLogger } = await import('./logger.js');
    const platform = await bootPlatform(config, createLogger(config));
    try {
      const client = await loginAs(platform.server, 'cli_liaison', 'Cli#Pass2026');
      expect((await client.get('/api/auth/me')).json().org.code).toBe('LZ-H03');
    } finally {
      await platform.stop();
    }
  });

  it('creates a temporary-password user flagged for a change at first login', async () => {
    const res = await qc(config, 'user:create', '--username', 'temp_user', '--password', 'Temp#Pass2026', '--role', 'expert', '--org', 'LZ-H03', '--temporary', '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.out).temporary).toBe(true);
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const row = await db.knex('users').where('username', 'temp_user').first();
      expect(row.must_change_password).toBe(true);
    } finally {
      await db.close();
    }
  });
});

describe('ingest:file and gen:discharges', () => {
  it('generates a GB18030 file and loads it through the same path as an upload, printing the run', async () => {
    const pglite = ENGINES.find((e) => e.name === 'pglite')!;
    const db = await pglite.create();
    const config = loadConfig({ env: {}, file: undefined, overrides: { dataDir: db.dataDir, logLevel: 'silent', logToFile: false, demoDischarges: 0, transforms: false } });
    try {
      const file = path.join(db.dataDir, 'gen.csv');
      const gen = await qc(config, 'gen:discharges', '--records', '500', '--out', file, '--encoding', 'gb18030', '--from', '2025-01', '--to', '2025-03', '--json');
      expect(gen.code).toBe(0);
      expect(JSON.parse(gen.out)).toMatchObject({ records: 500, encoding: 'gb18030' });
      const loaded = await qc(config, 'ingest:file', '--kind', 'discharge_records', '--org', 'LZ-WJW', '--file', file, '--json');
      expect(loaded.code).toBe(0);
      const run = JSON.parse(loaded.out);
      expect(run).toMatchObject({ status: 'succeeded', rowsRead: 500, rowsLoaded: 500, rowsRejected: 0, trigger: 'cli' });
      const wrongOrg = await qc(config, 'ingest:file', '--kind', 'discharge_records', '--org', 'LZ-H01', '--file', file, '--json');
      // a hospital's file may only hold its own rows: the others are rejected, each with its reason
      const partial = JSON.parse(wrongOrg.out);
      expect(partial.rowsRead).toBe(partial.rowsLoaded + partial.rowsRejected);
      expect(partial.rowsRejected).toBeGreaterThan(0);
      const bad = await qc(config, 'ingest:file', '--kind', 'lab_results', '--org', 'LZ-H01', '--file', file);
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('discharge_records');
    } finally {
      await db.drop();
    }
  }, 120_000);
});

describe('command line without a database', () => {
  it('prints help and exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-cli-'));
    let out = '';
    const code = await runCli(['--help'], { out: (t) => (out += t), err: () => undefined }, () => loadConfig({ env: {}, file: undefined, overrides: { dataDir: dir } }));
    expect(code).toBe(0);
    expect(out).toContain('user:create');
    expect(out).toContain('orgs:list');
  });
});
