/**
 * The indicator formula language: a hand-written lexer and recursive-descent parser build an AST
 * (never eval), checkFormula finds problems with their positions, compileFormulaSql turns the AST
 * into SQL for DuckDB or ClickHouse and evaluateFormula computes it in memory — the same numbers on
 * all three. See docs/indicators-analytics.md §1.
 */
export type { BinaryOp, Expr, FormulaIssue, Span } from './ast.js';
export { lineColumn } from './ast.js';
export { checkFormula, type FormulaCheck, type FormulaEnv } from './check.js';
export { evaluateFormula, FormulaEvaluationError, type FormulaContext, type FormulaValue } from './evaluate.js';
export { FORMULA_FUNCTIONS, namesOutsideAggregates, type FormulaFunction } from './functions.js';
export { parseFormula } from './parser.js';
export { compileFormulaSql, FormulaCompileError, type FormulaSqlOptions } from './sql.js';
