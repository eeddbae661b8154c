import { FormulaIssue } from './indicator-models';

/** A piece of the formula as shown under the editor; `issue` is the index of the issue it belongs to. */
export interface FormulaSegment {
  text: string;
  issue: number | null;
  /** A zero-length issue (e.g. 公式不完整 at the end) is drawn as a marker between characters. */
  marker?: boolean;
}

/** Where an issue starts in the source: its offset, or else its 1-based line/column. */
export function issueStart(source: string, issue: Pick<FormulaIssue, 'offset' | 'line' | 'column'>): number {
  if (Number.isInteger(issue.offset) && issue.offset >= 0) return Math.min(issue.offset, source.length);
  const lines = source.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.max(0, issue.line - 1) && i < lines.length; i++) offset += lines[i].length + 1;
  return Math.min(offset + Math.max(0, issue.column - 1), source.length);
}

/**
 * Cuts the formula into plain and highlighted pieces, so the page can underline exactly what each
 * issue names. Issues that overlap keep the first one's highlight; the text is never lost or repeated.
 */
export function highlightFormula(source: string, issues: readonly FormulaIssue[]): FormulaSegment[] {
  const spans = issues
    .map((issue, index) => {
      const start = issueStart(source, issue);
      return { index, start, end: Math.min(source.length, start + Math.max(0, issue.length || 0)) };
    })
    .sort((a, b) => a.start - b.start || a.index - b.index);
  const segments: FormulaSegment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.end <= at && span.end !== span.start) continue;
    if (span.start > at) {
      segments.push({ text: source.slice(at, span.start), issue: null });
      at = span.start;
    }
    if (span.end === span.start) {
      if (span.start >= at) segments.push({ text: '', issue: span.index, marker: true });
      continue;
    }
    const from = Math.max(at, span.start);
    segments.push({ text: source.slice(from, span.end), issue: span.index });
    at = span.end;
  }
  if (at < source.length) segments.push({ text: source.slice(at), issue: null });
  return segments;
}

/** `第1行第9列：…` unless the server's message already says where (e.g. 规则1：第1行第9列：…). */
export function issueText(issue: FormulaIssue): string {
  return /第\d+行第\d+列/.test(issue.message) ? issue.message : `第${issue.line}行第${issue.column}列：${issue.message}`;
}

/**
 * The variable names a formula uses (bare identifiers that are not functions or keywords), so the
 * form can offer a row for each. Bracketed codes are other indicators or data elements, not variables.
 */
export function formulaVariables(source: string): string[] {
  const reserved = new Set([
    'and', 'or', 'not', 'if', 'sum', 'avg', 'min', 'max', 'count', 'median', 'percentile', 'abs', 'round', 'coalesce',
  ]);
  const withoutBrackets = source.replace(/\[[^\]]*\]/g, ' ').replace(/"[^"]*"/g, ' ');
  const names = withoutBrackets.match(/[A-Za-z_\u4e00-\u9fa5][\w\u4e00-\u9fa5]*/g) ?? [];
  const seen: string[] = [];
  for (const name of names) {
    if (reserved.has(name.toLowerCase()) || /^\d/.test(name)) continue;
    if (!seen.includes(name)) seen.push(name);
  }
  return seen;
}
