import { casesDigest } from './cases';
import { FieldValue, FieldValues, ReportField, ReportSubmission, ReportTask } from './reporting-models';

/** One row of the review table: a field with this version's value and the previous version's. */
export interface CompareRow {
  field: ReportField;
  /** A number, a list of cases (逐例数值, never empty here: no case is null) or null. */
  current: FieldValue;
  previous: FieldValue;
  changed: boolean;
}

/** A value as the API may answer it, with an empty list of cases read as unfilled. */
function normalized(value: FieldValue | undefined): FieldValue {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  return value;
}

/** Whether two versions hold the same value; lists of cases are the same when case by case equal. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const x = normalized(a);
  const y = normalized(b);
  if (Array.isArray(x) || Array.isArray(y)) {
    return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return x === y;
}

/** A value in words: a number as is, a list as `n 例（中位数 x，最小 a，最大 b）`, `—` when unfilled. */
export function valueText(value: FieldValue | undefined, unit?: string | null): string {
  const v = normalized(value);
  if (v === null) return '—';
  if (Array.isArray(v)) return casesDigest(v, unit);
  return unit ? `${v} ${unit}` : String(v);
}

/** The version under review and the one before it (when the task was returned and resubmitted). */
export function reviewedVersions(task: Pick<ReportTask, 'history' | 'values'>): {
  current: ReportSubmission | null;
  previous: ReportSubmission | null;
} {
  const history = [...(task.history ?? [])].filter((h) => h.status !== 'draft').sort((a, b) => b.version - a.version);
  return { current: history[0] ?? null, previous: history[1] ?? null };
}

/** The rows of the review table; `previous` is null everywhere for a first submission. */
export function compareRows(
  fields: readonly ReportField[],
  current: FieldValues | null,
  previous: FieldValues | null,
): CompareRow[] {
  return fields.map((field) => {
    const now = normalized(current?.[field.code]);
    const before = previous ? normalized(previous[field.code]) : null;
    return { field, current: now, previous: before, changed: !!previous && !sameValue(now, before) };
  });
}
