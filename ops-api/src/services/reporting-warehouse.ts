import type { Knex } from 'knex';
import { REPORTED_VALUES_SPEC, reportedCaseKey, reportedValueKey, tableFromRows } from '@qc/analytics';
import type { WarehouseClient } from '@qc/ingest';
import { shanghaiWallClock } from './reporting-periods.js';
import { analyticsInputsChanged } from './analytics-cache.js';
import type { ReportValues } from './reporting-validation.js';

interface ApprovedRow {
  id: number;
  values: ReportValues;
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
  type: string;
  indicator_code: string | null;
  indicator_variable: string | null;
}

/** The warehouse element a field's value is written to. */
export function elementCode(formCode: string, field: { code: string; indicator_code: string | null; indicator_variable: string | null }): string {
  return field.indicator_code && field.indicator_variable ? `${field.indicator_code}:${field.indicator_variable}` : `${formCode}:${field.code}`;
}

/**
 * The `raw.reported_values` rows of approved submissions: one per field, unfilled ones as NULL; a
 * 逐例数值 field one per case, and NULL for the case numbers up to `previousCases` of its key (a
 * longer list approved earlier) so that no stale case keeps counting.
 */
export function reportedRows(submissions: ApprovedRow[], fields: FieldRow[], loadedAt: Date, previousCases: ReadonlyMap<string, number> = new Map()): Record<string, unknown>[] {
  const byForm = new Map<number, FieldRow[]>();
  for (const f of fields) byForm.set(Number(f.form_id), [...(byForm.get(Number(f.form_id)) ?? []), f]);
  const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return submissions.flatMap((s) =>
    (byForm.get(Number(s.form_id)) ?? []).flatMap((f) => {
      const element = elementCode(s.form_code, f);
      const key = reportedValueKey(s.org_code, s.period_grain, s.period_start, element);
      const row = (valueKey: string, value: number | null) => ({
        value_key: valueKey,
        org_code: s.org_code,
        period_grain: s.period_grain,
        period_start: s.period_start,
        period_end: s.period_end,
        element_code: element,
        value,
        form_code: s.form_code,
        submission_id: Number(s.id),
        // warehouse timestamps are wall-clock times (Asia/Shanghai), see warehouse/src/schema/arrow.ts
        approved_at: shanghaiWallClock(s.reviewed_at ? new Date(s.reviewed_at) : loadedAt),
        _loaded_at: loadedAt,
      });
      const value = s.values?.[f.code];
      if (f.type !== 'cases') return [row(key, finite(value))];
      const cases = Array.isArray(value) ? value : [];
      const count = Math.max(cases.length, previousCases.get(key) ?? 0);
      return Array.from({ length: count }, (_, i) => row(reportedCaseKey(s.org_code, s.period_grain, s.period_start, element, i + 1), finite(cases[i])));
    }),
  );
}

/**
 * For each 逐例数值 element key of these submissions, how many case rows the warehouse holds — the
 * highest case number, since every write covers the numbers 1…n without a gap. Counted in the engine:
 * one row per hospital × period × element comes back, not one per case.
 */
async function casesInWarehouse(warehouse: WarehouseClient, submissions: ApprovedRow[], fields: FieldRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const caseFields = fields.filter((f) => f.type === 'cases');
  if (!caseFields.length) return out;
  const formCodes = new Map(submissions.map((s) => [Number(s.form_id), s.form_code]));
  const elements = [...new Set(caseFields.map((f) => elementCode(formCodes.get(Number(f.form_id)) ?? '', f)))];
  const orgs = [...new Set(submissions.map((s) => s.org_code))];
  const q = warehouse.dialect.quoteIdentifier;
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const groups = ['org_code', 'period_grain', 'period_start', 'element_code'].map((c) => q(c)).join(', ');
  const found = await warehouse.query<{ org_code: string; period_grain: string; period_start: string; element_code: string; n: number }>(
    `SELECT ${groups}, count(*) AS ${q('n')} FROM ${warehouse.dialect.readTable(REPORTED_VALUES_SPEC)}
WHERE ${q('org_code')} IN (${marks(orgs.length)}) AND ${q('element_code')} IN (${marks(elements.length)}) AND ${q('value_key')} LIKE '%#%'
GROUP BY ${groups}`,
    [...orgs, ...elements],
  );
  for (const r of found) out.set(reportedValueKey(r.org_code, r.period_grain, String(r.period_start).slice(0, 10), r.element_code), Number(r.n));
  return out;
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
  const fields = (await knex('report_form_fields').whereIn('form_id', formIds).select('form_id', 'code', 'type', 'indicator_code', 'indicator_variable')) as FieldRow[];
  await warehouse.ensureTable(REPORTED_VALUES_SPEC);
  const rows = reportedRows(submissions, fields, new Date(), await casesInWarehouse(warehouse, submissions, fields));
  if (rows.length) {
    await warehouse.loadArrow(REPORTED_VALUES_SPEC, tableFromRows(REPORTED_VALUES_SPEC, rows));
    analyticsInputsChanged();
  }
  await knex('report_submissions')
    .whereIn('id', submissions.map((s) => Number(s.id)))
    .update({ warehouse_synced_at: knex.fn.now() });
  return { submissions: submissions.length, rows: rows.length };
}
