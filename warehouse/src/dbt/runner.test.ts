/**
 * The runner without Python: its environment allow-list, its command line, and a run of a stand-in
 * `dbt` (a shell script) that records the environment it was given and writes run_results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDbtArgs, buildDbtEnv, DbtRunner, type DbtConnection } from './runner.js';
import { countStatuses, parseManifest, parseRunResults } from './artifacts.js';

const callerEnv: NodeJS.ProcessEnv = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/qc',
  LANG: 'zh_CN.UTF-8',
  // none of these may reach dbt
  DATABASE_URL: 'postgres://qc:secret@db/qc',
  QC_JWT_SECRET: 'jwt-secret',
  QC_CLICKHOUSE_PASSWORD: 'from-the-caller',
  QC_DBT_DUCKDB_PATH: '/somewhere/else.duckdb',
  AWS_SECRET_ACCESS_KEY: 'aws',
  PYTHONPATH: '/evil',
  DBT_PROFILES_DIR: '/elsewhere',
  NODE_OPTIONS: '--inspect',
};

const duckdb: DbtConnection = { target: 'duckdb', databasePath: '/data/marts/marts-20260101T000000000Z.duckdb', rawParquetDir: '/data/export' };
const clickhouse: DbtConnection = { target: 'clickhouse', host: 'ch.internal', port: 8123, user: 'qc_dbt', password: 'p@ss word', schema: 'marts' };

describe('buildDbtEnv', () => {
  it('passes PATH, HOME, LANG and the DuckDB target variables, nothing else', () => {
    expect(buildDbtEnv(duckdb, callerEnv)).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/qc',
      LANG: 'zh_CN.UTF-8',
      QC_DBT_DUCKDB_PATH: '/data/marts/marts-20260101T000000000Z.duckdb',
      QC_RAW_PARQUET_DIR: '/data/export',
    });
  });

  it('passes the ClickHouse connection from the connection, not from the caller', () => {
    expect(buildDbtEnv(clickhouse, callerEnv)).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/qc',
      LANG: 'zh_CN.UTF-8',
      QC_CLICKHOUSE_HOST: 'ch.internal',
      QC_CLICKHOUSE_PORT: '8123',
      QC_CLICKHOUSE_USER: 'qc_dbt',
      QC_CLICKHOUSE_PASSWORD: 'p@ss word',
      QC_CLICKHOUSE_SCHEMA: 'marts',
      QC_CLICKHOUSE_SECURE: 'false',
    });
  });

  it('makes relative DuckDB paths absolute and insists on a UTF-8 locale', () => {
    const env = buildDbtEnv({ target: 'duckdb', databasePath: 'data/m.duckdb', rawParquetDir: 'data/export' }, { PATH: '/bin', LANG: 'C' });
    expect(env.QC_DBT_DUCKDB_PATH).toBe(path.resolve('data/m.duckdb'));
    expect(env.QC_RAW_PARQUET_DIR).toBe(path.resolve('data/export'));
    expect(env.LANG).toBe('C.UTF-8');
    expect(env.HOME).toBeDefined();
  });
});

describe('buildDbtArgs', () => {
  const dirs = { projectDir: '/repo/dbt', profilesDir: '/repo/dbt', runDir: '/runs/r1' };

  it('gives each run its own target and log paths', () => {
    const args = buildDbtArgs({ command: 'build', connection: duckdb, select: ['+mart_hospital_month'], threads: 2 }, dirs);
    expect(args).toEqual([
      'build',
      '--project-dir', '/repo/dbt',
      '--profiles-dir', '/repo/dbt',
      '--target', 'duckdb',
      '--log-path', '/runs/r1/logs',
      '--no-use-colors',
      '--no-send-anonymous-usage-stats',
      '--target-path', '/runs/r1/target',
      '--select', '+mart_hospital_month',
      '--threads', '2',
    ]);
  });

  it('passes vars as JSON and leaves selection off debug', () => {
    const args = buildDbtArgs({ command: 'debug', connection: clickhouse, select: ['x'], vars: { as_of: '2026-01-31' } }, dirs);
    expect(args).not.toContain('--select');
    expect(args).not.toContain('--target-path');
    expect(args.slice(-2)).toEqual(['--vars', '{"as_of":"2026-01-31"}']);
  });

  it('refuses selectors that could read as options, and unknown commands', () => {
    expect(() => buildDbtArgs({ command: 'run', connection: duckdb, select: ['--full-refresh'] }, dirs)).toThrow(/invalid dbt selector/);
    expect(() => buildDbtArgs({ command: 'run', connection: duckdb, exclude: ['a b'] }, dirs)).toThrow(/invalid dbt selector/);
    expect(() => buildDbtArgs({ command: 'clean' as never, connection: duckdb }, dirs)).toThrow(/unsupported dbt command/);
  });
});

describe('artifacts', () => {
  it('reads statuses, failures and timings from run_results.json', () => {
    const parsed = parseRunResults({
      metadata: { invocation_id: 'inv-1', dbt_version: '1.10.15', generated_at: '2026-01-01T00:00:00Z' },
      elapsed_time: 3.5,
      results: [
        { unique_id: 'model.qc_warehouse.fct_discharge', status: 'success', message: 'OK', execution_time: 0.4, relation_name: '"m"."marts"."fct_discharge"', adapter_response: { rows_affected: 12 } },
        { unique_id: 'test.qc_warehouse.unique_fct_discharge_record_key.abc', status: 'fail', message: 'Got 2 results', failures: 2, execution_time: 0.1 },
        { unique_id: 'test.qc_warehouse.not_null_x.def', status: 'warn', failures: 1, execution_time: 0.1 },
        { unique_id: 'model.qc_warehouse.dim_org', status: 'skipped', execution_time: 0 },
        { unique_id: 'seed.qc_warehouse.org_registry', status: 'success', execution_time: 0.2 },
      ],
    });
    expect(parsed.invocationId).toBe('inv-1');
    expect(parsed.elapsedSeconds).toBe(3.5);
    expect(parsed.counts).toEqual({ pass: 2, warn: 1, error: 1, skip: 1, noOp: 0, total: 5 });
    expect(parsed.nodes[0]).toMatchObject({ resourceType: 'model', name: 'fct_discharge', rowsAffected: 12, relationName: '"m"."marts"."fct_discharge"' });
    expect(parsed.nodes[1]).toMatchObject({ resourceType: 'test', name: 'unique_fct_discharge_record_key.abc', failures: 2, status: 'fail' });
    expect(countStatuses([{ status: 'runtime error' }]).error).toBe(1);
  });

  it('lists models with their relation and columns from manifest.json', () => {
    const m = parseManifest({
      metadata: { dbt_version: '1.10.15', project_name: 'qc_warehouse', adapter_type: 'duckdb' },
      nodes: {
        'model.qc_warehouse.mart_hospital_month': {
          unique_id: 'model.qc_warehouse.mart_hospital_month', resource_type: 'model', name: 'mart_hospital_month', database: 'm', schema: 'marts',
          alias: 'mart_hospital_month', relation_name: '"m"."marts"."mart_hospital_month"', config: { materialized: 'table' }, description: 'per month',
          columns: { discharges: { name: 'discharges', description: '出院人次' } }, depends_on: { nodes: ['model.qc_warehouse.fct_discharge'] },
          original_file_path: 'models/marts/mart_hospital_month.sql',
        },
        'test.qc_warehouse.t1': { unique_id: 'test.qc_warehouse.t1', resource_type: 'test', name: 't1', attached_node: 'model.qc_warehouse.mart_hospital_month', column_name: 'discharges', config: { severity: 'ERROR' } },
      },
      sources: { 'source.qc_warehouse.his.discharge_records': { unique_id: 'source.qc_warehouse.his.discharge_records', source_name: 'his', name: 'discharge_records', schema: 'raw', identifier: 'discharge_records' } },
    });
    expect(m.models).toEqual([
      expect.objectContaining({ name: 'mart_hospital_month', schema: 'marts', materialized: 'table', columns: [{ name: 'discharges', description: '出院人次' }], dependsOn: ['model.qc_warehouse.fct_discharge'] }),
    ]);
    expect(m.tests).toEqual([{ uniqueId: 'test.qc_warehouse.t1', name: 't1', attachedNode: 'model.qc_warehouse.mart_hospital_month', columnName: 'discharges', severity: 'ERROR' }]);
    expect(m.sources[0]).toMatchObject({ name: 'his.discharge_records', schema: 'raw' });
  });
});

// A stand-in for .venv/bin/dbt: records its environment and arguments in the run's target path,
// prints the ClickHouse password (the runner must mask it), writes run_results.json; `test` hangs.
const FAKE_DBT = `#!/bin/sh
cmd="$1"
tp=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--target-path" ]; then tp="$2"; fi
  shift
done
[ -n "$tp" ] || tp="$(mktemp -d)"
mkdir -p "$tp"
env > "$tp/env.txt"
echo "connecting with $QC_CLICKHOUSE_PASSWORD"
echo "Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1" >&2
if [ "$cmd" = "test" ]; then exec sleep 30; fi
cat > "$tp/run_results.json" <<'JSON'
{"metadata": {"invocation_id": "00000000-0000-0000-0000-000000000001"}, "elapsed_time": 0.5,
 "results": [{"unique_id": "model.qc_warehouse.fct_discharge", "status": "success", "message": "OK", "execution_time": 0.1}]}
JSON
echo '{"metadata": {}, "nodes": {}, "sources": {}}' > "$tp/manifest.json"
[ "$cmd" = "run" ] && exit 1
exit 0
`;

describe('DbtRunner with a stand-in dbt', () => {
  let dir: string;
  let runner: DbtRunner;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-dbt-runner-'));
    const exe = path.join(dir, 'dbt');
    fs.writeFileSync(exe, FAKE_DBT, { mode: 0o755 });
    runner = new DbtRunner({ rootDir: dir, dbtExecutable: exe, projectDir: dir, runsDir: path.join(dir, 'runs'), baseEnv: callerEnv, timeoutMs: 10_000 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const envSeen = (runDir: string) =>
    Object.fromEntries(
      fs
        .readFileSync(path.join(runDir, 'target', 'env.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );

  it('starts dbt with only the allowed variables and reads its results', async () => {
    const lines: string[] = [];
    const result = await runner.run({ command: 'build', connection: clickhouse, onLog: (l) => lines.push(l) });
    expect(result.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.invocationId).toBe('00000000-0000-0000-0000-000000000001');
    expect(result.counts).toEqual({ pass: 1, warn: 0, error: 0, skip: 0, noOp: 0, total: 1 });
    expect(result.artifacts.manifest).toBe(path.join(result.runDir, 'target', 'manifest.json'));
    const seen = envSeen(result.runDir);
    // sh itself adds PWD (and may add SHLVL, _); every other variable is one the runner set
    const shellOwn = new Set(['PWD', 'SHLVL', '_', 'OLDPWD']);
    expect(Object.keys(seen).filter((k) => !shellOwn.has(k)).sort()).toEqual([
      'HOME', 'LANG', 'PATH',
      'QC_CLICKHOUSE_HOST', 'QC_CLICKHOUSE_PASSWORD', 'QC_CLICKHOUSE_PORT', 'QC_CLICKHOUSE_SCHEMA', 'QC_CLICKHOUSE_SECURE', 'QC_CLICKHOUSE_USER',
    ]);
    expect(seen.QC_CLICKHOUSE_PASSWORD).toBe('p@ss word');
    // the password dbt printed is masked in what the platform keeps and streams
    expect(result.logs).toContain('connecting with ***');
    expect(result.logs).not.toContain('p@ss word');
    expect(lines).toContain('connecting with ***');
  });

  it('gives concurrent runs separate directories', async () => {
    const [a, b] = await Promise.all([
      runner.run({ command: 'build', connection: duckdb }),
      runner.run({ command: 'build', connection: duckdb }),
    ]);
    expect(a.runDir).not.toBe(b.runDir);
    expect(envSeen(a.runDir).QC_DBT_DUCKDB_PATH).toBe(duckdb.databasePath);
    expect(envSeen(a.runDir).QC_CLICKHOUSE_PASSWORD).toBeUndefined();
  });

  it('reports a failed run with its exit code', async () => {
    const result = await runner.run({ command: 'run', connection: duckdb });
    expect(result).toMatchObject({ ok: false, exitCode: 1, timedOut: false });
    expect(result.error).toBeUndefined();
  });

  it('stops a run that outlives its timeout', async () => {
    const started = Date.now();
    const result = await runner.run({ command: 'test', connection: duckdb, timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/超时/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops a run when its signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runner.run({ command: 'test', connection: duckdb, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, cancelled: true });
  });

  it('prunes old run directories', () => {
    const before = fs.readdirSync(runner.runsDir).length;
    expect(before).toBeGreaterThan(2);
    const removed = runner.pruneRuns(2);
    expect(removed).toHaveLength(before - 2);
    expect(fs.readdirSync(runner.runsDir)).toHaveLength(2);
  });

  it('says how to fix a missing virtualenv instead of throwing', async () => {
    const missing = new DbtRunner({ rootDir: dir, dbtExecutable: path.join(dir, 'nope', 'dbt'), runsDir: path.join(dir, 'runs') });
    expect(missing.isAvailable()).toBe(false);
    const result = await missing.run({ command: 'debug', connection: duckdb });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/setup-python/);
  });
});
