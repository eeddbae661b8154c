/** Where a piece of the formula is: UTF-16 offsets into the source, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOp = 'AND' | 'OR';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

/** A node of a parsed formula; every node carries its span in the source. */
export type Expr =
  | { kind: 'number'; value: number; span: Span }
  /** A name: a data element, a variable of the indicator or another indicator's code (`[HQ-02]`, `"HQ-02"`). */
  | { kind: 'name'; name: string; quoted: boolean; span: Span }
  | { kind: 'unary'; op: '-' | 'NOT'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  /** `name` is upper case (`IF`, `SUM`, …); `nameSpan` covers the function's name only. */
  | { kind: 'call'; name: string; args: Expr[]; span: Span; nameSpan: Span };

/** A problem found in a formula, with its position and a Chinese message that says what to fix. */
export interface FormulaIssue {
  code: 'syntax' | 'unknown_name' | 'cycle' | 'division_by_zero' | 'unit_mismatch' | 'arity' | 'type';
  /** Chinese, starts with the position, e.g. `第1行第9列：未知的名称“deth”`. */
  message: string;
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like the offset (one per Chinese character). */
  column: number;
  length: number;
}

/** 1-based line and column of an offset (`\r\n`, `\n` and `\r` each end a line). */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    const ch = source[i];
    if (ch === '\n' || (ch === '\r' && source[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Builds an issue at a span; the message gets the `第L行第C列：` prefix. */
export function issueAt(source: string, code: FormulaIssue['code'], span: Span, text: string): FormulaIssue {
  const { line, column } = lineColumn(source, span.start);
  return { code, message: `第${line}行第${column}列：${text}`, offset: span.start, line, column, length: Math.max(0, span.end - span.start) };
}
