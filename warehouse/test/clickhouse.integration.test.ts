import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ClickHouseClient, openWarehouse } from '../src/index.js';
import { startClickHouseTestEngine, testEnginePython, type ClickHouseTestEngine } from './clickhouse-engine.js';
import { warehouseSuite } from './warehouse-suite.js';

const python = testEnginePython();
if (!python) console.warn('SKIPPED ClickHouse warehouse tests: .venv/bin/python is missing (npm install creates it with chdb-core)');
const dbt = python && path.join(path.dirname(python), 'dbt');

describe.skipIf(!python)('ClickHouse (chdb test engine over HTTP)', () => {
  let engine: ClickHouseTestEngine;
  let client: ClickHouseClient;
  beforeAll(async () => {
    engine = await startClickHouseTestEngine();
    client = new ClickHouseClient({ url: engine.url });
  });
  afterAll(async () => {
    await client?.close();
    await engine?.stop();
  });

  describe('shared warehouse suite', () => {
    warehouseSuite(() => client);
  });

  test('the engine speaks what @clickhouse/client uses: ping, DDL, insert, typed params, errors with codes', async () => {
    const raw = createClient({ url: engine.url, log: { level: ClickHouseLogLevel.OFF } });
    try {
      expect((await raw.ping()).success).toBe(true);
      await raw.command({ query: 'CREATE TABLE IF NOT EXISTS default.t (k String, v Nullable(Int64)) ENGINE = MergeTree ORDER BY k' });
      await raw.insert({ table: 'default.t', values: [{ k: '甲', v: 1 }, { k: '乙', v: null }], format: 'JSONEachRow' });
      const rs = await raw.query({ query: 'SELECT k, v FROM default.t WHERE k = {k:String}', query_params: { k: '乙' }, format: 'JSONEachRow' });
      expect(await rs.json()).toEqual([{ k: '乙', v: null }]);
      await expect(raw.query({ query: 'SELECT * FROM default.nope' })).rejects.toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    } finally {
      await raw.close();
    }
  });

  test('openWarehouse with a URL gives the ClickHouse client', async () => {
    const warehouse = await openWarehouse({ dataDir: '/nonexistent', clickhouseUrl: engine.url });
    expect(warehouse.engine).toBe('clickhouse');
    expect(await warehouse.ping()).toBe(true);
    await warehouse.close();
  });

  test('marts are plain tables in database marts', async () => {
    await client.exec(`CREATE TABLE IF NOT EXISTS marts.fct_demo ENGINE = MergeTree ORDER BY tuple() AS SELECT 1 AS n`);
    expect(await client.query(`SELECT n FROM ${client.martsTable('fct_demo')}`)).toEqual([{ n: 1 }]);
  });

  test.skipIf(!dbt || !fs.existsSync(dbt))('dbt-clickhouse connects and builds models (dbt debug, dbt run)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-dbt-ch-'));
    try {
      const port = new URL(engine.url).port;
      fs.mkdirSync(path.join(dir, 'models'));
      fs.writeFileSync(path.join(dir, 'dbt_project.yml'), "name: engine_check\nversion: '1.0'\nprofile: engine_check\nmodels:\n  engine_check:\n    +materialized: table\n");
      fs.writeFileSync(
        path.join(dir, 'profiles.yml'),
        `engine_check:\n  target: test\n  outputs:\n    test:\n      type: clickhouse\n      driver: http\n      host: 127.0.0.1\n      port: ${port}\n      schema: marts\n      user: default\n      password: ''\n`,
      );
      fs.writeFileSync(
        path.join(dir, 'models', 'fct_monthly_check.sql'),
        `select toStartOfMonth(discharge_time) as month, count() as n from raw.discharge_records final group by month`,
      );
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, DBT_SEND_ANONYMOUS_USAGE_STATS: 'false', LANG: 'C.UTF-8' };
      const run = (...args: string[]) => spawnSync(dbt!, [...args, '--project-dir', dir, '--profiles-dir', dir], { cwd: dir, env, encoding: 'utf8' });
      const debug = run('debug');
      expect(debug.stdout).toMatch(/Connection test: \[.*OK connection ok/);
      const built = run('run');
      expect(built.status, built.stdout).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('the dbt model is readable through martsTable', async () => {
    const rows = await client.query<{ n: number }>(`SELECT sum(n) AS n FROM ${client.martsTable('fct_monthly_check')}`);
    expect(rows).toEqual([{ n: 4 }]);
  });
});
