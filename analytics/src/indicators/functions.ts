import type { Expr } from './ast.js';

/** A function of the formula language: how many arguments it takes. */
export interface FormulaFunction {
  minArgs: number;
  maxArgs: number;
  /** Example shown in arity messages. */
  usage: string;
}

/** Every function the language knows, by upper-case name. */
export const FORMULA_FUNCTIONS: Readonly<Record<string, FormulaFunction>> = {
  IF: { minArgs: 3, maxArgs: 3, usage: 'IF(条件, 为真时的值, 否则的值)' },
  SUM: { minArgs: 1, maxArgs: 1, usage: 'SUM(x)' },
  AVG: { minArgs: 1, maxArgs: 1, usage: 'AVG(x)' },
  COUNT: { minArgs: 1, maxArgs: 1, usage: 'COUNT(x)' },
  MEDIAN: { minArgs: 1, maxArgs: 1, usage: 'MEDIAN(x)' },
  // one argument: the aggregate; two or more: the smallest/largest of the values (NULLs ignored)
  MIN: { minArgs: 1, maxArgs: Infinity, usage: 'MIN(x) 或 MIN(a, b)' },
  MAX: { minArgs: 1, maxArgs: Infinity, usage: 'MAX(x) 或 MAX(a, b)' },
  PERCENTILE: { minArgs: 2, maxArgs: 2, usage: 'PERCENTILE(x, 90)' },
  ABS: { minArgs: 1, maxArgs: 1, usage: 'ABS(x)' },
  ROUND: { minArgs: 1, maxArgs: 2, usage: 'ROUND(x) 或 ROUND(x, 2)' },
  COALESCE: { minArgs: 2, maxArgs: Infinity, usage: 'COALESCE(a, b)' },
};

const AGGREGATES = new Set(['SUM', 'AVG', 'COUNT', 'MEDIAN', 'PERCENTILE']);

/** True for a call that aggregates rows (SUM, AVG, COUNT, MEDIAN, PERCENTILE, one-argument MIN/MAX). */
export function isAggregateCall(expr: Expr): boolean {
  if (expr.kind !== 'call') return false;
  return AGGREGATES.has(expr.name) || ((expr.name === 'MIN' || expr.name === 'MAX') && expr.args.length === 1);
}

type NameNode = Extract<Expr, { kind: 'name' }>;

/** The names used outside any aggregate (as one value, not as a list of rows), in source order. */
export function namesOutsideAggregates(expr: Expr): NameNode[] {
  if (expr.kind === 'name') return [expr];
  if (expr.kind === 'number' || isAggregateCall(expr)) return [];
  if (expr.kind === 'unary') return namesOutsideAggregates(expr.operand);
  if (expr.kind === 'binary') return [...namesOutsideAggregates(expr.left), ...namesOutsideAggregates(expr.right)];
  return expr.args.flatMap(namesOutsideAggregates);
}
