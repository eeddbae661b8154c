import type { Knex } from 'knex';
import { REPORTED_VALUES_SPEC, reportedValueKey, tableFromRows } from '@qc/analytics';
import type { WarehouseClient } from '@qc/ingest';
import { shanghaiWallClock } from './reporting-periods.js';
import { analyticsInputsChanged } from './analytics-cache.js';

interface ApprovedRow {
  id: number;
  values: Record<string, number | null>;
  reviewed_at: Date | string | null;
  form_id: number;
  form_code: string;
  period_grain: string;
  period_start: string;
  period_end: string;
  org_code: string;
}

interface FieldRow {
  form_id: number;
  code: string;
  indicator_code: string | null;
  indicator_variable: string | null;
}

/** The warehouse element a field's value is written to. */
export function elementCode(formCode: string, field: { code: string; indicator_code: string | null; indicator_variable: string | null }): string {
  return field.indicator_code && field.indicator_variable ? `${field.indicator_code}:${field.indicator_variable}` : `${formCode}:${field.code}`;
}

/** The `raw.reported_values` rows of approved submissions: one per field, unfilled ones as NULL. */
export function reportedRows(submissions: ApprovedRow[], fields: FieldRow[], loadedAt: Date): Record<string, unknown>[] {
  const byForm = new Map<number, FieldRow[]>();
  for (const f of fields) byForm.set(Number(f.form_id), [...(byForm.get(Number(f.form_id)) ?? []), f]);
  return submissions.flatMap((s) =>
    (byForm.get(Number(s.form_id)) ?? []).map((f) => {
      const element = elementCode(s.form_code, f);
      const value = s.values?.[f.code];
      return {
        value_key: reportedValueKey(s.org_code, s.period_grain, s.period_start, element),
        org_code: s.org_code,
        period_grain: s.period_grain,
        period_start: s.period_start,
        period_end: s.period_end,
        element_code: element,
        value: typeof value === 'number' && Number.isFinite(value) ? value : null,
        form_code: s.form_code,
        submission_id: Number(s.id),
        // warehouse timestamps are wall-clock times (Asia/Shanghai), see warehouse/src/schema/arrow.ts
        approved_at: shanghaiWallClock(s.reviewed_at ? new Date(s.reviewed_at) : loadedAt),
        _loaded_at: loadedAt,
      };
    }),
  );
}

/**
 * Writes approved submissions not yet in the warehouse to `raw.reported_values` and marks them synced.
 * Runs after the approval has committed (a warehouse cannot join a PostgreSQL transaction); whatever a
 * crash leaves unsynced, the next sweep writes. Loads replace by key, so writing twice is harmless.
 * Runs as the platform (no user scope): it must see every hospital's approvals.
 */
export async function syncApprovedSubmissions(
  knex: Knex,
  warehouse: WarehouseClient,
  options: { ids?: number[]; limit?: number } = {},
): Promise<{ submissions: number; rows: number }> {
  const q = knex('report_submissions as s')
    .join('report_tasks as t', 't.id', 's.task_id')
    .join('report_forms as f', 'f.id', 't.form_id')
    .join('organizations as o', 'o.id', 't.hospital_id')
    .where('s.status', 'approved')
    .whereNull('s.warehouse_synced_at')
    .select('s.id', 's.values', 's.reviewed_at', 'f.id as form_id', 'f.code as form_code', 'f.period_grain', 't.period_start', 't.period_end', 'o.code as org_code')
    .orderBy('s.id')
    .limit(options.limit ?? 500);
  if (options.ids) q.whereIn('s.id', options.ids);
  const submissions = (await q) as ApprovedRow[];
  if (!submissions.length) return { submissions: 0, rows: 0 };
  const formIds = [...new Set(submissions.map((s) => Number(s.form_id)))];
  const fields = (await knex('report_form_fields').whereIn('form_id', formIds).select('form_id', 'code', 'indicator_code', 'indicator_variable')) as FieldRow[];
  const rows = reportedRows(submissions, fields, new Date());
  if (rows.length) {
    await warehouse.ensureTable(REPORTED_VALUES_SPEC);
    await warehouse.loadArrow(REPORTED_VALUES_SPEC, tableFromRows(REPORTED_VALUES_SPEC, rows));
    analyticsInputsChanged();
  }
  await knex('report_submissions')
    .whereIn('id', submissions.map((s) => Number(s.id)))
    .update({ warehouse_synced_at: knex.fn.now() });
  return { submissions: submissions.length, rows: rows.length };
}
