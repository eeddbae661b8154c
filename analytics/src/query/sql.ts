import type { Dialect } from '@qc/warehouse';

// Codes that reach SQL as literals (element codes in formulas) are restricted to harmless characters.
const SAFE_LITERAL = /^[\p{L}\p{N}_:.\-[\] ]{1,120}$/u;

/** A string literal for the dialect; only for codes of the safe alphabet (anything else is a bug: throws). */
export function stringLiteral(dialect: Dialect, text: string): string {
  if (!SAFE_LITERAL.test(text)) throw new RangeError(`unsafe literal: ${text}`);
  const escaped = dialect.engine === 'clickhouse' ? text.replace(/\\/g, '\\\\').replace(/'/g, "\\'") : text.replace(/'/g, "''");
  return `'${escaped}'`;
}

/** A date parameter placeholder that both engines compare with DATE columns. */
export function dateParam(dialect: Dialect): string {
  return dialect.engine === 'clickhouse' ? 'CAST(? AS Date32)' : 'CAST(? AS DATE)';
}

/** A text parameter placeholder with a type, for SELECT lists where the engine cannot infer one. */
export function textParam(dialect: Dialect): string {
  return dialect.engine === 'clickhouse' ? 'CAST(? AS String)' : 'CAST(? AS VARCHAR)';
}

/** `?, ?, …` for a list. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** A number from a warehouse cell: null for NULL, NaN and infinities; bigints converted. */
export function numberOrNull(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
  return Number.isFinite(n) ? n : null;
}
