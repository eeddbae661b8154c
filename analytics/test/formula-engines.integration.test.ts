// Acceptance of issue 5's formula engine: one formula gives the same numbers on DuckDB, on the
// ClickHouse engine (chdb over HTTP) and in memory; a formula with an unknown name, a cycle or a
// syntax error is refused with its position.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClickHouseClient, DuckDBClient, type WarehouseClient } from '@qc/warehouse';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startClickHouseTestEngine, testEnginePython, type ClickHouseTestEngine } from '../../warehouse/test-engine/start.mjs';
import { checkFormula, compileFormulaSql, evaluateFormula, parseFormula, type Expr, type FormulaContext, type FormulaEnv } from '../src/index.js';

type Value = number | null;
interface Row {
  grp: string;
  deaths: Value;
  discharges: number;
  los: Value;
  score: Value;
  half: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Ties for ROUND (2.5, -2.5, 0.125 are exact in binary; 2.675 is not), where engines' own round() differ.
const HALVES = [2.5, -2.5, 0.125, -0.375, 2.675, 1.005, 0.5, -0.5, 1234.5, 7.25];

/** Groups × rows, each group exercising something: zero denominators, all-NULL scores, one row, NULL stays. */
function buildRows(): Row[] {
  const rnd = random(20261127);
  const rows: Row[] = [];
  const add = (grp: string, n: number, f: (i: number) => Partial<Row>) => {
    for (let i = 0; i < n; i++) {
      rows.push({
        grp,
        deaths: Math.floor(rnd() * 4),
        discharges: 20 + Math.floor(rnd() * 80),
        los: Math.round(rnd() * 300) / 10,
        score: Math.round(rnd() * 1000) / 10,
        half: HALVES[(i + grp.length) % HALVES.length]!,
        ...f(i),
      });
    }
  };
  add('G1-normal', 12, () => ({}));
  add('G2-zero-denominator', 5, () => ({ discharges: 0 }));
  add('G3-no-scores', 7, () => ({ score: null }));
  add('G4-one-row', 1, () => ({ deaths: 3, discharges: 40, los: 8.5, score: 61 }));
  add('G5-some-nulls', 15, (i) => ({ los: i % 3 === 0 ? null : Math.round(rnd() * 200) / 10, deaths: i % 4 === 0 ? null : 1 }));
  add('G6-many', 60, () => ({}));
  // R-7 check by hand: los 1,2,3,4,10 → P90 = 3 + … = 4 + 0.6 × 6 = 7.6, P25 = 2, median 3
  add('G7-quantiles', 5, (i) => ({ los: [10, 1, 4, 2, 3][i]!, deaths: 0, score: null }));
  return rows;
}

// Names of the formulas → columns; Chinese aliases as users name form fields.
const ELEMENTS: Record<string, { column: keyof Row; unit: string | null }> = {
  deaths: { column: 'deaths', unit: '人次' },
  discharges: { column: 'discharges', unit: '人次' },
  los: { column: 'los', unit: '天' },
  score: { column: 'score', unit: '分' },
  half: { column: 'half', unit: null },
  死亡人数: { column: 'deaths', unit: '人次' },
  出院人数: { column: 'discharges', unit: '人次' },
  住院天数: { column: 'los', unit: '天' },
};

const INDICATORS: Record<string, { formula: string; unit: string | null }> = {
  'R-DEATH': { formula: 'deaths / discharges * 100', unit: '%' },
  'R-LOS': { formula: 'AVG(los)', unit: '天' },
  'R-MIX': { formula: '[R-DEATH] * 2 + deaths / discharges', unit: '%' },
  'R-TOP': { formula: 'IF([R-MIX] > 5, [R-MIX] - [R-DEATH], [R-DEATH] / 10)', unit: null },
  'R-CYC-A': { formula: '[R-CYC-B] + 1', unit: null },
  'R-CYC-B': { formula: '[R-CYC-A] * 2', unit: null },
};

const env: FormulaEnv = {
  resolve: (name) =>
    ELEMENTS[name] ? { kind: 'element', unit: ELEMENTS[name].unit } : INDICATORS[name] ? { kind: 'indicator', unit: INDICATORS[name].unit } : undefined,
  indicatorFormula: (code) => INDICATORS[code]?.formula,
};

const indicatorAst = (code: string): Expr | undefined => {
  const formula = INDICATORS[code]?.formula;
  return formula === undefined ? undefined : parseFormula(formula).ast!;
};

interface Case {
  formula: string;
  /** Values this formula must have in some groups, on every back end (beyond agreeing). */
  expect?: Record<string, number | null>;
}

const CASES: Case[] = [
  { formula: 'deaths / discharges * 100', expect: { 'G2-zero-denominator': null, 'G4-one-row': 7.5 } },
  { formula: '(deaths + 1) / (discharges - deaths) * 1000' },
  { formula: '[死亡人数] / 出院人数 * 100', expect: { 'G4-one-row': 7.5 } },
  { formula: 'IF(deaths > 2, deaths / discharges * 100, -1)', expect: { 'G7-quantiles': -1 } },
  { formula: 'IF(score > 10, 1, 2)', expect: { 'G3-no-scores': 2, 'G4-one-row': 1 } },
  { formula: 'deaths / (discharges - discharges)', expect: { 'G1-normal': null, 'G6-many': null } },
  { formula: '-deaths / -discharges + 1 - - 1' },
  { formula: 'MEDIAN(los)', expect: { 'G7-quantiles': 3, 'G4-one-row': 8.5 } },
  { formula: 'PERCENTILE(los, 90)', expect: { 'G7-quantiles': 7.6 } },
  { formula: 'PERCENTILE(los, 25)', expect: { 'G7-quantiles': 2 } },
  { formula: 'PERCENTILE(los, 0) + PERCENTILE(los, 100)', expect: { 'G7-quantiles': 11 } },
  { formula: 'PERCENTILE(los * 24, 33.3)' },
  { formula: 'percentile(score, 12.5)', expect: { 'G3-no-scores': null } },
  { formula: 'AVG(los)', expect: { 'G7-quantiles': 4 } },
  { formula: 'SUM(los * 2) / COUNT(los)' },
  { formula: 'MIN(los) + MAX(los)' },
  { formula: 'COUNT(score)', expect: { 'G3-no-scores': 0, 'G4-one-row': 1 } },
  { formula: 'SUM(score)', expect: { 'G3-no-scores': null } },
  { formula: 'AVG(score) - MIN(score)', expect: { 'G3-no-scores': null } },
  { formula: 'SUM(IF(los > 10, 1, 0)) / COUNT(los) * 100' },
  { formula: 'SUM(IF(los > 10 AND score >= 50, los, 0))' },
  { formula: 'SUM("住院天数") / COUNT(住院天数)' },
  { formula: '[R-MIX]' },
  { formula: '[R-TOP] / 3 + [R-LOS]' },
  { formula: 'COALESCE(score, 0) + 1', expect: { 'G3-no-scores': 1 } },
  { formula: 'score + 1', expect: { 'G3-no-scores': null } },
  { formula: 'deaths <= discharges AND NOT (score > 5000)', expect: { 'G3-no-scores': null, 'G4-one-row': 1 } },
  { formula: 'score > 5000 OR deaths >= 0', expect: { 'G3-no-scores': 1 } },
  { formula: 'score > 5000 AND deaths >= 0', expect: { 'G3-no-scores': null } },
  { formula: 'score <> score OR NOT (deaths = deaths)', expect: { 'G3-no-scores': null, 'G1-normal': 0 } },
  { formula: 'IF(score > 0, deaths, discharges)' },
  { formula: 'ROUND(deaths / discharges * 100, 2)' },
  { formula: 'SUM(ROUND(half, 2))' },
  { formula: 'SUM(ROUND(half))' },
  { formula: 'ROUND(SUM(half), -1) + ROUND(-2.5) * 1000 + ROUND(0.125, 2)' },
  { formula: 'MAX(ROUND(half * 1000, -2))' },
  { formula: 'MAX(deaths, discharges / 10)' },
  { formula: 'MIN(score, 30, score / 2)', expect: { 'G3-no-scores': 30 } },
  { formula: 'ABS(score - 5000) / 7' },
];

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Booleans as 1/0 (ClickHouse's booleans are UInt8), so that the three back ends compare. */
function plain(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

function expectSameValues(actual: Record<string, number | null>, wanted: Record<string, number | null>, label: string): void {
  expect(Object.keys(actual).sort(), label).toEqual(Object.keys(wanted).sort());
  for (const [grp, w] of Object.entries(wanted)) {
    const a = actual[grp] ?? null;
    if (w === null || a === null) expect(a, `${label} ${grp}`).toBe(w);
    else expect(close(a, w), `${label} ${grp}: ${a} vs ${w}`).toBe(true);
  }
}

const rows = buildRows();
const groups = [...new Set(rows.map((r) => r.grp))].sort();

/** The in-memory value of a formula per group: an element is the group's SUM outside aggregates, its rows inside. */
function memoryValues(ast: Expr): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const grp of groups) {
    const mine = rows.filter((r) => r.grp === grp);
    const column = (name: string) => mine.map((r) => r[ELEMENTS[name]!.column] as Value);
    const ctx: FormulaContext = {
      element: (name: string, inAggregate: boolean) => {
        const values = column(name);
        if (inAggregate) return values;
        const present = values.filter((v): v is number => v !== null);
        return present.length ? present.reduce((a, b) => a + b, 0) : null;
      },
      indicator: (code: string): number | null | undefined => {
        const inner = indicatorAst(code);
        return inner ? plain(evaluateFormula(inner, ctx)) : undefined;
      },
    };
    out[grp] = plain(evaluateFormula(ast, ctx));
  }
  return out;
}

async function engineValues(client: WarehouseClient, table: string, ast: Expr): Promise<Record<string, number | null>> {
  const sql = compileFormulaSql(ast, {
    dialect: client.engine,
    element: (name, inAggregate) => {
      const column = `t.${ELEMENTS[name]!.column}`;
      return inAggregate ? column : `sum(${column})`;
    },
    indicator: indicatorAst,
  });
  const result = await client.query<{ grp: string; v: unknown }>(`SELECT grp, ${sql} AS v FROM ${table} AS t GROUP BY grp ORDER BY grp`);
  return Object.fromEntries(result.map((r) => [r.grp, plain(r.v)]));
}

const sqlValue = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
const insertSql = (table: string) =>
  `INSERT INTO ${table} (grp, deaths, discharges, los, score, half) VALUES ` +
  rows.map((r) => `(${[r.grp, r.deaths, r.discharges, r.los, r.score, r.half].map(sqlValue).join(', ')})`).join(', ');

const memory = new Map<string, Record<string, number | null>>();
for (const c of CASES) {
  const { ast } = parseFormula(c.formula);
  if (ast) memory.set(c.formula, memoryValues(ast));
}

describe('formula table: checked, and in memory as expected', () => {
  test.each(CASES)('$formula', (c) => {
    const check = checkFormula(c.formula, env);
    expect(check.issues).toEqual([]);
    const values = memory.get(c.formula)!;
    for (const [grp, wanted] of Object.entries(c.expect ?? {})) {
      if (wanted === null) expect(values[grp], grp).toBeNull();
      else expect(close(values[grp]!, wanted), `${grp}: ${values[grp]} vs ${wanted}`).toBe(true);
    }
    // a formula whose every value is NULL would agree everywhere without showing anything
    if (!c.formula.includes('discharges - discharges')) expect(Object.values(values).some((v) => v !== null)).toBe(true);
  });
});

describe('DuckDB gives the in-memory numbers', () => {
  let dir: string;
  let client: DuckDBClient;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qc-formula-duckdb-'));
    client = await DuckDBClient.open({ path: path.join(dir, 'warehouse.duckdb') });
    await client.exec('CREATE TABLE formula_rows (grp VARCHAR, deaths BIGINT, discharges BIGINT, los DOUBLE, score DOUBLE, half DOUBLE)');
    await client.exec(insertSql('formula_rows'));
  });
  afterAll(async () => {
    await client?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test.each(CASES)('$formula', async (c) => {
    const values = await engineValues(client, 'formula_rows', parseFormula(c.formula).ast!);
    expectSameValues(values, memory.get(c.formula)!, `DuckDB ${c.formula}`);
  });
});

const python = testEnginePython();
if (!python) console.warn('SKIPPED ClickHouse part of the formula test: .venv/bin/python is missing (npm install creates it with chdb-core)');

describe.skipIf(!python)('the ClickHouse engine gives the in-memory numbers', () => {
  let engine: ClickHouseTestEngine;
  let client: ClickHouseClient;
  beforeAll(async () => {
    engine = await startClickHouseTestEngine();
    client = new ClickHouseClient({ url: engine.url });
    await client.exec(
      'CREATE TABLE default.formula_rows (grp String, deaths Nullable(Int64), discharges Int64, los Nullable(Float64), score Nullable(Float64), half Float64) ENGINE = MergeTree ORDER BY grp',
    );
    await client.exec(insertSql('default.formula_rows'));
  });
  afterAll(async () => {
    await client?.close();
    await engine?.stop();
  });

  test.each(CASES)('$formula', async (c) => {
    const values = await engineValues(client, 'default.formula_rows', parseFormula(c.formula).ast!);
    expectSameValues(values, memory.get(c.formula)!, `ClickHouse ${c.formula}`);
  });

  test("the engine's own round() would not do: ClickHouse rounds float ties to even", async () => {
    // why ROUND compiles to sign/floor: if this ever changes, the explicit formula is still right
    expect(await client.query('SELECT round(2.5) AS a, round(0.125, 2) AS b')).toEqual([{ a: 2, b: 0.12 }]);
  });
});

describe('refused with its position', () => {
  test('an unknown name', () => {
    const { issues, ast } = checkFormula('deaths / dischrges * 100', env);
    expect(ast).not.toBeNull();
    expect(issues).toEqual([
      { code: 'unknown_name', message: '第1行第10列：未知的名称“dischrges”', offset: 9, line: 1, column: 10, length: 9 },
    ]);
  });

  test('a cycle through indicator references, with its path', () => {
    const { issues } = checkFormula('deaths +\n  [R-CYC-B]', { ...env, self: 'R-CYC-A' });
    expect(issues).toEqual([{ code: 'cycle', message: '第2行第3列：循环引用：R-CYC-A → R-CYC-B → R-CYC-A', offset: 11, line: 2, column: 3, length: 9 }]);
    // and the SQL compiler refuses to loop
    expect(() => compileFormulaSql(parseFormula('[R-CYC-A]').ast!, { dialect: 'duckdb', element: (n) => n, indicator: indicatorAst })).toThrow(
      '循环引用：R-CYC-A → R-CYC-B → R-CYC-A',
    );
  });

  test('a syntax error', () => {
    const { issues, ast } = checkFormula('SUM(los * (2 + deaths)', env);
    expect(ast).toBeNull();
    expect(issues).toEqual([{ code: 'syntax', message: '第1行第4列：函数“SUM”的括号“(”没有闭合，请补上“)”', offset: 3, line: 1, column: 4, length: 1 }]);
  });
});
