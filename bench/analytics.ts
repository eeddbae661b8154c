// Benchmark: indicator computation and the dashboard API on a warehouse of generated discharges.
//   node --import tsx bench/analytics.ts [--records 1000000] [--from 2023-01] [--to 2025-12]
//        [--connections 50] [--seconds 20]
// 1. generates the records for all registry hospitals, loads them through the platform's file path and
//    builds the marts with dbt (setup, timed but not compared);
// 2. computes every discharge-bound indicator for all hospitals × months through the analytics query
//    layer — one query per indicator as the API does, and `queryDischargeIndicators` in one pass —
//    (formulas compiled from the library) against ONE hand-written single-pass SQL over the same mart
//    computing all of them, in the same run;
// 3. boots the platform on that data and measures p50 / p95 latency of the dashboard API under N
//    concurrent users (autocannon) against GET /api/health in the same run.
// Prints one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DISCHARGE_BINDINGS, queryDischargeIndicators, queryIndicatorValues } from '@qc/analytics';
import { DbtRunner, DuckDBClient, FileSource, refreshMarts, runSync, WarehouseSink, writeDischargeFile } from '@qc/ingest';
import { defaultDuckDBPath } from '@qc/warehouse';
import { bootPlatform, createLogger, loadConfig } from '../ops-api/src/index.js';
import { DEFAULT_POLICY, savePolicy } from '../ops-api/src/security/policy.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const records = Number(arg('--records', '1000000'));
const from = arg('--from', '2023-01');
const to = arg('--to', '2025-12');
const connections = Number(arg('--connections', '50'));
const seconds = Number(arg('--seconds', '20'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-bench-analytics-'));
const seconds2 = (t0: number) => +((performance.now() - t0) / 1000).toFixed(3);

// 1. data
let t0 = performance.now();
const csv = path.join(dataDir, 'discharges.csv');
await writeDischargeFile(csv, { records, seed: 7, from, to, format: 'csv', encoding: 'utf-8' });
const generateSeconds = seconds2(t0);
fs.mkdirSync(path.join(dataDir, 'warehouse'), { recursive: true });
const wh = await DuckDBClient.open({ path: defaultDuckDBPath(dataDir) });
t0 = performance.now();
const load = await runSync({
  connector: new FileSource() as never,
  config: { path: csv } as never,
  context: { runId: 'bench', source: 'bench', patientKeySecret: 'bench-secret-bench-secret-bench-secret' },
  sink: new WarehouseSink(wh),
});
const loadSeconds = seconds2(t0);
t0 = performance.now();
const dbt = await refreshMarts(wh, new DbtRunner({ rootDir: process.cwd(), runsDir: path.join(dataDir, 'dbt-runs') }));
const dbtSeconds = seconds2(t0);
if (!dbt.ok) throw new Error('dbt build failed');
fs.rmSync(csv);

// 2. indicator computation: the query layer vs one hand-written pass
const library = JSON.parse(fs.readFileSync('ops-api/db/seeds/reference/national-qc-indicators.json', 'utf8')) as {
  indicators: { code: string; name: string; unit: string; direction: string; formula: string }[];
};
const definitions = DISCHARGE_BINDINGS.map((b) => library.indicators.find((i) => i.code === b.code)!);
const hospitals = (await wh.query<{ org_code: string }>(`SELECT DISTINCT org_code FROM ${wh.martsTable('mart_hospital_month')} ORDER BY 1`)).map(
  (r) => r.org_code,
);
const orgs = hospitals.map((h) => ({ org: h, hospitals: [h] }));
const scale = (formula: string) => Number(/\*\s*(\d+)/.exec(formula)?.[1] ?? 1);
const handSql = `SELECT org_code, year_month, ${DISCHARGE_BINDINGS.map((b, i) => {
  const s = scale(definitions[i]!.formula);
  return `sum(${b.columns.numerator}) AS n${i}, sum(${b.columns.denominator}) AS d${i}, ` +
    `sum(${b.columns.numerator}) * ${s}.0 / nullif(sum(${b.columns.denominator}), 0) AS v${i}`;
}).join(', ')} FROM ${wh.martsTable('mart_hospital_month')} GROUP BY org_code, year_month`;

const rounds = 5;
const timings = { layer: [] as number[], batch: [] as number[], hand: [] as number[] };
let layerCells = 0;
let handCells = 0;
let batchCells = 0;
for (let r = 0; r < rounds; r++) {
  t0 = performance.now();
  layerCells = 0;
  for (const def of definitions) {
    const rows = await queryIndicatorValues(wh, { indicator: { code: def.code, formula: def.formula }, orgs, from, to, grain: 'month' });
    layerCells += rows.length;
  }
  timings.layer.push(performance.now() - t0);
  t0 = performance.now();
  const batch = await queryDischargeIndicators(wh, { indicators: definitions.map((d) => ({ code: d.code, formula: d.formula })), orgs, from, to, grain: 'month' });
  batchCells = [...batch.values()].reduce((n, rows) => n + rows.length, 0);
  timings.batch.push(performance.now() - t0);
  t0 = performance.now();
  const rows = await wh.query(handSql);
  handCells = rows.length * definitions.length;
  timings.hand.push(performance.now() - t0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
await wh.close();

// 3. dashboard API latency under load
const config = loadConfig({
  env: {},
  file: undefined,
  overrides: {
    dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent', logToFile: false, demo: true, demoDischarges: 0, transforms: false,
    rateLimitPerMinute: 10_000_000, loginRateLimitPerMinute: 10_000,
  },
});
const platform = await bootPlatform(config, createLogger(config));
await savePolicy(platform.db.knex, { ...DEFAULT_POLICY, totpRequiredRoles: [] });
await platform.server.start();
const base = platform.server.info.uri;
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'cityadmin', password: 'Lz@Demo2026' }),
});
if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const year = to.slice(0, 4);

async function measure(url: string, paths?: string[]): Promise<{ url: string; requests: number; non2xx: number; p50: number; p95: number; rps: number }> {
  const latencies: number[] = [];
  let next = 0;
  const instance = autocannon({
    url: paths ? base : base + url,
    connections,
    duration: seconds,
    headers: { cookie },
    // many different questions, one after another across all connections: each one computed, not
    // answered from the 10 s memo
    ...(paths ? { requests: [{ method: 'GET', setupRequest: (req: object) => ({ ...req, path: paths[next++ % paths.length] }) }] } : {}),
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  return { url, requests: result.requests.total, non2xx: result.non2xx, p50: pct(50), p95: pct(95), rps: Math.round(result.requests.average) };
}
const health = await measure('/api/health');
const overview = await measure(`/api/analytics/overview?year=${year}`);
const values = await measure(`/api/analytics/indicators/HQ-02/values?from=${year}-01&to=${year}-12&grain=month`);
// distinct questions (indicator × hospital × 12-month window), in an order that does not repeat soon
const distinct: string[] = [];
const months = Array.from({ length: 25 }, (_, i) => `${Number(from.slice(0, 4)) + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
for (const b of DISCHARGE_BINDINGS) for (const h of hospitals) for (const m of months) distinct.push(`/api/analytics/indicators/${b.code}/values?org=${h}&from=${m}&to=${m}&grain=month`);
for (let i = distinct.length - 1; i > 0; i--) {
  const j = (i * 7919) % (i + 1);
  [distinct[i], distinct[j]] = [distinct[j]!, distinct[i]!];
}
const valuesDistinct = await measure(`${distinct.length} distinct values questions`, distinct);
await platform.stop();

const out = {
  records,
  months: `${from}…${to}`,
  setup: { generateSeconds, loadSeconds, rowsLoaded: load.rowsLoaded, dbtSeconds },
  indicatorCompute: {
    indicators: definitions.length,
    hospitals: hospitals.length,
    cells: { layer: layerCells, batch: batchCells, hand: handCells },
    layerOneQueryPerIndicatorMs: +median(timings.layer).toFixed(1),
    layerOnePassMs: +median(timings.batch).toFixed(1),
    singlePassSqlMs: +median(timings.hand).toFixed(1),
    layerToSinglePassRatio: +(median(timings.layer) / median(timings.hand)).toFixed(2),
    layerOnePassToSinglePassRatio: +(median(timings.batch) / median(timings.hand)).toFixed(2),
    rounds,
  },
  dashboardLatency: {
    connections,
    seconds,
    health,
    overview,
    values,
    valuesDistinct,
    overviewP50ToHealth: +(overview.p50 / health.p50).toFixed(2),
    overviewP95ToHealth: +(overview.p95 / health.p95).toFixed(2),
    valuesP95ToHealth: +(values.p95 / health.p95).toFixed(2),
    valuesDistinctP50ToHealth: +(valuesDistinct.p50 / health.p50).toFixed(2),
    valuesDistinctP95ToHealth: +(valuesDistinct.p95 / health.p95).toFixed(2),
  },
  machine: { cpus: os.cpus().length, node: process.version },
};
console.log(JSON.stringify(out, null, 2));
fs.rmSync(dataDir, { recursive: true, force: true });
