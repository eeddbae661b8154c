/**
 * `dbt build` through the runner on both engines, over a small hand-checkable set of discharges:
 * DuckDB reading Parquet exports and writing a new marts file, then ClickHouse (the chdb test engine)
 * reading raw.discharge_records. Every dbt test must pass and mart_hospital_month must equal the
 * counts worked out below by hand.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { createClient } from '@clickhouse/client';
import { DISCHARGE_COLUMNS, DISCHARGE_TABLE, type ColumnSpec } from '../schema/discharge.js';
import { clickhouseDialect, duckdbDialect } from '../dialects/index.js';
import { startClickHouseTestEngine, type ClickHouseTestEngine } from '../../test-engine/start.mjs';
import { DbtRunner, type DbtRunResult } from './runner.js';
import { readDbtManifest } from './artifacts.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const hasDbt = fs.existsSync(path.join(root, '.venv', 'bin', 'dbt'));

// ── the fixture ────────────────────────────────────────────────────────────────────────────────
type RawRow = Record<string, string | number | null>;
interface Op {
  code: string;
  name?: string;
  level?: number;
  incision?: string;
  date?: string;
}

const H01 = 'LZ-H01';
const H02 = 'LZ-H02';
const FIRST_LOAD = '2026-03-02 08:00:00';
const RELOAD = '2026-03-05 08:00:00';

/** A raw discharge row with every column of DISCHARGE_COLUMNS; cost is 1000 per bed day. */
function buildDischargeRow(o: {
  org: string;
  recordNo: string;
  seq: number;
  patient: string;
  admit: string;
  discharge: string;
  los: number;
  method: string;
  plan: string;
  ops?: Op[];
  diag?: string;
  sex?: string;
  icu?: [string, string];
  loadedAt?: string;
}): RawRow {
  const row: RawRow = {};
  for (const c of DISCHARGE_COLUMNS) row[c.key] = null;
  Object.assign(row, {
    record_key: `${o.org}|${o.recordNo}|${o.seq}`,
    org_code: o.org,
    record_no: o.recordNo,
    admission_seq: o.seq,
    patient_key: `pk-${o.patient}`,
    sex: o.sex ?? '2',
    birth_date: '1958-06-01',
    age: 67,
    admission_route: '2',
    admit_time: o.admit,
    admit_dept: ' 心血管内科 ',
    discharge_time: o.discharge,
    discharge_dept: '心血管内科',
    los_days: o.los,
    main_diag_code: o.diag ?? 'I50.9',
    main_diag_name: '心力衰竭',
    other_diag_codes: 'i10；E119',
    discharge_method: o.method,
    readmit_plan_31d: o.plan,
    icu_in_time: o.icu?.[0] ?? null,
    icu_out_time: o.icu?.[1] ?? null,
    payment_method: '1',
    total_cost: o.los * 1000,
    _run_id: o.loadedAt === RELOAD ? 'run-2' : 'run-1',
    _source: 'fixture',
    _row_number: 1,
    _loaded_at: o.loadedAt ?? FIRST_LOAD,
  });
  (o.ops ?? []).forEach((op, i) => {
    const n = i + 1;
    row[`op_code_${n}`] = op.code;
    row[`op_name_${n}`] = op.name ?? `手术${n}`;
    row[`op_date_${n}`] = op.date ?? o.admit;
    row[`op_level_${n}`] = op.level ?? null;
    row[`op_incision_${n}`] = op.incision ?? null;
    row[`op_anesthesia_${n}`] = op.level ? '全身麻醉' : null;
  });
  return row;
}

// LZ-H01
const A1 = buildDischargeRow({
  org: H01, recordNo: 'H01-0001', seq: 1, patient: 'h01-1', admit: '2026-01-03 09:00:00', discharge: '2026-01-10 10:00:00',
  los: 7, method: '1', plan: '1', diag: 'i210',
  ops: [{ code: '3601', level: 4, incision: 'Ⅰ/甲' }, { code: '88.5601', name: '冠状动脉造影' }],
  icu: ['2026-01-04 08:00:00', '2026-01-06 10:00:00'],
});
// A1's patient again 15 days after A1's discharge: an unplanned readmission (A1 said 无 plan)
const A2 = buildDischargeRow({ org: H01, recordNo: 'H01-0001', seq: 2, patient: 'h01-1', admit: '2026-01-25 14:00:00', discharge: '2026-02-02 09:00:00', los: 8, method: '1', plan: '2' });
// a surgical patient who died
const A3 = buildDischargeRow({ org: H01, recordNo: 'H01-0002', seq: 1, patient: 'h01-2', admit: '2026-01-05 09:00:00', discharge: '2026-01-20 10:00:00', los: 15, method: '5', plan: '1', ops: [{ code: '47.01', level: 3 }] });
// loaded twice: the first version (March, a death, 19 days) is replaced by the reload
const A4old = buildDischargeRow({ org: H01, recordNo: 'H01-0003', seq: 1, patient: 'h01-3', admit: '2026-02-10 09:00:00', discharge: '2026-03-01 10:00:00', los: 19, method: '5', plan: '1', ops: [{ code: '5123', level: 2 }] });
const A4 = buildDischargeRow({ org: H01, recordNo: 'H01-0003', seq: 1, patient: 'h01-3', admit: '2026-02-10 09:00:00', discharge: '2026-02-14 10:00:00', los: 4, method: '1', plan: '1', ops: [{ code: '5123', level: 2 }], loadedAt: RELOAD });
// back 32 days after discharge: outside the 0–31 day window
const A5 = buildDischargeRow({ org: H01, recordNo: 'H01-0004', seq: 1, patient: 'h01-4', admit: '2026-01-06 09:00:00', discharge: '2026-01-08 10:00:00', los: 2, method: '1', plan: '1' });
const A6 = buildDischargeRow({ org: H01, recordNo: 'H01-0004', seq: 2, patient: 'h01-4', admit: '2026-02-09 09:00:00', discharge: '2026-02-11 10:00:00', los: 2, method: '1', plan: '1' });
// LZ-H02
const B1 = buildDischargeRow({
  org: H02, recordNo: 'H02-0001', seq: 1, patient: 'h02-1', admit: '2026-01-02 09:00:00', discharge: '2026-01-05 10:00:00',
  los: 3, method: '1', plan: '1', sex: '男', diag: '  ｊ１８．９ ', ops: [{ code: '86.04', level: 1, incision: 'II/乙' }],
});
// readmitted the same day B1 left (day 0), and died: B1 counts, B2 leaves the denominator
const B2 = buildDischargeRow({ org: H02, recordNo: 'H02-0001', seq: 2, patient: 'h02-1', admit: '2026-01-05 16:00:00', discharge: '2026-01-09 10:00:00', los: 4, method: '5', plan: '1' });
const B3 = buildDischargeRow({
  org: H02, recordNo: 'H02-0002', seq: 1, patient: 'h02-2', admit: '2026-01-20 09:00:00', discharge: '2026-02-03 10:00:00',
  los: 14, method: '2', plan: '1', ops: [{ code: '81.5100', level: 4 }, { code: '8154', level: 4 }, { code: '86.22', level: 2 }],
  icu: ['2026-01-21 10:00:00', '2026-01-21 20:00:00'],
});
// a planned readmission 5 days later: not counted
const B4 = buildDischargeRow({ org: H02, recordNo: 'H02-0003', seq: 1, patient: 'h02-3', admit: '2026-02-01 09:00:00', discharge: '2026-02-05 10:00:00', los: 4, method: '1', plan: '2' });
const B5 = buildDischargeRow({ org: H02, recordNo: 'H02-0003', seq: 2, patient: 'h02-3', admit: '2026-02-10 09:00:00', discharge: '2026-02-12 10:00:00', los: 2, method: '1', plan: '1' });

// a hospital the registry does not list
const X99 = 'TEST-X99';
const C1 = buildDischargeRow({ org: X99, recordNo: 'X-0001', seq: 1, patient: 'x-1', admit: '2026-01-14 09:00:00', discharge: '2026-01-15 10:00:00', los: 1, method: '1', plan: '1' });

const FIRST_BATCH = [A1, A2, A3, A4old, A5, A6, B1, B2, B3, B4, B5, C1];
const SECOND_BATCH = [A4];

// ── what mart_hospital_month must say, worked out by hand ─────────────────────────────────────
// A discharge counts in the month of its 出院时间 (A2 and B3 are February discharges).
const EXPECTED = [
  {
    org_code: H01, year_month: '2026-01', // A1, A3, A5
    discharges: 3,
    bed_days: 7 + 15 + 2,
    deaths: 1, // A3
    discharges_alive: 3 - 1,
    surgical_patients: 2, // A1 (level 4), A3 (level 3); A1's 88.5601 has no level
    surgical_patient_deaths: 1, // A3
    operations: 1 + 1,
    operations_level_1: 0, operations_level_2: 0, operations_level_3: 1, operations_level_4: 1,
    procedures: 1, // A1 slot 2
    icu_patients: 1, icu_days: 2, // A1: 01-04 → 01-06
    readmission_eligible_discharges: 3 - 1, // A1, A5 (A3 died)
    readmission_eligible_discharges_no_plan: 2, // both said 无
    readmissions_0_31_unplanned: 1, // A1 → A2 after 15 days; A5 → A6 after 32 days does not count
    total_cost: (7 + 15 + 2) * 1000,
  },
  {
    org_code: H01, year_month: '2026-02', // A2, A4 (the reloaded version), A6
    discharges: 3,
    bed_days: 8 + 4 + 2,
    deaths: 0, // A4's first version was a death; the reload is not
    discharges_alive: 3,
    surgical_patients: 1, surgical_patient_deaths: 0, // A4
    operations: 1,
    operations_level_1: 0, operations_level_2: 1, operations_level_3: 0, operations_level_4: 0,
    procedures: 0,
    icu_patients: 0, icu_days: 0,
    readmission_eligible_discharges: 3,
    readmission_eligible_discharges_no_plan: 2, // A4, A6 (A2 had a plan)
    readmissions_0_31_unplanned: 0, // no one came back
    total_cost: (8 + 4 + 2) * 1000,
  },
  {
    org_code: H02, year_month: '2026-01', // B1, B2
    discharges: 2,
    bed_days: 3 + 4,
    deaths: 1, // B2
    discharges_alive: 1,
    surgical_patients: 1, surgical_patient_deaths: 0, // B1 lived; B2 died without an operation
    operations: 1,
    operations_level_1: 1, operations_level_2: 0, operations_level_3: 0, operations_level_4: 0,
    procedures: 0,
    icu_patients: 0, icu_days: 0,
    readmission_eligible_discharges: 1, // B1
    readmission_eligible_discharges_no_plan: 1,
    readmissions_0_31_unplanned: 1, // B1 → B2 on the day of discharge (day 0)
    total_cost: (3 + 4) * 1000,
  },
  {
    org_code: H02, year_month: '2026-02', // B3, B4, B5
    discharges: 3,
    bed_days: 14 + 4 + 2,
    deaths: 0,
    discharges_alive: 3,
    surgical_patients: 1, surgical_patient_deaths: 0, // B3
    operations: 3, // B3: level 4, level 4, level 2
    operations_level_1: 0, operations_level_2: 1, operations_level_3: 0, operations_level_4: 2,
    procedures: 0,
    icu_patients: 1, icu_days: 1, // B3: in and out on 01-21 counts 1
    readmission_eligible_discharges: 3,
    readmission_eligible_discharges_no_plan: 2, // B3, B5 (B4 had a plan)
    readmissions_0_31_unplanned: 0, // B4 → B5 was planned
    total_cost: (14 + 4 + 2) * 1000,
  },
  {
    org_code: X99, year_month: '2026-01', // C1
    discharges: 1, bed_days: 1, deaths: 0, discharges_alive: 1,
    surgical_patients: 0, surgical_patient_deaths: 0,
    operations: 0, operations_level_1: 0, operations_level_2: 0, operations_level_3: 0, operations_level_4: 0,
    procedures: 0, icu_patients: 0, icu_days: 0,
    readmission_eligible_discharges: 1, readmission_eligible_discharges_no_plan: 1, readmissions_0_31_unplanned: 0,
    total_cost: 1000,
  },
];
const MART_COLUMNS = Object.keys(EXPECTED[0]!);
// A few indicator values from the same counts: HQ-01 H01 Jan = 24 / 3 days; HQ-03 H02 Jan = 1 / 1 × 100
const EXPECTED_INDICATORS = [
  { indicator_code: 'HQ-01', org_code: H01, year_month: '2026-01', value: 24 / 3 },
  { indicator_code: 'HQ-02', org_code: H01, year_month: '2026-01', value: (1 / 3) * 100 },
  { indicator_code: 'HQ-03', org_code: H01, year_month: '2026-01', value: (1 / 2) * 100 },
  { indicator_code: 'HQ-03', org_code: H02, year_month: '2026-01', value: 100 },
  { indicator_code: 'HQ-05', org_code: H01, year_month: '2026-01', value: (1 / 2) * 100 },
  { indicator_code: 'PERF-03', org_code: H02, year_month: '2026-02', value: (3 / 3) * 100 },
  { indicator_code: 'PERF-05', org_code: H02, year_month: '2026-02', value: (2 / 3) * 100 },
  { indicator_code: 'HQ-05', org_code: H01, year_month: '2026-02', value: 0 },
  { indicator_code: 'HQ-05', org_code: X99, year_month: '2026-01', value: null }, // no surgical patients: 0 / 0
];

const DIM_ORG_QUERY = 'SELECT org_code, org_name, display_name, in_registry, has_discharges FROM marts.dim_org WHERE has_discharges ORDER BY org_code';
const EXPECTED_ORGS = [
  { org_code: H01, org_name: '柳州市工人医院', display_name: '柳州市工人医院', in_registry: true, has_discharges: true },
  { org_code: H02, org_name: '柳州市人民医院', display_name: '柳州市人民医院', in_registry: true, has_discharges: true },
  // NULL, not '', on ClickHouse too (join_use_nulls)
  { org_code: X99, org_name: null, display_name: X99, in_registry: false, has_discharges: true },
];

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────
/** Rows of a query as plain objects with numbers (DuckDB BIGINTs arrive as bigint). */
function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

function pick(rows: Record<string, unknown>[], columns: string[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, typeof r[c] === 'string' && /^-?\d+(\.\d+)?$/.test(r[c] as string) ? Number(r[c]) : r[c]])));
}

/** Writes rows as one Parquet file with exactly the DuckDB column types of the raw table. */
async function writeParquet(file: string, rows: RawRow[]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const json = `${file}.ndjson`;
  fs.writeFileSync(json, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const columns = DISCHARGE_COLUMNS.map((c: ColumnSpec) => `'${c.key}': '${duckdbDialect.columnType(c)}'`).join(', ');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(
      `COPY (SELECT * FROM read_json('${json}', format = 'newline_delimited', columns = {${columns}})) TO '${file}' (FORMAT parquet)`,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(json);
  }
}

function expectIndicator(row: Record<string, unknown> | undefined, e: (typeof EXPECTED_INDICATORS)[number]): void {
  const label = `${e.indicator_code} ${e.org_code} ${e.year_month}`;
  expect(row, label).toBeDefined();
  if (e.value === null) expect(row!.indicator_value, label).toBeNull();
  else expect(row!.indicator_value as number, label).toBeCloseTo(e.value, 10);
}

function describeFailures(result: DbtRunResult): string {
  const bad = result.nodes.filter((n) => n.status !== 'pass' && n.status !== 'success');
  return bad.length ? bad.map((n) => `${n.uniqueId}: ${n.status} ${n.message ?? ''}`).join('\n') : result.logs.slice(-4000);
}

function expectAllPassed(result: DbtRunResult): void {
  expect(result.ok, describeFailures(result)).toBe(true);
  expect(result.counts.error).toBe(0);
  expect(result.counts.warn).toBe(0);
  const tests = result.nodes.filter((n) => n.resourceType === 'test');
  const models = result.nodes.filter((n) => n.resourceType === 'model');
  expect(models.map((n) => n.name).sort()).toEqual([
    'dim_date',
    'dim_org',
    'dim_risk_group',
    'fct_discharge',
    'fct_operation',
    'int_discharge__diagnosis_flags',
    'int_discharge__readmissions',
    'int_operation__flags',
    'mart_hospital_month',
    'mart_indicator_hospital_month',
    'stg_his__discharge_records',
    'stg_his__operations',
  ]);
  expect(tests.length).toBeGreaterThan(60);
  expect(tests.filter((n) => n.status !== 'pass')).toEqual([]);
}

function summary(engine: string, result: DbtRunResult): string {
  const c = result.counts;
  return `[dbt build on ${engine}] PASS=${c.pass} WARN=${c.warn} ERROR=${c.error} SKIP=${c.skip} TOTAL=${c.total} in ${(result.elapsedMs / 1000).toFixed(1)} s (dbt: ${result.dbtElapsedSeconds?.toFixed(1)} s)`;
}

// ── DuckDB ──────────────────────────────────────────────────────────────────────────────────────
describe.skipIf(!hasDbt)('dbt build on DuckDB (Parquet in, new marts file out)', () => {
  let work: string;
  let result: DbtRunResult;
  let martsFile: string;
  let db: DuckDBInstance;

  const query = async (sql: string) => {
    const conn = await db.connect();
    try {
      return plain((await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[]);
    } finally {
      conn.closeSync();
    }
  };

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-dbt-duckdb-'));
    const exportDir = path.join(work, 'export');
    // two loads: the reload of A4 arrives in a second file with a newer _loaded_at
    await writeParquet(path.join(exportDir, 'raw', 'discharge_records', 'part-1.parquet'), FIRST_BATCH);
    await writeParquet(path.join(exportDir, 'raw', 'discharge_records', 'part-2.parquet'), SECOND_BATCH);
    // named like the platform's marts files: the stem (a DuckDB catalog name) has a hyphen
    martsFile = path.join(work, 'marts', 'marts-20260305T080000000Z.duckdb');
    const runner = new DbtRunner({ rootDir: root, runsDir: path.join(work, 'runs') });
    result = await runner.run({ command: 'build', connection: { target: 'duckdb', databasePath: martsFile, rawParquetDir: exportDir } });
    console.log(summary('DuckDB', result));
    // dbt has exited, so its file may be opened (read-only, as the platform attaches it)
    db = await DuckDBInstance.create(martsFile, { access_mode: 'READ_ONLY' });
  }, 300_000);

  afterAll(() => {
    db?.closeSync();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('builds every model and passes every dbt test', () => {
    expectAllPassed(result);
    expect(result.artifacts.runResults).toMatch(/run_results\.json$/);
    expect(result.invocationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('matches the hand-counted mart_hospital_month', async () => {
    const rows = await query('SELECT * FROM marts.mart_hospital_month ORDER BY org_code, month_start');
    expect(pick(rows, MART_COLUMNS)).toEqual(EXPECTED);
  });

  it('computes the indicators from the same counts', async () => {
    const rows = await query('SELECT indicator_code, org_code, year_month, indicator_value FROM marts.mart_indicator_hospital_month');
    for (const e of EXPECTED_INDICATORS) {
      const row = rows.find((r) => r.indicator_code === e.indicator_code && r.org_code === e.org_code && r.year_month === e.year_month);
      expectIndicator(row, e);
    }
    // HQ-01…HQ-05 and PERF-03…PERF-08: eleven indicators per hospital-month
    expect(rows).toHaveLength(11 * EXPECTED.length);
  });

  it('keeps the latest load of a record and standardizes codes', async () => {
    const discharges = await query(
      "SELECT record_key, los_days, discharge_method, main_diag_code, main_op_code, sex, other_diag_codes, admit_dept FROM marts.fct_discharge ORDER BY record_key",
    );
    expect(discharges).toHaveLength(12); // 13 raw rows, A4 twice
    const byKey = new Map(discharges.map((d) => [d.record_key, d]));
    expect(byKey.get(`${H01}|H01-0003|1`)).toMatchObject({ los_days: 4, discharge_method: '1' });
    expect(byKey.get(`${H01}|H01-0001|1`)).toMatchObject({ main_diag_code: 'I21.0', main_op_code: '36.01', other_diag_codes: 'I10;E11.9', admit_dept: '心血管内科' });
    expect(byKey.get(`${H02}|H02-0001|1`)).toMatchObject({ main_diag_code: 'J18.9', sex: '1' });
    const ops = await query("SELECT operation_key, op_code, op_level, is_surgery, incision_class, incision_healing FROM marts.fct_operation WHERE record_key LIKE '%0001|1' ORDER BY operation_key");
    expect(ops).toEqual([
      { operation_key: `${H01}|H01-0001|1|1`, op_code: '36.01', op_level: 4, is_surgery: true, incision_class: 'Ⅰ', incision_healing: '甲' },
      { operation_key: `${H01}|H01-0001|1|2`, op_code: '88.5601', op_level: null, is_surgery: false, incision_class: null, incision_healing: null },
      { operation_key: `${H02}|H02-0001|1|1`, op_code: '86.04', op_level: 1, is_surgery: true, incision_class: 'Ⅱ', incision_healing: '乙' },
    ]);
  });

  it('names the hospitals from the registry seed and spans whole years of dates', async () => {
    const orgs = await query(DIM_ORG_QUERY);
    expect(orgs).toEqual(EXPECTED_ORGS);
    const [span] = await query('SELECT min(date_day)::VARCHAR AS first, max(date_day)::VARCHAR AS last, count(*) AS days FROM marts.dim_date');
    expect(span).toEqual({ first: '2026-01-01', last: '2026-12-31', days: 365 });
  });

  it('leaves a manifest that says where each mart lives', () => {
    const manifest = readDbtManifest(result.artifacts.manifest!);
    expect(manifest.adapterType).toBe('duckdb');
    const mart = manifest.models.find((m) => m.name === 'mart_hospital_month');
    expect(mart).toMatchObject({ schema: 'marts', materialized: 'table', database: 'marts-20260305T080000000Z' });
    expect(mart!.columns.map((c) => c.name)).toContain('readmissions_0_31_unplanned');
    expect(manifest.seeds.map((s) => s.name).sort()).toEqual(['org_registry', 'ref_low_risk_icd', 'ref_minimally_invasive_op', 'ref_surgical_complication_icd']);
  });
});

// ── ClickHouse ──────────────────────────────────────────────────────────────────────────────────
describe.skipIf(!hasDbt)('dbt build on ClickHouse (chdb test engine)', () => {
  let engine: ClickHouseTestEngine;
  let work: string;
  let result: DbtRunResult;
  let client: ReturnType<typeof createClient>;

  const query = async (sql: string) => plain((await (await client.query({ query: sql, format: 'JSONEachRow' })).json()) as Record<string, unknown>[]);

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-dbt-clickhouse-'));
    engine = await startClickHouseTestEngine();
    client = createClient({ url: engine.url, username: 'default', password: '', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
    const table = { ...DISCHARGE_TABLE, columns: DISCHARGE_COLUMNS };
    await client.command({ query: clickhouseDialect.createSchemaSql('raw') });
    await client.command({ query: clickhouseDialect.createTableSql(table) });
    // two inserts, so the ReplacingMergeTree holds both versions of A4 until a merge
    await client.insert({ table: 'raw.discharge_records', values: FIRST_BATCH, format: 'JSONEachRow' });
    await client.insert({ table: 'raw.discharge_records', values: SECOND_BATCH, format: 'JSONEachRow' });
    const url = new URL(engine.url);
    const runner = new DbtRunner({ rootDir: root, runsDir: path.join(work, 'runs') });
    result = await runner.run({
      command: 'build',
      connection: { target: 'clickhouse', host: url.hostname, port: Number(url.port), user: 'default', password: '' },
    });
    console.log(summary('ClickHouse', result));
  }, 600_000);

  afterAll(async () => {
    await client?.close();
    await engine?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('builds every model and passes every dbt test', () => {
    expectAllPassed(result);
  });

  it('matches the hand-counted mart_hospital_month', async () => {
    const rows = await query('SELECT * FROM marts.mart_hospital_month ORDER BY org_code, month_start');
    expect(pick(rows, MART_COLUMNS)).toEqual(EXPECTED);
  });

  it('computes the indicators from the same counts', async () => {
    const rows = await query('SELECT indicator_code, org_code, year_month, indicator_value FROM marts.mart_indicator_hospital_month');
    for (const e of EXPECTED_INDICATORS) {
      const row = rows.find((r) => r.indicator_code === e.indicator_code && r.org_code === e.org_code && r.year_month === e.year_month);
      expectIndicator(row, e);
    }
  });

  it('names the hospitals from the registry seed', async () => {
    expect(await query(DIM_ORG_QUERY)).toEqual(EXPECTED_ORGS);
  });

  it('reads the same standardized discharges as DuckDB', async () => {
    const rows = await query("SELECT record_key, los_days, main_diag_code, main_op_code, other_diag_codes FROM marts.fct_discharge WHERE record_key IN ('LZ-H01|H01-0003|1', 'LZ-H01|H01-0001|1') ORDER BY record_key");
    expect(rows).toEqual([
      { record_key: `${H01}|H01-0001|1`, los_days: 7, main_diag_code: 'I21.0', main_op_code: '36.01', other_diag_codes: 'I10;E11.9' },
      { record_key: `${H01}|H01-0003|1`, los_days: 4, main_diag_code: 'I50.9', main_op_code: '51.23', other_diag_codes: 'I10;E11.9' },
    ]);
  });
});
