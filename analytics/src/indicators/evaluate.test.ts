import { describe, expect, test } from 'vitest';
import { evaluateFormula, FormulaEvaluationError, quantileR7, roundHalfAwayFromZero, type FormulaContext } from './evaluate.js';
import { parseFormula } from './parser.js';

const CELL: Record<string, number | null> = { deaths: 3, discharges: 120, zero: 0, missing: null, los: 55 };
const ROWS: Record<string, (number | null)[]> = {
  los: [10, 1, null, 4, 2, 3],
  cost: [100, 20, 50, null, 10, 30],
  none: [null, null],
};

const ctx: FormulaContext = {
  element: (name, inAggregate) => (inAggregate ? ROWS[name] : CELL[name]),
  indicator: (code) => ({ 'HQ-02': 2.5, 'HQ-NULL': null })[code],
};

const run = (source: string, c: FormulaContext = ctx) => {
  const { ast, issues } = parseFormula(source);
  expect(issues).toEqual([]);
  return evaluateFormula(ast!, c);
};

describe('arithmetic in doubles, NULL and division by zero', () => {
  test.each([
    ['deaths / discharges * 100', 2.5],
    ['deaths - discharges', -117],
    ['-deaths * -2', 6],
    ['0.1 + 0.2', 0.1 + 0.2],
    ['7 / 2', 3.5],
    ['deaths / zero', null],
    ['deaths / (discharges - discharges)', null],
    ['missing + 1', null],
    ['-missing', null],
    ['missing * 0', null],
    ['nothere + 1', null],
    ['[HQ-02] * 2', 5],
    ['[HQ-NULL] + 1', null],
  ])('%s = %s', (source, value) => {
    expect(run(source)).toBe(value);
  });
});

describe('comparisons and three-valued logic', () => {
  test.each([
    ['deaths < discharges', true],
    ['deaths = 3', true],
    ['deaths <> 3', false],
    ['deaths != 4', true],
    ['deaths >= 3 AND deaths <= 3', true],
    ['missing > 1', null],
    ['missing = missing', null],
    ['missing > 1 AND deaths > 100', false],
    ['missing > 1 AND deaths > 1', null],
    ['missing > 1 OR deaths > 1', true],
    ['missing > 1 OR deaths > 100', null],
    ['NOT missing > 1', null],
    ['NOT deaths > 100', true],
  ])('%s → %s', (source, value) => {
    expect(run(source)).toBe(value);
  });
});

describe('functions', () => {
  test('IF takes the else branch for false and NULL', () => {
    expect(run('IF(deaths > 1, 10, 20)')).toBe(10);
    expect(run('IF(deaths > 5, 10, 20)')).toBe(20);
    expect(run('IF(missing > 1, 10, 20)')).toBe(20);
    // the branch not taken is not evaluated: no error from a list outside an aggregate
    expect(run('IF(deaths > 1, 1, missing)')).toBe(1);
  });

  test('COALESCE, ABS, MIN/MAX of several values (NULLs skipped)', () => {
    expect(run('COALESCE(missing, deaths, 9)')).toBe(3);
    expect(run('COALESCE(missing, missing)')).toBeNull();
    expect(run('ABS(deaths - discharges)')).toBe(117);
    expect(run('MIN(deaths, missing, discharges)')).toBe(3);
    expect(run('MAX(deaths, missing, discharges)')).toBe(120);
    expect(run('MAX(missing, missing)')).toBeNull();
  });

  test('ROUND is half away from zero, with negative digits too', () => {
    expect(run('ROUND(2.5)')).toBe(3);
    expect(run('ROUND(-2.5)')).toBe(-3);
    expect(run('ROUND(0.125, 2)')).toBe(0.13);
    expect(run('ROUND(-0.125, 2)')).toBe(-0.13);
    expect(run('ROUND(1234.5, -1)')).toBe(1230);
    expect(run('ROUND(1250, -2)')).toBe(1300);
    expect(run('ROUND(deaths / discharges * 100, 1)')).toBe(2.5);
    expect(run('ROUND(missing, 1)')).toBeNull();
    // 1.005 × 100 is 100.49999999999999 in doubles: every back end does the same double arithmetic
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1);
    expect(roundHalfAwayFromZero(2.675, 2)).toBe(2.68);
  });
});

describe('aggregates over rows', () => {
  test('NULLs are skipped; COUNT counts values', () => {
    expect(run('SUM(los)')).toBe(20);
    expect(run('COUNT(los)')).toBe(5);
    expect(run('AVG(los)')).toBe(4);
    expect(run('MIN(los) + MAX(los)')).toBe(11);
    expect(run('SUM(los * cost)')).toBe(1000 + 20 + 20 + 90);
    expect(run('SUM(IF(los > 2, 1, 0))')).toBe(3);
    // a row-level name next to a cell value: the cell's value counts on every row
    expect(run('SUM(los) / COUNT(los) + los')).toBe(59);
  });

  test('no values: NULL for SUM, AVG, MIN, MAX and percentiles, 0 for COUNT', () => {
    for (const f of ['SUM', 'AVG', 'MIN', 'MAX', 'MEDIAN']) expect(run(`${f}(none)`)).toBeNull();
    expect(run('PERCENTILE(none, 90)')).toBeNull();
    expect(run('COUNT(none)')).toBe(0);
  });

  test('MEDIAN and PERCENTILE: exact, linear interpolation (R-7)', () => {
    expect(run('MEDIAN(los)')).toBe(3);
    expect(run('PERCENTILE(los, 90)')).toBeCloseTo(7.6, 12);
    expect(run('PERCENTILE(los, 25)')).toBe(2);
    expect(run('PERCENTILE(los, 0)')).toBe(1);
    expect(run('PERCENTILE(los, 100)')).toBe(10);
    expect(run('PERCENTILE(cost, 50)')).toBe(30);
    // R-7 is Excel's PERCENTILE.INC and R's default type 7
    expect(quantileR7([15, 20, 35, 40, 50], 0.4)).toBe(29);
    expect(quantileR7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileR7([7], 0.33)).toBe(7);
  });

  test('a single number inside an aggregate is one row', () => {
    const single: FormulaContext = { element: () => 4 };
    expect(run('SUM(x) + COUNT(x) + MEDIAN(x)', single)).toBe(9);
  });
});

describe('values of the wrong shape are refused', () => {
  test('a list outside an aggregate', () => {
    expect(() => run('los + 1', { element: () => [1, 2] })).toThrow(FormulaEvaluationError);
    expect(() => run('los + 1', { element: () => [1, 2] })).toThrow('“los”是多行数值，只能用在 SUM、AVG 等聚合函数中');
  });

  test('lists of different lengths in one aggregate', () => {
    expect(() => run('SUM(los * none)')).toThrow('“los”与“none”的行数不同（6 与 2）');
  });

  test('a condition where a number belongs', () => {
    expect(() => run('(deaths > 1) + 1')).toThrow(FormulaEvaluationError);
  });
});
