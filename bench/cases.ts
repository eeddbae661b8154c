// Benchmark: median indicators over reported cases (逐例数值), e.g. EM-03 抢救室滞留时间中位数.
//   node --import tsx bench/cases.ts [--hospitals 31] [--months 12] [--cases 1000]
// 1. writes hospitals × months approved submissions of a 逐例数值 field through the platform's own
//    warehouse rows (`reportedRows`: one row per case) into an embedded DuckDB (setup, timed);
// 2. computes EM-03 (`median(durations)`) per hospital × month and for the whole city × month through
//    the analytics query layer (`queryIndicatorValues`: the library formula compiled to SQL) against a
//    hand-written SQL over the same table (`quantile_cont` grouped by hospital and month, and by month),
//    in the same run, and checks that both give the same numbers.
// Prints one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { queryIndicatorValues, REPORTED_VALUES_SPEC, tableFromRows } from '@qc/analytics';
import { DuckDBClient } from '@qc/ingest';
import { reportedRows } from '../ops-api/src/services/reporting-warehouse.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const hospitals = Number(arg('--hospitals', '31'));
const months = Number(arg('--months', '12'));
const casesPerCell = Number(arg('--cases', '1000'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-bench-cases-'));
const wh = await DuckDBClient.open({ path: path.join(dataDir, 'warehouse.duckdb') });

// deterministic log-normal stays (hours)
let seed = 20261128;
const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const codes = Array.from({ length: hospitals }, (_, i) => `B${String(i + 1).padStart(3, '0')}`);
const periods = Array.from({ length: months }, (_, i) => {
  const d = new Date(Date.UTC(2025, i, 1));
  const end = new Date(Date.UTC(2025, i + 1, 0));
  return { start: d.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
});

// 1. the cases, written as the approval writes them
let t0 = performance.now();
await wh.ensureTable(REPORTED_VALUES_SPEC);
const field = { form_id: 1, code: 'stay', type: 'cases', indicator_code: 'EM-03', indicator_variable: 'durations' };
let id = 0;
let caseRows = 0;
for (const p of periods) {
  const submissions = codes.map((org, h) => ({
    id: ++id,
    values: { stay: Array.from({ length: casesPerCell }, () => Math.round((3 + (h % 7)) * Math.exp(0.7 * normal()) * 10) / 10) },
    reviewed_at: new Date(),
    form_id: 1,
    form_code: 'EM-STAY',
    period_grain: 'month',
    period_start: p.start,
    period_end: p.end,
    org_code: org,
  }));
  const rows = reportedRows(submissions, [field], new Date());
  caseRows += rows.length;
  await wh.loadArrow(REPORTED_VALUES_SPEC, tableFromRows(REPORTED_VALUES_SPEC, rows));
}
const loadSeconds = +((performance.now() - t0) / 1000).toFixed(3);

// 2. the layer vs a hand-written SQL
const from = periods[0]!.start.slice(0, 7);
const to = periods[periods.length - 1]!.start.slice(0, 7);
const orgs = [...codes.map((c) => ({ org: c, hospitals: [c] })), { org: 'CITY', hospitals: codes }];
const table = wh.dialect.readTable(REPORTED_VALUES_SPEC);
const handSql = `SELECT org_code AS org, period_start, quantile_cont(value, 0.5) AS value, count(value) AS n FROM ${table}
WHERE element_code = 'EM-03:durations' GROUP BY org_code, period_start
UNION ALL
SELECT 'CITY', period_start, quantile_cont(value, 0.5), count(value) FROM ${table}
WHERE element_code = 'EM-03:durations' GROUP BY period_start`;

const rounds = 7;
const timings = { layer: [] as number[], hand: [] as number[] };
let layer: Awaited<ReturnType<typeof queryIndicatorValues>> = [];
let hand: Record<string, unknown>[] = [];
for (let r = 0; r < rounds; r++) {
  t0 = performance.now();
  layer = await queryIndicatorValues(wh, { indicator: { code: 'EM-03', formula: 'median(durations)' }, orgs, from, to, grain: 'month' });
  timings.layer.push(performance.now() - t0);
  t0 = performance.now();
  hand = await wh.query(handSql);
  timings.hand.push(performance.now() - t0);
}
const byCell = new Map(hand.map((r) => [`${String(r.org)}|${String(r.period_start).slice(0, 7)}`, r]));
const mismatches = layer.filter((r) => {
  const h = byCell.get(`${r.org}|${r.period}`);
  return !h || Math.abs(Number(h.value) - (r.value ?? Number.NaN)) > 1e-9 || Number(h.n) !== r.denominator;
}).length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const layerMs = +median(timings.layer).toFixed(1);
const handMs = +median(timings.hand).toFixed(1);
await wh.close();
fs.rmSync(dataDir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      setup: { hospitals, months, casesPerCell, caseRows, loadSeconds, caseRowsPerSecond: Math.round(caseRows / loadSeconds) },
      median: { cells: layer.length, mismatches, rounds, layerMs, handMs, ratio: +(layerMs / handMs).toFixed(2) },
    },
    null,
    2,
  ),
);
