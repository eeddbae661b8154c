// The SQL's shape and the compiler's refusals; the numbers it gives on DuckDB and ClickHouse are
// checked against evaluateFormula in analytics/test/formula-engines.integration.test.ts.
import { describe, expect, test } from 'vitest';
import type { Expr } from './ast.js';
import { parseFormula } from './parser.js';
import { compileFormulaSql, FormulaCompileError, type FormulaSqlOptions } from './sql.js';

const ast = (source: string): Expr => parseFormula(source).ast!;
const FORMULAS: Record<string, string> = { 'HQ-02': 'deaths / discharges * 100', LOOP: '[LOOP2] + 1', LOOP2: '[LOOP] * 2' };

function compile(source: string, dialect: 'duckdb' | 'clickhouse' = 'duckdb', extra: Partial<FormulaSqlOptions> = {}) {
  const calls: string[] = [];
  const sql = compileFormulaSql(ast(source), {
    dialect,
    element: (name, inAggregate) => {
      calls.push(`${name}:${inAggregate ? 'row' : 'cell'}`);
      return inAggregate ? `t.${name}` : `SUM(t.${name})`;
    },
    indicator: (code) => (FORMULAS[code] ? ast(FORMULAS[code]) : undefined),
    ...extra,
  });
  return { sql, calls };
}

describe('names', () => {
  test('outside an aggregate the cell value, inside the row value', () => {
    const { sql, calls } = compile('SUM(los) / discharges');
    expect(calls).toEqual(['los:row', 'discharges:cell']);
    expect(sql).toBe('(sum(CAST((t.los) AS DOUBLE)) / NULLIF(CAST((SUM(t.discharges)) AS DOUBLE), 0))');
  });

  test('an indicator reference inlines its formula', () => {
    const { sql, calls } = compile('[HQ-02] * 2', 'clickhouse');
    expect(calls).toEqual(['deaths:cell', 'discharges:cell']);
    expect(sql).toBe('(((toFloat64((SUM(t.deaths))) / NULLIF(toFloat64((SUM(t.discharges))), 0)) * toFloat64(100)) * toFloat64(2))');
  });
});

describe('engine differences are spelled out', () => {
  test('numbers are doubles: no DECIMAL literals in DuckDB, no integer wrap-around in ClickHouse', () => {
    expect(compile('0.1 + 2').sql).toBe('(CAST(0.1 AS DOUBLE) + CAST(2 AS DOUBLE))');
    expect(compile('0.1 + 2', 'clickhouse').sql).toBe('(toFloat64(0.1) + toFloat64(2))');
  });

  test('aggregates give NULL over no rows on ClickHouse too', () => {
    expect(compile('SUM(a) + AVG(a) + MIN(a) + MAX(a)', 'clickhouse').sql).toContain('sumOrNull(');
    expect(compile('AVG(a)', 'clickhouse').sql).toBe('avgOrNull(toFloat64((t.a)))');
    expect(compile('MEDIAN(a)', 'duckdb').sql).toBe('quantile_cont(CAST((t.a) AS DOUBLE), 0.5)');
    expect(compile('PERCENTILE(a, 90)', 'clickhouse').sql).toBe('quantileExactInclusiveOrNull(0.9)(toFloat64((t.a)))');
    expect(compile('COUNT(a)', 'clickhouse').sql).toBe('toFloat64(count(toFloat64((t.a))))');
  });

  test('ROUND is half away from zero by formula, not the engine round()', () => {
    const { sql } = compile('ROUND(a, 2)', 'clickhouse');
    expect(sql).not.toMatch(/\bround\(/);
    expect(sql).toContain('floor(abs(');
  });

  test('IF is CASE, != is <>, NOT and unary minus parenthesised', () => {
    expect(compile('IF(a != 1, -a, 0)').sql).toBe(
      '(CASE WHEN (CAST((SUM(t.a)) AS DOUBLE) <> CAST(1 AS DOUBLE)) THEN (-CAST((SUM(t.a)) AS DOUBLE)) ELSE CAST(0 AS DOUBLE) END)',
    );
    expect(compile('NOT a > 1 AND - - a < 0').sql).not.toContain('--');
  });
});

describe('refusals', () => {
  test('a cycle through indicators', () => {
    expect(() => compile('[LOOP]')).toThrow(new FormulaCompileError('循环引用：LOOP → LOOP2 → LOOP'));
  });

  test('an indicator inside an aggregate', () => {
    expect(() => compile('SUM([HQ-02])')).toThrow('聚合函数中不能引用指标“HQ-02”');
  });

  test('PERCENTILE without a constant p', () => {
    expect(() => compile('PERCENTILE(a, b)')).toThrow('PERCENTILE 的第二个参数应为0到100之间的常数');
  });

  test('an unknown function', () => {
    expect(() => compile('LOG(a)')).toThrow('未知的函数“LOG”');
  });
});

test('ROUNDs nested without end are refused before the SQL grows huge', () => {
  const source = `${'ROUND('.repeat(40)}a${')'.repeat(40)}`;
  expect(() => compile(source)).toThrow('公式中的 ROUND 嵌套过多，生成的 SQL 过长');
  expect(compile('ROUND(ROUND(ROUND(a, 2), 1))').sql.length).toBeLessThan(2000);
});
