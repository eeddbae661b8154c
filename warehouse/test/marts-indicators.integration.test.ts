/**
 * The marts of the reference-list indicators — HQ-04 (ICD低风险病种死亡率), PERF-04 (微创手术占比),
 * PERF-06 (手术患者并发症发生率), PERF-07 (Ⅰ类切口手术部位感染率) and PERF-08 (低风险组病例死亡率) —
 * built by `dbt build` on DuckDB and on the ClickHouse test engine over hand-made discharges, and
 * compared with counts worked out by hand below. A second, smaller data set takes PERF-08's other
 * branch (only two groups with deaths, neither low: the eligible group without a death is the low-risk one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { DuckDBInstance } from '@duckdb/node-api';
import { clickhouseDialect, DbtRunner, DISCHARGE_COLUMNS, DISCHARGE_TABLE, duckdbDialect, type DbtRunResult } from '../src/index.js';
import { startClickHouseTestEngine, type ClickHouseTestEngine } from './clickhouse-engine.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasDbt = fs.existsSync(path.join(root, '.venv', 'bin', 'dbt'));
if (!hasDbt) console.warn('SKIPPED marts indicator tests: .venv/bin/dbt is missing (npm install creates it)');

// ── building raw rows ──────────────────────────────────────────────────────────────────────────
type RawRow = Record<string, string | number | null>;
interface Op {
  code: string;
  name: string;
  level?: number;
  incision?: string;
}
interface Stay {
  org: string;
  /** 'YYYY-MM': the stay is discharged on the 20th of that month. */
  month: string;
  diag: string;
  died?: boolean;
  ops?: Op[];
  others?: string;
}

const H01 = 'LZ-H01';
const H02 = 'LZ-H02';
let serial = 0;

/** A raw discharge row with every column of DISCHARGE_COLUMNS (the loader's shape). */
function rawRow(s: Stay): RawRow {
  serial++;
  const recordNo = `M${String(serial).padStart(5, '0')}`;
  const row: RawRow = {};
  for (const c of DISCHARGE_COLUMNS) row[c.key] = null;
  Object.assign(row, {
    record_key: `${s.org}|${recordNo}|1`,
    org_code: s.org,
    record_no: recordNo,
    admission_seq: 1,
    patient_key: `pk-${recordNo}`,
    sex: '1',
    birth_date: '1960-03-01',
    age: 65,
    admission_route: '2',
    admit_time: `${s.month}-15 09:00:00`,
    admit_dept: '普通外科',
    discharge_time: `${s.month}-20 10:00:00`,
    discharge_dept: '普通外科',
    los_days: 5,
    main_diag_code: s.diag,
    main_diag_name: '诊断',
    other_diag_codes: s.others ?? null,
    discharge_method: s.died ? '5' : '1',
    readmit_plan_31d: '1',
    payment_method: '1',
    total_cost: 5000,
    _run_id: 'run-1',
    _source: 'fixture',
    _row_number: serial,
    _loaded_at: '2026-03-02 08:00:00',
  });
  (s.ops ?? []).forEach((op, i) => {
    const n = i + 1;
    row[`op_code_${n}`] = op.code;
    row[`op_name_${n}`] = op.name;
    row[`op_date_${n}`] = `${s.month}-16 10:00`;
    row[`op_level_${n}`] = op.level ?? null;
    row[`op_incision_${n}`] = op.incision ?? null;
  });
  return row;
}

/** `n` stays alike, the first `died` of them deaths. */
function stays(n: number, died: number, s: Omit<Stay, 'died'>): Stay[] {
  return Array.from({ length: n }, (_, i) => ({ ...s, died: i < died }));
}

const LAP_APPENDECTOMY: Op = { code: '47.01', name: '腹腔镜下阑尾切除术', level: 2, incision: 'Ⅱ/甲' };
const OPEN_APPENDECTOMY: Op = { code: '47.09', name: '阑尾切除术', level: 2, incision: 'Ⅱ/甲' };
const PCNL: Op = { code: '55.04', name: '经皮肾镜碎石取石术', level: 3 };

// ── data set 1: every indicator, PERF-08 with a positive bound ────────────────────────────────
// PERF-08's groups (主要诊断 category × surgical), with their cases over ALL the data:
//   A  K35|S  急性阑尾炎, operated      20 cases, 1 death   → 1/20  = 0.05
//   B  K35|M  急性阑尾炎, not operated  20 cases, 4 deaths  → 4/20  = 0.20
//   C  I63|M  脑梗死                    20 cases, 4 deaths  → 4/20  = 0.20
//   D  J96|M  急性呼吸衰竭              20 cases, 5 deaths  → 5/20  = 0.25
//   E  N20|S  肾结石, operated          19 cases, 0 deaths  → below 20 cases: not eligible
//   the single stays S1…S9 form groups of 1–3 cases: not eligible
// graded on ln(death rate) over the eligible groups with deaths (A–D):
//   ln 0.05 = −2.995732, ln 0.20 = −1.609438 (B, C), ln 0.25 = −1.386294
//   mean = −7.600902 / 4 = −1.900226; sample SD = √((1.095507² + 2 × 0.290788² + 0.513932²) / 3) = 0.737874
//   bound: ln rate < −1.900226 − 0.737874 = −2.638100 (rate < 0.0715)  →  low risk: A only; E is too small.
const GROUP_A = [
  ...stays(3, 1, { org: H01, month: '2026-01', diag: 'K35.8', ops: [LAP_APPENDECTOMY] }),
  ...stays(3, 0, { org: H01, month: '2026-01', diag: 'K35.8', ops: [OPEN_APPENDECTOMY] }),
  ...stays(4, 0, { org: H01, month: '2026-02', diag: 'K35.8', ops: [LAP_APPENDECTOMY] }),
  ...stays(5, 0, { org: H02, month: '2026-01', diag: 'K35.8', ops: [OPEN_APPENDECTOMY] }),
  ...stays(2, 0, { org: H02, month: '2026-02', diag: 'K35.8', ops: [LAP_APPENDECTOMY] }),
  ...stays(3, 0, { org: H02, month: '2026-02', diag: 'K35.8', ops: [OPEN_APPENDECTOMY] }),
];
const GROUP_B = [
  // written as a HIS might: staging normalizes k358 to K35.8
  ...stays(5, 1, { org: H01, month: '2026-01', diag: 'k358' }),
  ...stays(5, 1, { org: H01, month: '2026-02', diag: 'K35.8' }),
  ...stays(5, 1, { org: H02, month: '2026-01', diag: 'K35.8' }),
  ...stays(5, 1, { org: H02, month: '2026-02', diag: 'K35.8' }),
];
const GROUP_C = [
  ...stays(10, 2, { org: H01, month: '2026-01', diag: 'I63.9' }),
  ...stays(10, 2, { org: H02, month: '2026-02', diag: 'I63.9' }),
];
const GROUP_D = [
  ...stays(10, 3, { org: H01, month: '2026-02', diag: 'J96.0' }),
  ...stays(10, 2, { org: H02, month: '2026-01', diag: 'J96.0' }),
];
const GROUP_E = [
  ...stays(10, 0, { org: H01, month: '2026-01', diag: 'N20.0', ops: [PCNL] }),
  ...stays(9, 0, { org: H02, month: '2026-02', diag: 'N20.0', ops: [PCNL] }),
];
const SINGLES: Record<string, Stay> = {
  // class Ⅰ incision healed 甲
  S1: { org: H01, month: '2026-01', diag: 'K40.9', ops: [{ code: '53.00', name: '单侧腹股沟疝修补术', level: 2, incision: 'Ⅰ/甲' }] },
  // class Ⅰ healed 丙, and the infection coded among the other diagnoses
  S2: { org: H01, month: '2026-01', diag: 'K40.9', ops: [{ code: '53.00', name: '单侧腹股沟疝修补术', level: 2, incision: 'Ⅰ/丙' }], others: 'T81.4' },
  // laparoscopic (code and name), class written 'I/丙', the complication written t814 after a ；
  S3: { org: H01, month: '2026-02', diag: 'K40.9', ops: [{ code: '17.13', name: '腹腔镜单侧腹股沟疝修补术伴移植物', level: 3, incision: 'I/丙' }], others: 'i10；t814' },
  // converted to open surgery: the code is laparoscopic, the name excludes it; class Ⅱ; K91.8 is a complication
  S4: { org: H02, month: '2026-01', diag: 'K80.1', ops: [{ code: '51.23', name: '腹腔镜胆囊切除术中转开腹', level: 3, incision: 'Ⅱ/丙' }], others: 'K91.8' },
  S5: { org: H02, month: '2026-01', diag: 'K80.1', ops: [{ code: '51.23', name: '腹腔镜下胆囊切除术', level: 3, incision: 'Ⅱ/甲' }] },
  // a stent (minimally invasive by its code only), then PTCA and angiography as procedures (no level);
  // T82.8 is the second of the other diagnoses
  S6: {
    org: H02, month: '2026-02', diag: 'I21.0', others: 'E78.5;T82.8',
    ops: [
      { code: '36.07', name: '药物洗脱冠状动脉支架置入术', level: 4, incision: '0' },
      { code: '00.66', name: '经皮冠状动脉腔内血管成形术[PTCA]' },
      { code: '88.56', name: '冠状动脉造影术' },
    ],
  },
  // minimally invasive by its name only (鼻内镜); T79.3 (a complication of trauma) is not on the list
  S7: { org: H02, month: '2026-02', diag: 'J32.9', ops: [{ code: '22.63', name: '鼻内镜下筛窦切除术', level: 3, incision: 'Ⅱ/甲' }], others: 'T79.3' },
  // not a surgical patient: a complication code, and a procedure slot with a class Ⅰ/丙 entry, count nowhere
  S8: { org: H01, month: '2026-02', diag: 'J18.9', ops: [{ code: '34.04', name: '胸腔闭式引流术', incision: 'Ⅰ/丙' }], others: 'T81.0' },
  // a low-risk diagnosis (D34) that died after a class Ⅰ operation healed 乙
  S9: { org: H02, month: '2026-01', diag: 'D34', died: true, ops: [{ code: '06.2', name: '单侧甲状腺叶切除术', level: 3, incision: 'Ⅰ/乙' }] },
};
const SET_1 = [...GROUP_A, ...GROUP_B, ...GROUP_C, ...GROUP_D, ...GROUP_E, ...Object.values(SINGLES)];
const ROWS_1 = SET_1.map(rawRow);
const KEY_OF = Object.fromEntries(Object.entries(SINGLES).map(([name, s]) => [name, ROWS_1[SET_1.indexOf(s)]!.record_key as string]));

// What mart_hospital_month must say. Low-risk ICD (ref_low_risk_icd): K35, K40, K80, N20, D34, J32 —
// not I63, J96, I21, J18. 微创: 47.01, 55.04, 17.13, 51.23 (not when 中转开腹), 36.07, 22.63 (by name).
const EXPECTED = [
  {
    org_code: H01, year_month: '2026-01', // A 6, B 5, C 10, E 10, S1, S2
    discharges: 6 + 5 + 10 + 10 + 2,
    deaths: 1 + 1 + 2, // A, B, C
    low_risk_icd_discharges: 6 + 5 + 10 + 2, // A, B, E (N20), S1 and S2 (K40)
    low_risk_icd_deaths: 1 + 1, // A, B
    surgical_patients: 6 + 10 + 2, // A, E, S1, S2
    operations: 6 + 10 + 2,
    operations_minimally_invasive: 3 + 10, // A's three laparoscopic, E's 经皮肾镜
    surgical_complication_patients: 1, // S2 (T81.4)
    class_i_incision_operations: 2, // S1, S2
    class_i_incision_infections: 1, // S2
    low_risk_group_discharges: 6, // A
    low_risk_group_deaths: 1,
  },
  {
    org_code: H01, year_month: '2026-02', // A 4, B 5, D 10, S3, S8
    discharges: 4 + 5 + 10 + 2,
    deaths: 1 + 3, // B, D
    low_risk_icd_discharges: 4 + 5 + 1, // A, B, S3 (K40); S8's J18 is not on the list
    low_risk_icd_deaths: 1, // B
    surgical_patients: 4 + 1, // A, S3 (S8's slot has no level)
    operations: 4 + 1,
    operations_minimally_invasive: 4 + 1, // A laparoscopic, S3 laparoscopic
    surgical_complication_patients: 1, // S3 (t814 → T81.4); S8 has T81.0 but no operation
    class_i_incision_operations: 1, // S3 ('I/丙'); S8's procedure slot is no 手术
    class_i_incision_infections: 1, // S3
    low_risk_group_discharges: 4, // A
    low_risk_group_deaths: 0,
  },
  {
    org_code: H02, year_month: '2026-01', // A 5, B 5, D 10, S4, S5, S9
    discharges: 5 + 5 + 10 + 3,
    deaths: 1 + 2 + 1, // B, D, S9
    low_risk_icd_discharges: 5 + 5 + 3, // A, B, S4 and S5 (K80), S9 (D34)
    low_risk_icd_deaths: 1 + 1, // B, S9
    surgical_patients: 5 + 3, // A, S4, S5, S9
    operations: 5 + 3,
    operations_minimally_invasive: 1, // S5; A's are open, S4 was converted
    surgical_complication_patients: 1, // S4 (K91.8)
    class_i_incision_operations: 1, // S9 (Ⅰ/乙)
    class_i_incision_infections: 0,
    low_risk_group_discharges: 5, // A
    low_risk_group_deaths: 0,
  },
  {
    org_code: H02, year_month: '2026-02', // A 5, B 5, C 10, E 9, S6, S7
    discharges: 5 + 5 + 10 + 9 + 2,
    deaths: 1 + 2, // B, C
    low_risk_icd_discharges: 5 + 5 + 9 + 1, // A, B, E, S7 (J32); S6's I21 is not
    low_risk_icd_deaths: 1, // B
    surgical_patients: 5 + 9 + 2, // A, E, S6, S7
    operations: 5 + 9 + 2, // S6's PTCA and angiography are procedures
    operations_minimally_invasive: 2 + 9 + 1 + 1, // A laparoscopic, E, S6's stent, S7 (鼻内镜)
    surgical_complication_patients: 1, // S6 (T82.8 second in the list); S7's T79.3 is not a listed code
    class_i_incision_operations: 0,
    class_i_incision_infections: 0,
    low_risk_group_discharges: 5, // A
    low_risk_group_deaths: 0,
  },
];
const MART_COLUMNS = Object.keys(EXPECTED[0]!);

// The five indicators per hospital-month, from the counts above (rates × 100)
const pct = (n: number, d: number): number | null => (d === 0 ? null : (n / d) * 100);
const EXPECTED_INDICATORS = EXPECTED.flatMap((e) => [
  { code: 'HQ-04', org: e.org_code, month: e.year_month, numerator: e.low_risk_icd_deaths, denominator: e.low_risk_icd_discharges },
  { code: 'PERF-04', org: e.org_code, month: e.year_month, numerator: e.operations_minimally_invasive, denominator: e.operations },
  { code: 'PERF-06', org: e.org_code, month: e.year_month, numerator: e.surgical_complication_patients, denominator: e.surgical_patients },
  { code: 'PERF-07', org: e.org_code, month: e.year_month, numerator: e.class_i_incision_infections, denominator: e.class_i_incision_operations },
  { code: 'PERF-08', org: e.org_code, month: e.year_month, numerator: e.low_risk_group_deaths, denominator: e.low_risk_group_discharges },
]).map((r) => ({ ...r, value: pct(r.numerator, r.denominator) }));
// spelled out for four of them: HQ-04 H01 Jan = 2 / 23 × 100; PERF-04 H02 Feb = 13 / 16 × 100;
// PERF-07 H02 Jan = 0 / 1 × 100 = 0; PERF-07 H02 Feb = 0 / 0 → NULL
const SPOT_CHECKS = [
  { code: 'HQ-04', org: H01, month: '2026-01', value: (2 / 23) * 100 },
  { code: 'PERF-04', org: H02, month: '2026-02', value: (13 / 16) * 100 },
  { code: 'PERF-06', org: H01, month: '2026-02', value: (1 / 5) * 100 },
  { code: 'PERF-07', org: H02, month: '2026-01', value: 0 },
  { code: 'PERF-07', org: H02, month: '2026-02', value: null },
  { code: 'PERF-08', org: H01, month: '2026-01', value: (1 / 6) * 100 },
];

// The record sets the drill-down lists (the conditions of analytics/src/query/bindings.ts): their
// counts per hospital-month must equal the mart's columns.
const DRILLS = [
  { column: 'low_risk_icd_discharges', table: 'fct_discharge', where: 'is_low_risk_icd' },
  { column: 'low_risk_icd_deaths', table: 'fct_discharge', where: 'is_low_risk_icd and is_death' },
  { column: 'operations_minimally_invasive', table: 'fct_operation', where: 'is_surgery and is_minimally_invasive' },
  { column: 'surgical_complication_patients', table: 'fct_discharge', where: 'is_surgical and has_surgical_complication' },
  { column: 'class_i_incision_operations', table: 'fct_operation', where: 'is_class_i_incision' },
  { column: 'class_i_incision_infections', table: 'fct_operation', where: 'is_class_i_incision and is_class_i_infection' },
  { column: 'low_risk_group_discharges', table: 'fct_discharge', where: 'is_low_risk_group' },
  { column: 'low_risk_group_deaths', table: 'fct_discharge', where: 'is_low_risk_group and is_death' },
] as const;

// ── data set 2: PERF-08 when mean − 1 SD ≤ 0 ────────────────────────────────────────────────────
//   P  J18|M  20 cases, 0 deaths  → 0
//   Q  I63|M  20 cases, 1 death   → 0.05
//   R  J96|M  20 cases, 10 deaths → 0.50
//   T  K35|M   5 cases, 0 deaths  → not eligible
// groups with deaths: Q (ln 0.05 = −2.995732), R (ln 0.5 = −0.693147): mean −1.844440, SD 1.628174
// bound: ln rate < −3.472614 (rate < 0.031): Q is not below it; P (eligible, no death) is low risk,
// T is too small  →  P only.
const SET_2: Stay[] = [
  ...stays(20, 0, { org: H01, month: '2026-03', diag: 'J18.9' }),
  ...stays(20, 1, { org: H01, month: '2026-03', diag: 'I63.9' }),
  ...stays(20, 10, { org: H01, month: '2026-03', diag: 'J96.0' }),
  ...stays(5, 0, { org: H01, month: '2026-03', diag: 'K35.8' }),
];
const ROWS_2 = SET_2.map(rawRow);
const EXPECTED_2 = { org_code: H01, year_month: '2026-03', discharges: 65, deaths: 11, low_risk_group_discharges: 20, low_risk_group_deaths: 0 };

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────
type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/** Numbers as numbers (DuckDB BIGINTs arrive as bigint). */
function plain(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}

function pick(rows: Record<string, unknown>[], columns: string[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
}

async function writeParquet(file: string, rows: RawRow[]): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const json = `${file}.ndjson`;
  fs.writeFileSync(json, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const columns = DISCHARGE_COLUMNS.map((c) => `'${c.key}': '${duckdbDialect.columnType(c)}'`).join(', ');
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    await conn.run(`COPY (SELECT * FROM read_json('${json}', format = 'newline_delimited', columns = {${columns}})) TO '${file}' (FORMAT parquet)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(json);
  }
}

function expectBuildPassed(result: DbtRunResult): void {
  const bad = result.nodes.filter((n) => n.status !== 'pass' && n.status !== 'success');
  expect(bad.map((n) => `${n.uniqueId}: ${n.status} ${n.message ?? ''}`)).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.counts.warn).toBe(0);
}

/** The checks of data set 1, the same on both engines. */
function dataSet1Checks(query: () => Query, build: () => DbtRunResult): void {
  it('builds and passes every dbt test, the reference seeds included', () => {
    expectBuildPassed(build());
    const seeds = build().nodes.filter((n) => n.resourceType === 'seed').map((n) => n.name).sort();
    expect(seeds).toEqual(['org_registry', 'ref_low_risk_icd', 'ref_minimally_invasive_op', 'ref_surgical_complication_icd']);
  });

  it('matches the hand-counted mart_hospital_month', async () => {
    const rows = plain(await query()('SELECT * FROM marts.mart_hospital_month ORDER BY org_code, month_start'));
    expect(pick(rows, MART_COLUMNS)).toEqual(EXPECTED);
  });

  it('gives each indicator its numerator, denominator and value per hospital and month', async () => {
    const rows = plain(
      await query()(
        "SELECT indicator_code, org_code, year_month, numerator, denominator, indicator_value FROM marts.mart_indicator_hospital_month WHERE indicator_code IN ('HQ-04', 'PERF-04', 'PERF-06', 'PERF-07', 'PERF-08')",
      ),
    );
    expect(rows).toHaveLength(EXPECTED_INDICATORS.length);
    for (const e of EXPECTED_INDICATORS) {
      const label = `${e.code} ${e.org} ${e.month}`;
      const row = rows.find((r) => r.indicator_code === e.code && r.org_code === e.org && r.year_month === e.month);
      expect(row, label).toBeDefined();
      expect([row!.numerator, row!.denominator], label).toEqual([e.numerator, e.denominator]);
      if (e.value === null) expect(row!.indicator_value, label).toBeNull();
      else expect(row!.indicator_value as number, label).toBeCloseTo(e.value, 10);
    }
    for (const s of SPOT_CHECKS) {
      const row = rows.find((r) => r.indicator_code === s.code && r.org_code === s.org && r.year_month === s.month);
      if (s.value === null) expect(row!.indicator_value).toBeNull();
      else expect(row!.indicator_value as number).toBeCloseTo(s.value, 10);
    }
  });

  it('classifies the approximate DRG groups: only A is low risk, below mean − 1 SD of ln(death rate)', async () => {
    const groups = plain(await query()('SELECT risk_group_key, cases, deaths, is_eligible, is_low_risk, mean_log_death_rate, sd_log_death_rate, low_risk_bound FROM marts.dim_risk_group ORDER BY risk_group_key'));
    const byKey = new Map(groups.map((g) => [g.risk_group_key, g]));
    expect(pick([byKey.get('K35|S')!, byKey.get('K35|M')!, byKey.get('N20|S')!], ['risk_group_key', 'cases', 'deaths', 'is_eligible', 'is_low_risk'])).toEqual([
      { risk_group_key: 'K35|S', cases: 20, deaths: 1, is_eligible: true, is_low_risk: true },
      { risk_group_key: 'K35|M', cases: 20, deaths: 4, is_eligible: true, is_low_risk: false },
      { risk_group_key: 'N20|S', cases: 19, deaths: 0, is_eligible: false, is_low_risk: false },
    ]);
    expect(groups.filter((g) => g.is_low_risk).map((g) => g.risk_group_key)).toEqual(['K35|S']);
    expect(groups.filter((g) => g.is_eligible).map((g) => g.risk_group_key).sort()).toEqual(['I63|M', 'J96|M', 'K35|M', 'K35|S']);
    const first = groups[0]!;
    const logs = [0.05, 0.2, 0.2, 0.25].map(Math.log);
    const mean = logs.reduce((a, b) => a + b, 0) / 4;
    const sd = Math.sqrt(logs.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
    expect(first.mean_log_death_rate as number).toBeCloseTo(mean, 12);
    expect(first.sd_log_death_rate as number).toBeCloseTo(sd, 12);
    expect(first.low_risk_bound as number).toBeCloseTo(Math.exp(mean - sd), 12);
  });

  it('flags the discharges and operations the drill-down lists, with the rule that matched', async () => {
    const keys = Object.values(KEY_OF).map((k) => `'${k}'`).join(', ');
    const discharges = plain(
      await query()(
        `SELECT record_key, main_diag_code, other_diag_codes, is_surgical, is_low_risk_icd, has_surgical_complication, surgical_complication_prefix, risk_group_key, is_low_risk_group FROM marts.fct_discharge WHERE record_key IN (${keys})`,
      ),
    );
    const d = (name: string) => discharges.find((r) => r.record_key === KEY_OF[name]);
    expect(d('S3')).toMatchObject({ other_diag_codes: 'I10;T81.4', is_surgical: true, has_surgical_complication: true, surgical_complication_prefix: 'T81', is_low_risk_icd: true });
    expect(d('S6')).toMatchObject({ has_surgical_complication: true, surgical_complication_prefix: 'T82', is_low_risk_icd: false, risk_group_key: 'I21|S', is_low_risk_group: false });
    expect(d('S7')).toMatchObject({ has_surgical_complication: false, surgical_complication_prefix: null });
    expect(d('S8')).toMatchObject({ is_surgical: false, has_surgical_complication: true, risk_group_key: 'J18|M' });
    expect(d('S9')).toMatchObject({ main_diag_code: 'D34', is_low_risk_icd: true });

    const ops = plain(
      await query()(
        `SELECT record_key, op_slot, op_code, is_surgery, is_minimally_invasive, minimally_invasive_rule, incision_class, incision_healing, is_class_i_incision, is_class_i_infection, record_no, CAST(discharge_time AS VARCHAR) AS discharge_time, main_diag_code, discharge_method FROM marts.fct_operation WHERE record_key IN (${keys}) ORDER BY record_key, op_slot`,
      ),
    );
    const o = (name: string, slot = 1) => ops.find((r) => r.record_key === KEY_OF[name] && r.op_slot === slot);
    expect(o('S3')).toMatchObject({ is_minimally_invasive: true, incision_class: 'Ⅰ', incision_healing: '丙', is_class_i_incision: true, is_class_i_infection: true });
    expect(o('S4')).toMatchObject({ op_code: '51.23', is_minimally_invasive: false, minimally_invasive_rule: null, is_class_i_incision: false });
    expect(o('S5')).toMatchObject({ is_minimally_invasive: true });
    expect(o('S6')).toMatchObject({ is_surgery: true, is_minimally_invasive: true, minimally_invasive_rule: '36.07' });
    // PTCA is minimally invasive but a procedure: PERF-04 does not count it
    expect(o('S6', 2)).toMatchObject({ op_code: '00.66', is_surgery: false, is_minimally_invasive: true });
    expect(o('S6', 3)).toMatchObject({ op_code: '88.56', is_minimally_invasive: false });
    expect(o('S7')).toMatchObject({ op_code: '22.63', is_minimally_invasive: true, minimally_invasive_rule: '内镜' });
    expect(o('S8')).toMatchObject({ is_surgery: false, incision_class: 'Ⅰ', incision_healing: '丙', is_class_i_incision: false, is_class_i_infection: false });
    expect(o('S9')).toMatchObject({ record_no: (ROWS_1[SET_1.indexOf(SINGLES.S9!)]!.record_no as string), main_diag_code: 'D34', discharge_method: '5', is_class_i_incision: true, is_class_i_infection: false });
    expect(o('S9')!.discharge_time).toMatch(/^2026-01-20[ T]10:00:00/);
  });

  it('lists, under each binding’s condition, exactly the records the mart counts', async () => {
    for (const drill of DRILLS) {
      const rows = plain(
        await query()(
          `SELECT org_code, CAST(discharge_month AS VARCHAR) AS month_start, count(*) AS n FROM marts.${drill.table} WHERE ${drill.where} GROUP BY org_code, discharge_month`,
        ),
      );
      for (const e of EXPECTED) {
        const got = rows.find((r) => r.org_code === e.org_code && String(r.month_start).startsWith(e.year_month));
        expect(got ? got.n : 0, `${drill.column} ${e.org_code} ${e.year_month}`).toBe(e[drill.column]);
      }
    }
  });
}

/** The checks of data set 2. */
function dataSet2Checks(query: () => Query, build: () => DbtRunResult): void {
  it('takes an eligible group without a death as low risk, and not a group above the log bound', async () => {
    expectBuildPassed(build());
    const groups = plain(await query()('SELECT risk_group_key, is_eligible, is_low_risk, low_risk_bound FROM marts.dim_risk_group ORDER BY risk_group_key'));
    expect(groups.filter((g) => g.is_low_risk).map((g) => g.risk_group_key)).toEqual(['J18|M']);
    expect(groups.find((g) => g.risk_group_key === 'K35|M')).toMatchObject({ is_eligible: false, is_low_risk: false });
    const [q, r] = [Math.log(0.05), Math.log(0.5)];
    const mean = (q + r) / 2;
    const sd = Math.abs(q - r) / Math.SQRT2;
    expect(groups[0]!.low_risk_bound as number).toBeCloseTo(Math.exp(mean - sd), 12);
    const [mart] = plain(await query()('SELECT * FROM marts.mart_hospital_month'));
    expect(pick([mart!], Object.keys(EXPECTED_2))).toEqual([EXPECTED_2]);
  });
}

// ── DuckDB ──────────────────────────────────────────────────────────────────────────────────────
function duckdbQuery(db: DuckDBInstance): Query {
  return async (sql) => {
    const conn = await db.connect();
    try {
      return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      conn.closeSync();
    }
  };
}

describe.skipIf(!hasDbt)('reference-list indicator marts on DuckDB (Parquet in, new marts file out)', () => {
  let work: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-marts-duckdb-'));
  });
  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Builds one data set into its own marts file; the suite's tests read it. */
  function dataSet(name: string, rows: RawRow[], checks: typeof dataSet1Checks): void {
    describe(name, () => {
      let result: DbtRunResult;
      let db: DuckDBInstance;
      beforeAll(async () => {
        const exportDir = path.join(work, name, 'export');
        await writeParquet(path.join(exportDir, 'raw', 'discharge_records', 'part-1.parquet'), rows);
        const martsFile = path.join(work, name, 'marts-test.duckdb');
        const runner = new DbtRunner({ rootDir: root, runsDir: path.join(work, name, 'runs') });
        result = await runner.run({ command: 'build', connection: { target: 'duckdb', databasePath: martsFile, rawParquetDir: exportDir } });
        db = await DuckDBInstance.create(martsFile, { access_mode: 'READ_ONLY' });
      }, 300_000);
      afterAll(() => db?.closeSync());
      checks(() => duckdbQuery(db), () => result);
    });
  }

  dataSet('data set 1', ROWS_1, dataSet1Checks);
  dataSet('data set 2', ROWS_2, dataSet2Checks);
});

// ── ClickHouse ──────────────────────────────────────────────────────────────────────────────────
describe.skipIf(!hasDbt)('reference-list indicator marts on ClickHouse (chdb test engine)', () => {
  let engine: ClickHouseTestEngine;
  let client: ReturnType<typeof createClient>;
  let work: string;

  const query: Query = async (sql) => (await (await client.query({ query: sql, format: 'JSONEachRow' })).json()) as Record<string, unknown>[];

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-marts-clickhouse-'));
    engine = await startClickHouseTestEngine();
    client = createClient({ url: engine.url, username: 'default', password: '', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
    await client.command({ query: clickhouseDialect.createSchemaSql('raw') });
    await client.command({ query: clickhouseDialect.createTableSql({ ...DISCHARGE_TABLE, columns: DISCHARGE_COLUMNS }) });
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await engine?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  /** Loads one data set into raw.discharge_records and rebuilds the marts; suites run in order, so the next one replaces it. */
  function dataSet(name: string, rows: RawRow[], checks: typeof dataSet1Checks): void {
    describe(name, () => {
      let result: DbtRunResult;
      beforeAll(async () => {
        await client.command({ query: 'TRUNCATE TABLE raw.discharge_records' });
        await client.insert({ table: 'raw.discharge_records', values: rows, format: 'JSONEachRow' });
        const url = new URL(engine.url);
        const runner = new DbtRunner({ rootDir: root, runsDir: path.join(work, name) });
        result = await runner.run({ command: 'build', connection: { target: 'clickhouse', host: url.hostname, port: Number(url.port), user: 'default', password: '' } });
      }, 600_000);
      checks(() => query, () => result);
    });
  }

  dataSet('data set 1', ROWS_1, dataSet1Checks);
  dataSet('data set 2', ROWS_2, dataSet2Checks);
});
