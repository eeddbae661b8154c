import type { Expr } from './ast.js';
import { percentileLevel, roundDigits } from './evaluate.js';
import { isAggregateCall } from './functions.js';

/** How compileFormulaSql turns names into SQL. */
export interface FormulaSqlOptions {
  dialect: 'duckdb' | 'clickhouse';
  /** SQL for a name: the cell's aggregated value (e.g. `SUM(deaths)`) or, inside SUM/AVG/…, the row's value. */
  element(name: string, inAggregate: boolean): string;
  /** Another indicator's formula (inlined); undefined means the name is not an indicator. */
  indicator?(code: string): Expr | undefined;
}

/** Thrown for a formula the checker would refuse (cycle, indicator inside an aggregate, bad constant). */
export class FormulaCompileError extends Error {}

const AGGREGATE_SQL = {
  duckdb: { SUM: 'sum', AVG: 'avg', MIN: 'min', MAX: 'max' },
  // -OrNull: NULL over no rows like DuckDB, not 0 (sum, min, max) or nan (avg)
  clickhouse: { SUM: 'sumOrNull', AVG: 'avgOrNull', MIN: 'minOrNull', MAX: 'maxOrNull' },
} as const;

class SqlCompiler {
  constructor(private readonly opts: FormulaSqlOptions) {}

  /** Every number is a double on both engines: no integer division, no wrap-around, no DECIMAL literals. */
  private double(sql: string): string {
    return this.opts.dialect === 'duckdb' ? `CAST(${sql} AS DOUBLE)` : `toFloat64(${sql})`;
  }

  private literal(value: number): string {
    return this.double(String(value));
  }

  compile(expr: Expr, inAggregate: boolean, stack: string[]): string {
    switch (expr.kind) {
      case 'number':
        return this.literal(expr.value);
      case 'name': {
        const inlined = this.opts.indicator?.(expr.name);
        if (inlined !== undefined) {
          if (stack.includes(expr.name)) throw new FormulaCompileError(`循环引用：${[...stack.slice(stack.indexOf(expr.name)), expr.name].join(' → ')}`);
          if (inAggregate) throw new FormulaCompileError(`聚合函数中不能引用指标“${expr.name}”`);
          return this.compile(inlined, false, [...stack, expr.name]);
        }
        return this.double(`(${this.opts.element(expr.name, inAggregate)})`);
      }
      case 'unary':
        return expr.op === 'NOT' ? `(NOT ${this.compile(expr.operand, inAggregate, stack)})` : `(-${this.compile(expr.operand, inAggregate, stack)})`;
      case 'binary': {
        const left = this.compile(expr.left, inAggregate, stack);
        const right = this.compile(expr.right, inAggregate, stack);
        // NULLIF: x / 0 is NULL, where both engines would give ±inf or nan on doubles
        if (expr.op === '/') return `(${left} / NULLIF(${right}, 0))`;
        return `(${left} ${expr.op === '!=' ? '<>' : expr.op} ${right})`;
      }
      case 'call':
        return this.call(expr, inAggregate, stack);
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, inAggregate: boolean, stack: string[]): string {
    const d = this.opts.dialect;
    if (isAggregateCall(expr)) {
      const arg = this.compile(expr.args[0]!, true, stack);
      switch (expr.name) {
        case 'COUNT':
          return this.double(`count(${arg})`);
        case 'MEDIAN':
        case 'PERCENTILE': {
          const q = expr.name === 'MEDIAN' ? 0.5 : percentileLevel(expr);
          return d === 'duckdb' ? `quantile_cont(${arg}, ${String(q)})` : `quantileExactInclusiveOrNull(${String(q)})(${arg})`;
        }
        default:
          return `${AGGREGATE_SQL[d][expr.name as 'SUM' | 'AVG' | 'MIN' | 'MAX']}(${arg})`;
      }
    }
    const args = expr.args.map((a) => this.compile(a, inAggregate, stack));
    switch (expr.name) {
      case 'IF':
        // CASE: a NULL condition takes the ELSE branch on both engines
        return `(CASE WHEN ${args[0]} THEN ${args[1]} ELSE ${args[2]} END)`;
      case 'COALESCE':
        return `COALESCE(${args.join(', ')})`;
      case 'ABS':
        return `abs(${args[0]})`;
      case 'MIN':
      case 'MAX':
        // both skip NULL arguments (ClickHouse since 24.12)
        return `${expr.name === 'MIN' ? 'least' : 'greatest'}(${args.join(', ')})`;
      case 'ROUND': {
        // ClickHouse rounds float ties to even, DuckDB away from zero: spell the rule out for both
        const digits = roundDigits(expr);
        const x = args[0]!;
        // x appears twice: ROUNDs nested in ROUNDs double the SQL each time, so stop well before that hurts
        if (x.length > 100_000) throw new FormulaCompileError('公式中的 ROUND 嵌套过多，生成的 SQL 过长');
        const p = this.literal(10 ** Math.abs(digits));
        const half = this.literal(0.5);
        return digits >= 0
          ? `((sign(${x}) * floor(abs(${x}) * ${p} + ${half})) / ${p})`
          : `(sign(${x}) * floor(abs(${x}) / ${p} + ${half}) * ${p})`;
      }
      default:
        throw new FormulaCompileError(`未知的函数“${expr.name}”`);
    }
  }
}

/**
 * Compiles a checked formula to one parenthesised SQL expression for DuckDB or ClickHouse, with the
 * same numbers as evaluateFormula: doubles throughout, x / 0 → NULL, three-valued AND/OR, aggregates
 * NULL over no rows (COUNT 0), R-7 percentiles, ROUND half away from zero. Booleans come back as
 * true/false from DuckDB and 1/0 from ClickHouse.
 */
export function compileFormulaSql(ast: Expr, opts: FormulaSqlOptions): string {
  return new SqlCompiler(opts).compile(ast, false, []);
}
