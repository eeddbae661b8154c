import type { Expr } from './ast.js';
import { isAggregateCall } from './functions.js';

/** What a formula evaluates to: a number, a condition's truth value, or NULL. */
export type FormulaValue = number | boolean | null;

/** The values behind the names of a formula, for evaluateFormula. */
export interface FormulaContext {
  /**
   * A data element or variable. Outside aggregates (`inAggregate` false): the cell's value. Inside
   * SUM/AVG/…: the rows' values, one per row (a single number counts as one row). `undefined` is NULL.
   */
  element(name: string, inAggregate: boolean): number | readonly (number | null)[] | null | undefined;
  /** Another indicator's value; `undefined` means the name is not an indicator (then `element` answers). */
  indicator?(code: string): number | null | undefined;
}

/** Thrown when a formula cannot be evaluated (one the checker refuses, or values of the wrong shape). */
export class FormulaEvaluationError extends Error {}

type RowLookup = (name: string) => FormulaValue;

function num(value: FormulaValue, expr: Expr): number | null {
  if (typeof value === 'boolean') throw new FormulaEvaluationError(`需要数值，却得到条件（位置 ${expr.span.start}）`);
  return value;
}

function bool(value: FormulaValue, expr: Expr): boolean | null {
  if (typeof value === 'number') throw new FormulaEvaluationError(`需要条件，却得到数值（位置 ${expr.span.start}）`);
  return value;
}

/**
 * ROUND half away from zero with the same double operations the SQL uses
 * (sign(x) * floor(abs(x) * 10^d + 0.5) / 10^d), so that all three back ends agree to the bit.
 */
export function roundHalfAwayFromZero(x: number, digits: number): number {
  if (digits >= 0) {
    const p = 10 ** digits;
    return (Math.sign(x) * Math.floor(Math.abs(x) * p + 0.5)) / p;
  }
  const p = 10 ** -digits;
  return Math.sign(x) * Math.floor(Math.abs(x) / p + 0.5) * p;
}

/** The R-7 quantile (linear interpolation between closest ranks), q in 0…1; as DuckDB's quantile_cont. */
export function quantileR7(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  if (lo === hi) return sorted[lo]!;
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function aggregate(name: string, values: number[], q: number): number | null {
  if (name === 'COUNT') return values.length;
  if (values.length === 0) return null;
  switch (name) {
    case 'SUM':
      return values.reduce((a, b) => a + b, 0);
    case 'AVG':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'MIN':
      return values.reduce((a, b) => (b < a ? b : a));
    case 'MAX':
      return values.reduce((a, b) => (b > a ? b : a));
    default:
      return quantileR7(values, q);
  }
}

function namesIn(expr: Expr, out: Set<string>): Set<string> {
  if (expr.kind === 'name') out.add(expr.name);
  else if (expr.kind === 'unary') namesIn(expr.operand, out);
  else if (expr.kind === 'binary') {
    namesIn(expr.left, out);
    namesIn(expr.right, out);
  } else if (expr.kind === 'call') for (const arg of expr.args) namesIn(arg, out);
  return out;
}

/** A constant argument (PERCENTILE's p, ROUND's digits): evaluated without any names. */
export function constantValue(expr: Expr): FormulaValue | undefined {
  if (namesIn(expr, new Set()).size > 0) return undefined;
  try {
    return new Evaluator({ element: () => null }).eval(expr, undefined);
  } catch {
    return undefined;
  }
}

class Evaluator {
  constructor(private readonly ctx: FormulaContext) {}

  eval(expr: Expr, row: RowLookup | undefined): FormulaValue {
    switch (expr.kind) {
      case 'number':
        return expr.value;
      case 'name':
        return row ? row(expr.name) : this.cell(expr.name);
      case 'unary': {
        if (expr.op === 'NOT') {
          const v = bool(this.eval(expr.operand, row), expr.operand);
          return v === null ? null : !v;
        }
        const v = num(this.eval(expr.operand, row), expr.operand);
        return v === null ? null : -v;
      }
      case 'binary':
        return this.binary(expr, row);
      case 'call':
        return this.call(expr, row);
    }
  }

  private cell(name: string): FormulaValue {
    const indicator = this.ctx.indicator?.(name);
    if (indicator !== undefined) return indicator;
    const value = this.ctx.element(name, false);
    if (Array.isArray(value)) throw new FormulaEvaluationError(`“${name}”是多行数值，只能用在 SUM、AVG 等聚合函数中`);
    return (value as number | null | undefined) ?? null;
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, row: RowLookup | undefined): FormulaValue {
    if (expr.op === 'AND' || expr.op === 'OR') {
      const a = bool(this.eval(expr.left, row), expr.left);
      const b = bool(this.eval(expr.right, row), expr.right);
      // SQL's three-valued logic: a decisive operand wins over NULL
      const decisive = expr.op === 'AND' ? false : true;
      if (a === decisive || b === decisive) return decisive;
      if (a === null || b === null) return null;
      return !decisive;
    }
    const a = num(this.eval(expr.left, row), expr.left);
    const b = num(this.eval(expr.right, row), expr.right);
    if (a === null || b === null) return null;
    switch (expr.op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? null : a / b;
      case '=':
        return a === b;
      case '!=':
        return a !== b;
      case '<':
        return a < b;
      case '<=':
        return a <= b;
      case '>':
        return a > b;
      case '>=':
        return a >= b;
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, row: RowLookup | undefined): FormulaValue {
    if (isAggregateCall(expr)) return this.aggregateCall(expr);
    const args = expr.args;
    switch (expr.name) {
      case 'IF': {
        const cond = bool(this.eval(args[0]!, row), args[0]!);
        return cond === true ? this.eval(args[1]!, row) : this.eval(args[2]!, row);
      }
      case 'COALESCE': {
        for (const arg of args) {
          const v = this.eval(arg, row);
          if (v !== null) return v;
        }
        return null;
      }
      case 'ABS': {
        const v = num(this.eval(args[0]!, row), args[0]!);
        return v === null ? null : Math.abs(v);
      }
      case 'ROUND': {
        const v = num(this.eval(args[0]!, row), args[0]!);
        return v === null ? null : roundHalfAwayFromZero(v, roundDigits(expr));
      }
      case 'MIN':
      case 'MAX': {
        const values = args.map((a) => num(this.eval(a, row), a)).filter((v): v is number => v !== null);
        return aggregate(expr.name, values, 0);
      }
      default:
        throw new FormulaEvaluationError(`未知的函数“${expr.name}”`);
    }
  }

  private aggregateCall(expr: Extract<Expr, { kind: 'call' }>): FormulaValue {
    const arg = expr.args[0];
    if (!arg) throw new FormulaEvaluationError(`函数“${expr.name}”缺少参数`);
    const columns = new Map<string, number | readonly (number | null)[] | null>();
    let rows: number | undefined;
    let first = '';
    for (const name of namesIn(arg, new Set())) {
      const value = this.ctx.element(name, true) ?? null;
      columns.set(name, value);
      if (!Array.isArray(value)) continue;
      if (rows === undefined) [rows, first] = [value.length, name];
      else if (value.length !== rows) throw new FormulaEvaluationError(`“${first}”与“${name}”的行数不同（${rows} 与 ${value.length}）`);
    }
    const values: number[] = [];
    for (let i = 0; i < (rows ?? 1); i++) {
      const lookup: RowLookup = (name) => {
        const column = columns.get(name);
        return Array.isArray(column) ? ((column as (number | null)[])[i] ?? null) : ((column as number | null | undefined) ?? null);
      };
      const v = num(this.eval(arg, lookup), arg);
      if (v !== null) values.push(v);
    }
    return aggregate(expr.name, values, expr.name === 'PERCENTILE' ? percentileLevel(expr) : 0.5);
  }
}

/** PERCENTILE's p as a 0…1 level; it must be a constant 0…100 (the checker says so to users). */
export function percentileLevel(expr: Extract<Expr, { kind: 'call' }>): number {
  const p = expr.args[1] ? constantValue(expr.args[1]) : undefined;
  if (typeof p !== 'number' || p < 0 || p > 100) throw new FormulaEvaluationError('PERCENTILE 的第二个参数应为0到100之间的常数');
  return p / 100;
}

/** ROUND's digits: a constant whole number, 0 when omitted. */
export function roundDigits(expr: Extract<Expr, { kind: 'call' }>): number {
  if (!expr.args[1]) return 0;
  const d = constantValue(expr.args[1]);
  if (typeof d !== 'number' || !Number.isInteger(d) || Math.abs(d) > 15) throw new FormulaEvaluationError('ROUND 的小数位数应为-15到15之间的整数常数');
  return d;
}

/**
 * Evaluates a formula in memory with the same rules as its SQL: NULL propagates through arithmetic
 * and comparisons, x / 0 is NULL, AND/OR are three-valued, IF(NULL, a, b) is b, aggregates skip
 * NULLs and give NULL over no values (COUNT gives 0), percentiles are R-7, ROUND is half away from zero.
 */
export function evaluateFormula(ast: Expr, ctx: FormulaContext): FormulaValue {
  return new Evaluator(ctx).eval(ast, undefined);
}
