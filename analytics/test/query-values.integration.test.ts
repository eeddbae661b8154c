// The query layer on both engines: indicator values by hospital / center / city × month / quarter /
// year from a small hand-made mart, reported indicators with the grain rule, and drill-down pages.
import { ClickHouseClient, DuckDBClient, REPORTED_VALUES_SPEC, reportedCaseKey, reportedValueKey, tableFromRows, type WarehouseClient } from '@qc/warehouse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startClickHouseTestEngine, testEnginePython, type ClickHouseTestEngine } from '../../warehouse/test-engine/start.mjs';
import {
  dischargeBinding,
  dischargeIndicatorFromSums,
  queryDischargeIndicators,
  queryDrill,
  queryIndicatorValues,
  queryMonthlySums,
  queryReportedDrill,
  reportedGrainsFor,
  reportedParts,
} from '../src/index.js';

type Col = [name: string, type: 'text' | 'int' | 'date' | 'ts' | 'bool'];
const TYPES = {
  duckdb: { text: 'VARCHAR', int: 'BIGINT', date: 'DATE', ts: 'TIMESTAMP', bool: 'BOOLEAN' },
  clickhouse: { text: 'String', int: 'Int64', date: 'Date32', ts: "DateTime64(3, 'UTC')", bool: 'Bool' },
} as const;

const MONTH_COLS: Col[] = [
  ['org_code', 'text'], ['month_start', 'date'], ['discharges', 'int'], ['bed_days', 'int'], ['deaths', 'int'],
  ['surgical_patients', 'int'], ['surgical_patient_deaths', 'int'], ['operations', 'int'], ['operations_level_4', 'int'],
];
// H1: Jan 10 discharges, 80 bed days, 1 death; Feb 20, 100, 3; Mar none. H2: Jan 5, 60, 0; Feb 0 rows; Mar 10, 70, 2.
const MONTHS: (string | number)[][] = [
  ['H1', '2026-01-01', 10, 80, 1, 4, 1, 6, 2],
  ['H1', '2026-02-01', 20, 100, 3, 5, 0, 5, 1],
  ['H2', '2026-01-01', 5, 60, 0, 0, 0, 0, 0],
  ['H2', '2026-03-01', 10, 70, 2, 2, 1, 3, 3],
  ['H3', '2026-01-01', 7, 70, 7, 0, 0, 0, 0],
];

const DISCHARGE_COLS: Col[] = [
  ['record_key', 'text'], ['org_code', 'text'], ['record_no', 'text'], ['admission_seq', 'int'], ['discharge_time', 'ts'],
  ['discharge_month', 'date'], ['discharge_dept', 'text'], ['main_diag_code', 'text'], ['main_diag_name', 'text'],
  ['los_days', 'int'], ['discharge_method', 'text'], ['is_death', 'bool'], ['is_surgical', 'bool'],
];
const d = (org: string, no: string, time: string, death: boolean, surgical = false) =>
  [`${org}|${no}|1`, org, no, 1, time, `${time.slice(0, 7)}-01`, '内科', 'J18.9', '肺炎', 5, death ? '5' : '1', death, surgical];
const DISCHARGES = [
  d('H1', 'A3', '2026-01-20 08:00:00', true, true),
  d('H1', 'A1', '2026-01-05 10:00:00', false, true),
  d('H1', 'A2', '2026-01-09 10:00:00', true),
  d('H1', 'B1', '2026-02-03 10:00:00', true),
  d('H2', 'C1', '2026-01-07 10:00:00', true),
];
const OPERATION_COLS: Col[] = [
  ['operation_key', 'text'], ['record_key', 'text'], ['org_code', 'text'], ['op_slot', 'int'], ['op_code', 'text'],
  ['op_name', 'text'], ['op_level', 'int'], ['is_surgery', 'bool'], ['discharge_month', 'date'],
];
const OPERATIONS = [
  ['H1|A1|1|1', 'H1|A1|1', 'H1', 1, '47.01', '阑尾切除', 2, true, '2026-01-01'],
  ['H1|A1|1|2', 'H1|A1|1', 'H1', 2, '99.04', '输血', 0, false, '2026-01-01'],
  ['H1|A3|1|1', 'H1|A3|1', 'H1', 1, '36.10', '冠脉搭桥', 4, true, '2026-01-01'],
];

function literal(v: unknown, engine: 'duckdb' | 'clickhouse'): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  const s = String(v).replace(/'/g, "''");
  return engine === 'clickhouse' && /^\d{4}-\d{2}-\d{2} \d/.test(s) ? `toDateTime64('${s}', 3, 'UTC')` : `'${s}'`;
}

async function createMart(w: WarehouseClient, name: string, cols: Col[], rows: unknown[][]): Promise<void> {
  const types = TYPES[w.engine];
  const q = w.dialect.quoteIdentifier;
  const body = cols.map(([c, t]) => `${q(c)} ${types[t]}`).join(', ');
  await w.exec(w.dialect.createSchemaSql('marts'));
  await w.exec(`CREATE TABLE ${w.martsTable(name)} (${body})${w.engine === 'clickhouse' ? ' ENGINE = MergeTree ORDER BY tuple()' : ''}`);
  await w.exec(`INSERT INTO ${w.martsTable(name)} VALUES ${rows.map((r) => `(${r.map((v) => literal(v, w.engine)).join(', ')})`).join(', ')}`);
}

async function loadData(w: WarehouseClient): Promise<void> {
  await createMart(w, 'mart_hospital_month', MONTH_COLS, MONTHS);
  await createMart(w, 'fct_discharge', DISCHARGE_COLS, DISCHARGES);
  await createMart(w, 'fct_operation', OPERATION_COLS, OPERATIONS);
  await w.ensureTable(REPORTED_VALUES_SPEC);
  const rv = (org: string, grain: string, start: string, end: string, element: string, value: number | null, submission = 1, caseNo?: number) => ({
    value_key: caseNo ? reportedCaseKey(org, grain, start, element, caseNo) : reportedValueKey(org, grain, start, element),
    org_code: org,
    period_grain: grain,
    period_start: start,
    period_end: end,
    element_code: element,
    value,
    form_code: element.startsWith('MRQ-04') ? 'F2' : 'F1',
    submission_id: submission,
    approved_at: '2026-04-01 10:00:00',
    _loaded_at: '2026-04-01 10:00:00',
  });
  await w.loadArrow(
    REPORTED_VALUES_SPEC,
    tableFromRows(REPORTED_VALUES_SPEC, [
      // monthly: H1 Jan 45/50, Feb 40/50; H2 Jan 9/10
      rv('H1', 'month', '2026-01-01', '2026-01-31', 'MRQ-01:numerator', 45, 11),
      rv('H1', 'month', '2026-01-01', '2026-01-31', 'MRQ-01:denominator', 50, 11),
      rv('H1', 'month', '2026-02-01', '2026-02-28', 'MRQ-01:numerator', 40, 12),
      rv('H1', 'month', '2026-02-01', '2026-02-28', 'MRQ-01:denominator', 50, 12),
      rv('H2', 'month', '2026-01-01', '2026-01-31', 'MRQ-01:numerator', 9, 21),
      rv('H2', 'month', '2026-01-01', '2026-01-31', 'MRQ-01:denominator', 10, 21),
      // H3 reports per quarter: never in a month cell, only in quarter and year cells
      rv('H3', 'quarter', '2026-01-01', '2026-03-31', 'MRQ-01:numerator', 30, 31),
      rv('H3', 'quarter', '2026-01-01', '2026-03-31', 'MRQ-01:denominator', 40, 31),
      // another indicator's element of the same hospital and month: never in MRQ-01's drill
      rv('H1', 'month', '2026-01-01', '2026-01-31', 'MRQ-04:numerator', 7, 13),
      // a yearly report with its numerator left empty: listed in the year cell (value null), adds nothing
      rv('H2', 'year', '2026-01-01', '2026-12-31', 'MRQ-01:numerator', null, 22),
      // cases of a median indicator (逐例数值): H1 Jan 1, 2, 3, 10 and a case 5 emptied by a shorter later list; H2 Jan 4, 5, 6
      ...[1, 2, 3, 10, null].map((v, i) => rv('H1', 'month', '2026-01-01', '2026-01-31', 'EM-03:durations', v, 14, i + 1)),
      ...[4, 5, 6].map((v, i) => rv('H2', 'month', '2026-01-01', '2026-01-31', 'EM-03:durations', v, 23, i + 1)),
      // eleven cases whose values are their case numbers: the drill lists them as numbered, #10 after #9
      ...Array.from({ length: 11 }, (_, i) => rv('H9', 'month', '2026-01-01', '2026-01-31', 'EM-03:durations', i + 1, 91, i + 1)),
    ]),
  );
}

const RATE = 'numerator / denominator * 100';

function suite(client: () => WarehouseClient) {
  const cells = (orgs: { org: string; hospitals: string[] }[], code: string, grain: 'month' | 'quarter' | 'year', formula = RATE) =>
    queryIndicatorValues(client(), { indicator: { code, formula }, orgs, from: '2026-01', to: '2026-03', grain });

  test('HQ-02 per hospital and month: deaths / discharges × 100; a month without discharges is 0 of 0, value null', async () => {
    const rows = await cells([{ org: 'H1', hospitals: ['H1'] }, { org: 'H2', hospitals: ['H2'] }], 'HQ-02', 'month');
    expect(rows).toEqual([
      { org: 'H1', period: '2026-01', numerator: 1, denominator: 10, value: 10 }, // 1/10 × 100
      { org: 'H1', period: '2026-02', numerator: 3, denominator: 20, value: 15 }, // 3/20 × 100
      { org: 'H1', period: '2026-03', numerator: 0, denominator: 0, value: null },
      { org: 'H2', period: '2026-01', numerator: 0, denominator: 5, value: 0 },
      { org: 'H2', period: '2026-02', numerator: 0, denominator: 0, value: null },
      { org: 'H2', period: '2026-03', numerator: 2, denominator: 10, value: 20 }, // 2/10 × 100
    ]);
  });

  test('one pass over the mart gives every discharge-bound indicator the same numbers as one query each', async () => {
    const orgs = [{ org: 'C', hospitals: ['H1', 'H2'] }, { org: 'H1', hospitals: ['H1'] }, { org: 'H2', hospitals: ['H2'] }];
    const indicators = [
      { code: 'HQ-01', formula: 'numerator / denominator' },
      { code: 'HQ-02', formula: RATE },
      { code: 'HQ-05', formula: RATE },
    ];
    for (const grain of ['month', 'quarter'] as const) {
      const batch = await queryDischargeIndicators(client(), { indicators, orgs, from: '2026-01', to: '2026-03', grain });
      for (const ind of indicators) expect(batch.get(ind.code), `${ind.code} ${grain}`).toEqual(await cells(orgs, ind.code, grain, ind.formula));
    }
    await expect(queryDischargeIndicators(client(), { indicators: [{ code: 'MRQ-01', formula: RATE }], orgs, from: '2026-01', to: '2026-03', grain: 'month' })).rejects.toThrow(/不是病案首页指标/);
  });

  test('a center or the city adds numerators and denominators, never averages rates; quarter cells cover their months', async () => {
    const rows = await cells([{ org: 'C', hospitals: ['H1', 'H2'] }, { org: 'H1', hospitals: ['H1'] }], 'HQ-02', 'quarter');
    // C 2026Q1: (1 + 3 + 0 + 2) / (10 + 20 + 5 + 10) = 6/45 = 13.33 % (the mean of the four monthly rates would be 11.25)
    expect(rows[0]).toMatchObject({ org: 'C', period: '2026Q1', numerator: 6, denominator: 45 });
    expect(rows[0]!.value).toBeCloseTo((6 / 45) * 100, 10);
    expect(rows[1]).toMatchObject({ org: 'H1', period: '2026Q1', numerator: 4, denominator: 30 });
    const year = await queryIndicatorValues(client(), { indicator: { code: 'HQ-01', formula: 'numerator / denominator' }, orgs: [{ org: 'C', hospitals: ['H1', 'H2'] }], from: '2026-02', to: '2026-02', grain: 'year' });
    // a year cell asked from one month still covers the year: (80 + 100 + 60 + 70) / (10 + 20 + 5 + 10) = 310/45 days
    expect(year).toEqual([{ org: 'C', period: '2026', numerator: 310, denominator: 45, value: 310 / 45 }]);
  });

  test('PERF-05 and HQ-05 use their own columns; the SQL path and the in-memory path agree', async () => {
    const rows = await cells([{ org: 'H1', hospitals: ['H1'] }], 'PERF-05', 'quarter');
    expect(rows).toEqual([{ org: 'H1', period: '2026Q1', numerator: 3, denominator: 11, value: (3 / 11) * 100 }]);
    const sums = await queryMonthlySums(client(), { hospitals: ['H1'], fromMonth: '2026-01-01', toMonth: '2026-03-01', columns: ['operations', 'operations_level_4', 'surgical_patients', 'surgical_patient_deaths'] });
    expect(sums.map((s) => s.month)).toEqual(['2026-01', '2026-02']);
    const total = { operations: 11, operations_level_4: 3, surgical_patients: 9, surgical_patient_deaths: 1 };
    expect(sums.reduce((a, s) => a + s.sums.operations!, 0)).toBe(total.operations);
    expect(dischargeIndicatorFromSums('PERF-05', RATE, total).value).toBeCloseTo(rows[0]!.value!, 10);
    const hq05 = await cells([{ org: 'H1', hospitals: ['H1'] }], 'HQ-05', 'quarter');
    expect(hq05[0]).toMatchObject({ numerator: 1, denominator: 9 }); // 1 surgical death of 4 + 5 surgical patients
  });

  test('reported indicators: a quarterly report counts only in quarter and year cells; unreported cells are null', async () => {
    const month = await cells([{ org: 'C', hospitals: ['H1', 'H2', 'H3'] }], 'MRQ-01', 'month');
    // Jan: (45 + 9) / (50 + 10) = 90 %; H3's quarterly 30/40 does not enter a month
    expect(month[0]).toEqual({ org: 'C', period: '2026-01', numerator: 54, denominator: 60, value: 90 });
    expect(month[1]).toEqual({ org: 'C', period: '2026-02', numerator: 40, denominator: 50, value: 80 });
    expect(month[2]).toEqual({ org: 'C', period: '2026-03', numerator: null, denominator: null, value: null });
    const quarter = await cells([{ org: 'C', hospitals: ['H1', 'H2', 'H3'] }], 'MRQ-01', 'quarter');
    // Q1: (45 + 40 + 9 + 30) / (50 + 50 + 10 + 40) = 124/150
    expect(quarter).toEqual([{ org: 'C', period: '2026Q1', numerator: 124, denominator: 150, value: (124 / 150) * 100 }]);
  });

  test('median and percentile indicators over reported cases: n as denominator, cases pooled over the hospitals of a row', async () => {
    const median = await cells([{ org: 'H1', hospitals: ['H1'] }, { org: 'C', hospitals: ['H1', 'H2'] }], 'EM-03', 'month', 'median(durations)');
    // H1: 1, 2, 3, 10 → 2.5 (the emptied case 5 is no case); C: 1, 2, 3, 4, 5, 6, 10 → 4
    expect(median.filter((r) => r.period === '2026-01')).toEqual([
      { org: 'H1', period: '2026-01', numerator: null, denominator: 4, value: 2.5 },
      { org: 'C', period: '2026-01', numerator: null, denominator: 7, value: 4 },
    ]);
    expect(median.find((r) => r.org === 'C' && r.period === '2026-02')).toEqual({ org: 'C', period: '2026-02', numerator: null, denominator: null, value: null });
    // R-7 P90 of the 7 cases: rank 1 + 0.9 × 6 = 6.4 → 6 + 0.4 × (10 − 6) = 7.6
    // (the same cases read through a percentile formula, as LAB-12's)
    const p90 = await cells([{ org: 'C', hospitals: ['H1', 'H2'] }], 'EM-03', 'quarter', 'percentile(durations, 90)');
    expect(p90[0]!.denominator).toBe(7);
    expect(p90[0]!.value).toBeCloseTo(7.6, 10);
    // the n drills to the cases, without the emptied one
    const drill = await queryReportedDrill(client(), { code: 'EM-03', hospitals: ['H1', 'H2'], from: '2026-01-01', to: '2026-01-31', grains: ['month'], part: 'durations', page: 1, pageSize: 50 });
    expect(drill.total).toBe(7);
    expect(drill.items.map((i) => i.value).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 10]);
    const numbered = await queryReportedDrill(client(), { code: 'EM-03', hospitals: ['H9'], from: '2026-01-01', to: '2026-01-31', grains: ['month'], part: 'durations', page: 1, pageSize: 50 });
    expect(numbered.items.map((i) => i.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test('drill: the deaths of H1 in January, by discharge time, paged; operations carry their discharge', async () => {
    const deaths = dischargeBinding('HQ-02')!.drill.numerator;
    const first = await queryDrill(client(), { records: deaths, hospitals: ['H1'], fromMonth: '2026-01-01', toMonth: '2026-01-01', page: 1, pageSize: 1 });
    expect(first.total).toBe(2);
    expect(first.items.map((i) => i.recordNo)).toEqual(['A2']);
    expect(first.items[0]).toMatchObject({ recordKey: 'H1|A2|1', orgCode: 'H1', admissionSeq: 1, dischargeMethod: '5', losDays: 5, mainDiagCode: 'J18.9' });
    expect(first.items[0]!.dischargeTime).toMatch(/^2026-01-09T10:00:00/);
    const second = await queryDrill(client(), { records: deaths, hospitals: ['H1'], fromMonth: '2026-01-01', toMonth: '2026-01-01', page: 2, pageSize: 1 });
    expect(second.items.map((i) => i.recordNo)).toEqual(['A3']);
    const level4 = await queryDrill(client(), { records: dischargeBinding('PERF-05')!.drill.numerator, hospitals: ['H1', 'H2'], fromMonth: '2026-01-01', toMonth: '2026-03-01', page: 1, pageSize: 50 });
    expect(level4).toEqual({ total: 1, items: [expect.objectContaining({ recordNo: 'A3', opCode: '36.10', opLevel: 4, dischargeMethod: '5' })] });
    const surgeries = await queryDrill(client(), { records: dischargeBinding('PERF-03')!.drill.numerator, hospitals: ['H1'], fromMonth: '2026-01-01', toMonth: '2026-01-01', page: 1, pageSize: 50 });
    // the 输血 slot has no level: not a 手术
    expect(surgeries.items.map((i) => [i.recordNo, i.opCode])).toEqual([['A1', '47.01'], ['A3', '36.10']]);
    expect(await queryDrill(client(), { records: deaths, hospitals: [], fromMonth: '2026-01-01', toMonth: '2026-01-01', page: 1, pageSize: 5 })).toEqual({ total: 0, items: [] });
  });

  test('reported drill: the approved values a cell adds up, with the grain rule, by hospital and period, paged', async () => {
    const drill = (grain: 'month' | 'quarter' | 'year', from: string, to: string, part: string, hospitals = ['H1', 'H2', 'H3'], page = 1, pageSize = 50) =>
      queryReportedDrill(client(), { code: 'MRQ-01', hospitals, from, to, grains: reportedGrainsFor(grain), part, page, pageSize });
    // the month cell C 2026-01 (numerator 54): H1's 45 and H2's 9; H3's quarterly value and MRQ-04 stay out
    const jan = await drill('month', '2026-01-01', '2026-01-31', 'numerator');
    expect(jan.total).toBe(2);
    expect(jan.items).toEqual([
      { orgCode: 'H1', period: '2026-01', periodGrain: 'month', elementCode: 'MRQ-01:numerator', value: 45, formCode: 'F1', submissionId: 11, approvedAt: expect.stringMatching(/^2026-04-01T10:00:00/) },
      { orgCode: 'H2', period: '2026-01', periodGrain: 'month', elementCode: 'MRQ-01:numerator', value: 9, formCode: 'F1', submissionId: 21, approvedAt: expect.stringMatching(/^2026-04-01T10:00:00/) },
    ]);
    expect(jan.items.reduce((a, i) => a + (i.value ?? 0), 0)).toBe(54);
    // the quarter cell's denominator (150): the monthly values and H3's quarterly one, ordered by hospital then period
    const q1 = await drill('quarter', '2026-01-01', '2026-03-31', 'denominator');
    expect(q1.items.map((i) => [i.orgCode, i.period, i.value, i.submissionId])).toEqual([
      ['H1', '2026-01', 50, 11],
      ['H1', '2026-02', 50, 12],
      ['H2', '2026-01', 10, 21],
      ['H3', '2026Q1', 40, 31],
    ]);
    expect(q1.items.reduce((a, i) => a + (i.value ?? 0), 0)).toBe(150);
    // paging keeps the order; only the asked hospitals
    const second = await drill('quarter', '2026-01-01', '2026-03-31', 'denominator', ['H1', 'H2', 'H3'], 2, 3);
    expect(second).toEqual({ total: 4, items: [expect.objectContaining({ orgCode: 'H3', period: '2026Q1' })] });
    expect((await drill('quarter', '2026-01-01', '2026-03-31', 'numerator', ['H2'])).items.map((i) => i.value)).toEqual([9]);
    // the year cell also takes yearly reports; an empty field is listed with a null value
    const year = await drill('year', '2026-01-01', '2026-12-31', 'numerator', ['H2']);
    expect(year.items.map((i) => [i.period, i.periodGrain, i.value])).toEqual([['2026-01', 'month', 9], ['2026', 'year', null]]);
    // the numbers match the values query of the same cell
    const [cell] = await cells([{ org: 'C', hospitals: ['H1', 'H2', 'H3'] }], 'MRQ-01', 'quarter');
    expect(cell!.denominator).toBe(150);
    expect(await drill('month', '2026-03-01', '2026-03-31', 'numerator')).toEqual({ total: 0, items: [] });
    expect(await drill('month', '2026-01-01', '2026-01-31', 'numerator', [])).toEqual({ total: 0, items: [] });
  });
}

test('reportedParts: a rate adds its numerator and denominator; a median over cases counts them', () => {
  expect(reportedParts(RATE)).toEqual({ numerator: 'numerator', denominator: 'denominator', countsCases: false });
  expect(reportedParts('median(durations)')).toEqual({ numerator: null, denominator: 'durations', countsCases: true });
  expect(reportedParts('percentile(durations, 90)')).toEqual({ numerator: null, denominator: 'durations', countsCases: true });
});

describe('query layer on DuckDB', () => {
  let w: DuckDBClient;
  beforeAll(async () => {
    w = await DuckDBClient.open({ path: ':memory:' });
    await loadData(w);
  });
  afterAll(async () => {
    await w?.close();
  });
  suite(() => w);
});

const python = testEnginePython();
describe.skipIf(!python)('query layer on the ClickHouse engine', () => {
  let engine: ClickHouseTestEngine;
  let w: ClickHouseClient;
  beforeAll(async () => {
    engine = await startClickHouseTestEngine();
    w = new ClickHouseClient({ url: engine.url });
    await loadData(w);
  });
  afterAll(async () => {
    await w?.close();
    await engine?.stop();
  });
  suite(() => w);
});
