// Benchmark: loading a GB18030 discharge CSV through the platform (FileSource → runSync → WarehouseSink →
// DuckDB) against DuckDB's own read_csv of the same rows, in the same run; then dbt build on the result.
//   node --import tsx bench/ingest-load.ts [--records 1000000] [--dbt]
// Prints one JSON object: rows/s of each, the ratio, peak RSS, dbt build seconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { DbtRunner, DuckDBClient, FileSource, refreshMarts, runSync, WarehouseSink, writeDischargeFile } from '@qc/ingest';

const args = process.argv.slice(2);
const records = Number(args[args.indexOf('--records') + 1] || 1_000_000);
const withDbt = args.includes('--dbt');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-bench-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);

const csv = path.join(dir, 'discharges-gb18030.csv');
const gen = await writeDischargeFile(csv, { records, seed: 42, from: '2023-01', to: '2025-12', format: 'csv', encoding: 'gb18030', crlf: true });

// 1. the platform's path
const platformDb = await DuckDBClient.open({ path: path.join(dir, 'platform.duckdb') });
let t0 = performance.now();
const result = await runSync({
  connector: new FileSource() as never,
  config: { path: csv } as never,
  context: { runId: 'bench', source: 'bench', patientKeySecret: 'bench-secret-bench-secret-bench-secret' },
  sink: new WarehouseSink(platformDb),
});
const platformSeconds = (performance.now() - t0) / 1000;

// 2. DuckDB's own reader on the same rows (DuckDB reads UTF-8: the file is converted first, not timed)
const utf8 = path.join(dir, 'discharges-utf8.csv');
fs.writeFileSync(utf8, iconv.decode(fs.readFileSync(csv), 'gb18030'));
const baselineDb = await DuckDBClient.open({ path: path.join(dir, 'baseline.duckdb') });
t0 = performance.now();
await baselineDb.exec(`CREATE TABLE t AS SELECT * FROM read_csv('${utf8}', header = true, all_varchar = true)`);
const baselineSeconds = (performance.now() - t0) / 1000;
const [{ n: baselineRows }] = await baselineDb.query<{ n: number }>('SELECT count(*) AS n FROM t');
await baselineDb.close();

let dbtSeconds: number | null = null;
let dbtOk: boolean | null = null;
if (withDbt) {
  const runner = new DbtRunner({ rootDir: process.cwd(), runsDir: path.join(dir, 'dbt-runs') });
  t0 = performance.now();
  const r = await refreshMarts(platformDb, runner);
  dbtSeconds = (performance.now() - t0) / 1000;
  dbtOk = r.ok;
}
await platformDb.close();
clearInterval(sampler);

const out = {
  records,
  fileMB: +(gen.bytes / 1024 / 1024).toFixed(1),
  platform: { rowsLoaded: result.rowsLoaded, rowsRejected: result.rowsRejected, seconds: +platformSeconds.toFixed(2), rowsPerSecond: Math.round(result.rowsRead / platformSeconds) },
  duckdbReadCsv: { rows: Number(baselineRows), seconds: +baselineSeconds.toFixed(2), rowsPerSecond: Math.round(Number(baselineRows) / baselineSeconds) },
  platformToBaselineRatio: +((result.rowsRead / platformSeconds) / (Number(baselineRows) / baselineSeconds)).toFixed(3),
  peakRssMB: Math.round(peakRss / 1024 / 1024),
  dbtBuild: withDbt ? { ok: dbtOk, seconds: dbtSeconds && +dbtSeconds.toFixed(1) } : 'skipped (pass --dbt)',
  machine: { cpus: os.cpus().length, node: process.version },
};
console.log(JSON.stringify(out, null, 2));
fs.rmSync(dir, { recursive: true, force: true });
