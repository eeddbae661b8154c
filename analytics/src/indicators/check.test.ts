import { describe, expect, test } from 'vitest';
import { checkFormula, type FormulaEnv } from './check.js';
import { evaluateFormula } from './evaluate.js';
import { compileFormulaSql } from './sql.js';

const ELEMENTS: Record<string, string | null> = {
  numerator: '人次',
  denominator: '人次',
  deaths: '人次',
  discharges: '人次',
  los: '天',
  beds: '床',
  score: null,
  死亡人数: '人次',
  'MRQ-01:numerator': '份',
};

// A → B → C → A is a loop through three formulas; D refers to itself; E is plain.
const FORMULAS: Record<string, string> = {
  A: '[B] + 1',
  B: '[C] * 2',
  C: '[A] / 3',
  D: '[D] + 1',
  E: 'deaths / discharges * 100',
  F: '[E] - [D]',
};
const UNITS: Record<string, string | null> = { A: null, B: null, C: null, D: null, E: '%', F: '%' };

const env: FormulaEnv = {
  resolve: (name) =>
    name in ELEMENTS ? { kind: 'element', unit: ELEMENTS[name] } : name in FORMULAS ? { kind: 'indicator', unit: UNITS[name] } : undefined,
  indicatorFormula: (code) => FORMULAS[code],
};

const issues = (source: string, e: FormulaEnv = env) => checkFormula(source, e).issues;

describe('a valid formula', () => {
  test('gives its references, unit and type', () => {
    expect(checkFormula('numerator / denominator * 100', env)).toMatchObject({
      issues: [],
      references: { elements: ['numerator', 'denominator'], indicators: [] },
      unit: null,
      type: 'number',
    });
    expect(checkFormula('[E] * 2 + [MRQ-01:numerator] / [MRQ-01:numerator] * deaths / discharges', env)).toMatchObject({
      issues: [],
      references: { elements: ['MRQ-01:numerator', 'deaths', 'discharges'], indicators: ['E'] },
      unit: '%',
    });
    expect(checkFormula('deaths <= discharges AND score >= 0', env)).toMatchObject({ issues: [], type: 'boolean', unit: null });
  });

  test('units combine through * and / and survive +, -, aggregates', () => {
    expect(checkFormula('SUM(los) / discharges', env).unit).toBe('天/人次');
    expect(checkFormula('los * beds / beds + los', env).unit).toBe('天');
    expect(checkFormula('1 / beds', env).unit).toBe('1/床');
    expect(checkFormula('los * los', env).unit).toBe('天^2');
    expect(checkFormula('MEDIAN(los) + PERCENTILE(los, 90) - AVG(los)', env).unit).toBe('天');
    expect(checkFormula('COUNT(los)', env).unit).toBeNull();
    expect(checkFormula('los + 1', env).unit).toBe('天');
    expect(checkFormula('[E] / 100', env).unit).toBe('%');
  });
});

describe('each kind of issue, with its position', () => {
  test('unknown name', () => {
    expect(issues('deaths / deth * 100')).toEqual([
      { code: 'unknown_name', message: '第1行第10列：未知的名称“deth”', offset: 9, line: 1, column: 10, length: 4 },
    ]);
    expect(issues('[HQ-99] + 1')[0]).toMatchObject({ code: 'unknown_name', message: '第1行第1列：未知的名称“HQ-99”', length: 7 });
    // a function name without its parentheses
    expect(issues('sum + 1')[0]!.message).toBe('第1行第1列：未知的名称“sum”：调用函数请写作 SUM(x)');
  });

  test('unknown function', () => {
    expect(issues('1 + LOG(deaths)')).toEqual([
      {
        code: 'unknown_name',
        message: '第1行第5列：未知的函数“LOG”，可用的函数：IF、SUM、AVG、COUNT、MEDIAN、MIN、MAX、PERCENTILE、ABS、ROUND、COALESCE',
        offset: 4,
        line: 1,
        column: 5,
        length: 3,
      },
    ]);
  });

  test('cycle: the reference that closes it, with the path', () => {
    // checking A's own formula (self): A → B → C → A
    expect(issues('deaths + [B]', { ...env, self: 'A' })).toEqual([
      { code: 'cycle', message: '第1行第10列：循环引用：A → B → C → A', offset: 9, line: 1, column: 10, length: 3 },
    ]);
    // a new formula for E that refers to itself
    expect(issues('[E] + 1', { ...env, self: 'E' })[0]!.message).toBe('第1行第1列：循环引用：E → E');
    // a loop further down, not through the checked formula: reported at the reference that leads into it
    expect(issues('[E] + [F]', { ...env, self: 'G' })).toEqual([
      { code: 'cycle', message: '第1行第7列：循环引用：D → D', offset: 6, line: 1, column: 7, length: 3 },
    ]);
    expect(issues('[E] * 2', { ...env, self: 'G' })).toEqual([]);
  });

  test('literal zero divisor, also when it folds to zero', () => {
    expect(issues('deaths / 0')).toEqual([
      { code: 'division_by_zero', message: '第1行第10列：除数“0”恒为0', offset: 9, line: 1, column: 10, length: 1 },
    ]);
    expect(issues('deaths / (1 - 1)')[0]).toMatchObject({ code: 'division_by_zero', offset: 9, length: 7 });
    expect(issues('deaths / ROUND(0.2)')[0]!.code).toBe('division_by_zero');
    expect(issues('deaths / -0.0')[0]!.code).toBe('division_by_zero');
    // not constant: NULL at run time instead
    expect(issues('deaths / (discharges - discharges)')).toEqual([]);
    expect(issues('deaths / 0.001')).toEqual([]);
  });

  test('unit mismatch: +, -, comparisons, IF branches, MIN/MAX/COALESCE', () => {
    expect(issues('deaths + los')).toEqual([
      {
        code: 'unit_mismatch',
        message: '第1行第10列：单位不一致：“deaths”的单位是“人次”，“los”的单位是“天”，不能相加',
        offset: 9,
        line: 1,
        column: 10,
        length: 3,
      },
    ]);
    expect(issues('SUM(los) - deaths')[0]!.message).toContain('不能相减');
    expect(issues('los > beds')[0]!.message).toContain('不能比较');
    expect(issues('IF(deaths > 0, los, beds)')[0]).toMatchObject({ code: 'unit_mismatch', offset: 20 });
    expect(issues('MAX(los, deaths)')[0]).toMatchObject({ code: 'unit_mismatch', offset: 9 });
    expect(issues('COALESCE(deaths, 0, beds)')[0]).toMatchObject({ code: 'unit_mismatch', offset: 20 });
    expect(issues('[E] + los')[0]!.message).toBe('第1行第7列：单位不一致：“[E]”的单位是“%”，“los”的单位是“天”，不能相加');
    // fine: numbers are unitless, an element without unit matches anything, a ratio of 人次 is unitless
    expect(issues('los + 1')).toEqual([]);
    expect(issues('score + los')).toEqual([]);
    expect(issues('deaths / discharges * 100 + 1')).toEqual([]);
    expect(issues('死亡人数 - deaths')).toEqual([]);
    expect(issues('los / deaths > beds / deaths')[0]!.code).toBe('unit_mismatch');
  });

  test('arity', () => {
    expect(issues('IF(deaths > 0, 1)')).toEqual([
      {
        code: 'arity',
        message: '第1行第1列：函数 IF 需要3个参数，实际有2个；用法：IF(条件, 为真时的值, 否则的值)',
        offset: 0,
        line: 1,
        column: 1,
        length: 17,
      },
    ]);
    expect(issues('PERCENTILE(los)')[0]!.message).toContain('函数 PERCENTILE 需要2个参数，实际有1个');
    expect(issues('ROUND(los, 1, 2)')[0]!.message).toContain('函数 ROUND 需要1到2个参数');
    expect(issues('COALESCE(los)')[0]!.message).toContain('函数 COALESCE 需要至少2个参数');
    expect(issues('SUM()')[0]!.code).toBe('arity');
  });

  test('aggregate of an aggregate', () => {
    expect(issues('SUM(AVG(los))')).toEqual([
      { code: 'type', message: '第1行第5列：聚合函数 AVG 不能用在另一个聚合函数里', offset: 4, line: 1, column: 5, length: 3 },
    ]);
    expect(issues('MAX(los - MIN(los))')[0]!.code).toBe('type');
    // MIN/MAX of several values is not an aggregate
    expect(issues('SUM(MAX(los, 0))')).toEqual([]);
    // an aggregate needs rows to aggregate; an indicator is one value already
    expect(issues('SUM(1)')[0]!.message).toBe('第1行第5列：聚合函数 SUM 的参数中应有数据元素，如 SUM(deaths)');
    expect(issues('AVG([E])')[0]!.message).toBe('第1行第5列：聚合函数中不能引用指标“E”：指标已是汇总后的值');
  });

  test("PERCENTILE's p must be a constant in 0…100; ROUND's digits a whole constant", () => {
    expect(issues('PERCENTILE(los, 101)')).toEqual([
      { code: 'type', message: '第1行第17列：PERCENTILE 的第二个参数应为0到100之间的常数，如 PERCENTILE(x, 90)', offset: 16, line: 1, column: 17, length: 3 },
    ]);
    expect(issues('PERCENTILE(los, -1)')[0]!.code).toBe('type');
    expect(issues('PERCENTILE(los, deaths)')[0]!.code).toBe('type');
    expect(issues('PERCENTILE(los, 100 / 4)')).toEqual([]);
    expect(issues('PERCENTILE(los, 0) + PERCENTILE(los, 100)')).toEqual([]);
    expect(issues('ROUND(los, 1.5)')[0]!.message).toBe('第1行第12列：ROUND 的小数位数应为-15到15之间的整数常数，如 ROUND(x, 2)');
    expect(issues('ROUND(los, deaths)')[0]!.code).toBe('type');
    expect(issues('ROUND(los, -2)')).toEqual([]);
  });

  test('a condition used as a number, and the reverse', () => {
    expect(issues('(deaths > 1) + 1')).toEqual([
      { code: 'type', message: '第1行第1列：“+”两边需要数值，“(deaths > 1)”却是条件（真/假）', offset: 0, line: 1, column: 1, length: 12 },
    ]);
    expect(issues('IF(deaths, 1, 0)')[0]!.message).toBe('第1行第4列：IF 的第一个参数需要条件（如 x > 0），“deaths”却是数值');
    expect(issues('deaths AND discharges > 0')[0]).toMatchObject({ code: 'type', offset: 0 });
    expect(issues('NOT deaths')[0]!.code).toBe('type');
    expect(issues('SUM(los > 3)')[0]!.code).toBe('type');
    expect(issues('IF(deaths > 0, 1, deaths > 2)')[0]!.message).toContain('IF 的两个结果应同为数值或同为条件');
    expect(issues('-(deaths > 0)')[0]!.code).toBe('type');
  });

  test('every issue is reported, in source order', () => {
    expect(issues('foo + los / 0 + IF(1, 2)').map((i) => [i.code, i.offset])).toEqual([
      ['unknown_name', 0],
      ['division_by_zero', 12],
      ['arity', 16],
    ]);
  });

  test('a syntax error stops the checks', () => {
    expect(checkFormula('deaths / (discharges', env)).toMatchObject({
      ast: null,
      issues: [{ code: 'syntax', offset: 9 }],
      references: { elements: [], indicators: [] },
      unit: null,
      type: null,
    });
  });
});

test('the longest formula the parser allows goes through the checker, the evaluator and the compiler', () => {
  const source = `deaths${'+deaths'.repeat(570)}`;
  const checked = checkFormula(source, env);
  expect(checked.issues).toEqual([]);
  expect(evaluateFormula(checked.ast!, { element: () => 1 })).toBe(571);
  expect(compileFormulaSql(checked.ast!, { dialect: 'clickhouse', element: (n) => n })).toMatch(/^\(\(\(/);
});
