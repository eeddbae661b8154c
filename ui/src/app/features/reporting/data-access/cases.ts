/**
 * 逐例数值: a field whose value is a list of numbers, one per case (e.g. each patient's stay in the
 * resuscitation room). The liaison types or pastes them as one text; these helpers read that text,
 * sum it up for display and compare lists. The server checks the cases again and has the last word.
 */

/** The most cases one field takes (the API refuses more). */
export const MAX_CASES = 5000;

/** How many bad cases are named before the rest are only counted (as the server does). */
const NAMED_BAD_CASES = 3;

/**
 * What separates cases: new lines and tabs (a column or row pasted from Excel), spaces, commas,
 * semicolons and 、. Full-width ，； are folded to these by NFKC first.
 */
const CASE_SEPARATORS = /[\s,;、]+/;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** The cases of a text as typed or pasted. */
export interface ParsedCases {
  /** Each case as the API is sent it (full-width digits made half-width), in order, blanks dropped. */
  tokens: string[];
  /** The cases as numbers, only when every token is one. */
  numbers: number[] | null;
  /** Tokens that are not numbers, with their 1-based position among the cases. */
  bad: { index: number; token: string }[];
}

/**
 * Splits a text into cases. A thousands separator cannot be told from a separator between cases,
 * so `1,200` is two cases; times and counts of single patients do not need one.
 */
export function parseCases(text: string | null | undefined): ParsedCases {
  const tokens = (text ?? '')
    // IMEs give full-width digits, points and separators (１２．５，３); NFKC makes them ASCII
    .normalize('NFKC')
    .split(CASE_SEPARATORS)
    .filter((t) => t !== '');
  const bad: ParsedCases['bad'] = [];
  const numbers: number[] = [];
  tokens.forEach((token, i) => {
    const n = NUMBER.test(token) ? Number(token) : Number.NaN;
    if (Number.isFinite(n)) numbers.push(n);
    else bad.push({ index: i + 1, token });
  });
  return { tokens, numbers: bad.length ? null : numbers, bad };
}

/** What is wrong with a cases text before asking the server, e.g. 第3例“abc”不是数字; null when nothing. */
export function casesProblem(parsed: ParsedCases): string | null {
  const messages = parsed.bad.slice(0, NAMED_BAD_CASES).map((b) => `第${b.index}例“${b.token.slice(0, 20)}”不是数字`);
  if (parsed.bad.length > NAMED_BAD_CASES) messages.push(`另有 ${parsed.bad.length - NAMED_BAD_CASES} 例不是数字`);
  if (parsed.tokens.length > MAX_CASES) messages.push(`最多填写 ${MAX_CASES} 例，现有 ${parsed.tokens.length} 例`);
  return messages.length ? messages.join('；') : null;
}

/** Count, median and range of a list of cases (display only; the indicator is computed by the server). */
export interface CasesSummary {
  count: number;
  median: number | null;
  min: number | null;
  max: number | null;
}

/** The summary of a list; the median of an even count is the mean of the middle two. */
export function summarizeCases(numbers: readonly number[]): CasesSummary {
  if (numbers.length === 0) return { count: 0, median: null, min: null, max: null };
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { count: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** A number as the summaries show it: at most 2 decimals, no grouping (a case list has none). */
export function caseNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** A list of cases in one line, e.g. `12 例（中位数 4.5 小时，最小 1，最大 30）`; `—` when none. */
export function casesDigest(values: readonly number[] | null | undefined, unit?: string | null): string {
  if (!values || values.length === 0) return '—';
  const s = summarizeCases(values);
  const u = unit ? ` ${unit}` : '';
  return `${s.count} 例（中位数 ${caseNumber(s.median!)}${u}，最小 ${caseNumber(s.min!)}，最大 ${caseNumber(s.max!)}）`;
}

/** Saved cases back into the text box, one per line as a pasted Excel column would be. */
export function casesText(values: readonly number[] | number | null | undefined): string {
  if (values === null || values === undefined) return '';
  return Array.isArray(values) ? values.join('\n') : String(values);
}
