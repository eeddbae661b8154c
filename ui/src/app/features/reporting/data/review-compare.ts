import { FieldValues, ReportField, ReportSubmission, ReportTask } from './reporting-models';

/** One row of the review table: a field with this version's value and the previous version's. */
export interface CompareRow {
  field: ReportField;
  current: number | null;
  previous: number | null;
  changed: boolean;
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
    const now = current?.[field.code] ?? null;
    const before = previous ? (previous[field.code] ?? null) : null;
    return { field, current: now, previous: before, changed: !!previous && now !== before };
  });
}
