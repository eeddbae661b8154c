import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DISCHARGE_SPEC, DuckDBClient, listMartsFiles, markMartsComplete, openWarehouse, tableFromRows } from '../src/index.js';
import { buildDischargeRecord } from './factories.js';
import { warehouseSuite } from './warehouse-suite.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const python = path.join(root, '.venv', 'bin', 'python');

describe('DuckDB (in memory): shared warehouse suite', () => {
  let client: DuckDBClient;
  beforeAll(async () => {
    client = await DuckDBClient.open();
  });
  afterAll(async () => {
    await client?.close();
  });
  warehouseSuite(() => client);
});

describe('DuckDB file: single writer, atomic loads, marts files', () => {
  let dir: string;
  let file: string;
  let client: DuckDBClient;
  const spec = DISCHARGE_SPEC;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-wh-duckdb-'));
    file = path.join(dir, 'warehouse', 'warehouse.duckdb');
    client = await DuckDBClient.open({ path: file });
    await client.ensureTable(spec);
    await client.loadArrow(
      spec,
      tableFromRows(spec, [
        buildDischargeRecord({ record_no: 'A', total_cost: 100, discharge_time: '2024-01-05 10:00:00' }),
        buildDischargeRecord({ record_no: 'B', total_cost: 200, discharge_time: '2024-02-05 10:00:00' }),
      ]),
    );
  });
  afterAll(async () => {
    await client?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('another process cannot open the file while the platform holds it', () => {
    const script = `import('@duckdb/node-api').then(async ({ DuckDBInstance }) => { try { await DuckDBInstance.create(${JSON.stringify(file)}, { access_mode: 'READ_ONLY' }); console.log('opened'); } catch (e) { console.log('refused: ' + e.message.split('\\n')[0]); } })`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: path.join(root, 'warehouse'), encoding: 'utf8' });
    expect(r.stdout).toMatch(/^refused: .*lock/i);
  });

  test('a load that fails inside the transaction leaves the previous rows', async () => {
    // rename a column so the INSERT fails after the DELETE has run, inside the same transaction
    await client.exec(`ALTER TABLE raw.discharge_records RENAME COLUMN main_diag_name TO main_diag_name_x`);
    const reload = tableFromRows(spec, [buildDischargeRecord({ record_no: 'A', total_cost: 999 })]);
    await expect(client.loadArrow(spec, reload)).rejects.toThrow();
    await client.exec(`ALTER TABLE raw.discharge_records RENAME COLUMN main_diag_name_x TO main_diag_name`);
    expect(await client.query(`SELECT record_no, total_cost FROM raw.discharge_records ORDER BY record_no`)).toEqual([
      { record_no: 'A', total_cost: 100 },
      { record_no: 'B', total_cost: 200 },
    ]);
  });

  test.skipIf(!fs.existsSync(python))('dbt-style run: Parquet out, a new marts file in, swapped behind marts.<name>', async () => {
    const exported = await client.exportToParquet(spec);
    expect(exported).toEqual({ file: path.join(dir, 'warehouse', 'parquet', 'raw', 'discharge_records', 'data.parquet'), rows: 2 });
    expect(await client.exportToParquet(spec)).toEqual(exported); // a second export replaces the first

    // what dbt does, in a separate process: read the Parquet export, write a NEW marts file
    const transform = (target: string, factor: number) => {
      const code = [
        'import duckdb, sys',
        'con = duckdb.connect(sys.argv[1])',
        'con.execute("CREATE SCHEMA marts")',
        `con.execute("CREATE TABLE marts.fct_monthly AS SELECT CAST(date_trunc('month', discharge_time) AS DATE) AS month, count(*) AS n, sum(total_cost) * ${factor} AS cost FROM read_parquet('%s') GROUP BY 1" % sys.argv[2])`,
        'con.close()',
      ].join('\n');
      const r = spawnSync(python, ['-c', code, target, exported.file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      markMartsComplete(target);
    };
    const first = client.newMartsFile(new Date(Date.UTC(2025, 0, 1)));
    transform(first, 1);
    await client.attachMarts(first);
    const monthly = () => client.query(`SELECT month, n, cost FROM ${client.martsTable('fct_monthly')} ORDER BY month`);
    expect(await monthly()).toEqual([
      { month: '2024-01-01', n: 1, cost: 100 },
      { month: '2024-02-01', n: 1, cost: 200 },
    ]);

    // a second run while a slow dashboard query reads the first marts file
    const second = client.newMartsFile(new Date(Date.UTC(2025, 0, 2)));
    transform(second, 10);
    const slow = client.query(`SELECT sum(cost) AS s, count(*) AS k FROM ${client.martsTable('fct_monthly')}, range(30000000)`);
    await new Promise((r) => setTimeout(r, 20));
    await client.attachMarts(second);
    expect(await monthly()).toEqual([
      { month: '2024-01-01', n: 1, cost: 1000 },
      { month: '2024-02-01', n: 1, cost: 2000 },
    ]);
    expect(await slow).toEqual([{ s: 300 * 30_000_000, k: 60_000_000 }]);
    await client.settled();
    expect(fs.existsSync(first)).toBe(false);
    expect(client.currentMarts?.file).toBe(second);

    // a run that never finished (no .ok marker) is not attached on restart
    const unfinished = client.newMartsFile(new Date(Date.UTC(2025, 0, 3)));
    fs.writeFileSync(unfinished, 'partial');
    await client.close();
    client = await DuckDBClient.open({ path: file });
    expect(client.currentMarts?.file).toBe(second);
    expect(await monthly()).toHaveLength(2);
    expect(listMartsFiles(path.dirname(file)).map((f) => [path.basename(f.file), f.complete])).toEqual([
      [path.basename(second), true],
      [path.basename(unfinished), false],
    ]);
  });
});

test('openWarehouse without a ClickHouse URL opens <dataDir>/warehouse/warehouse.duckdb', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-wh-open-'));
  try {
    const warehouse = await openWarehouse({ dataDir });
    expect(warehouse).toBeInstanceOf(DuckDBClient);
    expect((warehouse as DuckDBClient).path).toBe(path.join(dataDir, 'warehouse', 'warehouse.duckdb'));
    expect(await warehouse.ping()).toBe(true);
    await warehouse.close();
    expect(await warehouse.ping()).toBe(false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
