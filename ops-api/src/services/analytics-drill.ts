import {
  dischargeBinding,
  queryDrill,
  queryReportedDrill,
  reportedGrainsFor,
  reportedParts,
  type DrillItem,
  type Grain,
  type ReportedDrillItem,
} from '@qc/analytics';
import type { WarehouseClient } from '@qc/ingest';
import { fromMarts } from './analytics-warehouse.js';
import { getIndicatorDefinition } from './analytics-indicators.js';
import { resolveAnalyticsOrg } from './analytics-orgs.js';
import type { Actor, Db } from './context.js';
import { canFill, canReview } from './reporting-tasks.js';
import { checkedPeriod } from './analytics-values.js';

export interface DrillRequest {
  indicator: string;
  org?: string | undefined;
  period: string;
  grain?: Grain | undefined;
  part: 'numerator' | 'denominator';
  page: number;
  pageSize: number;
}

/** A reported value behind a number, with the task it was approved in when the caller may see that task. */
export interface ReportedDrillRow extends ReportedDrillItem {
  taskId: number | null;
  /** The page this caller may open for the task: its review (the form's center, the city), its filling (the hospital), or none. */
  taskLink: string | null;
  hospitalName: string | null;
}

/** The answer of the drill endpoint: discharge records (or operation slots), or approved reported values. */
export type DrillResult =
  | { kind: 'discharge'; total: number; items: DrillItem[]; page: number; pageSize: number; table: string }
  | { kind: 'reported'; total: number; items: ReportedDrillRow[]; page: number; pageSize: number };

/**
 * Task and hospital name of each value's submission, read under the caller's Row-Level Security: a
 * task the caller cannot see stays null (the value itself is already within the scope).
 */
async function withTasks(db: Db, actor: Actor, items: ReportedDrillItem[]): Promise<ReportedDrillRow[]> {
  const ids = [...new Set(items.map((i) => i.submissionId))];
  const tasks = new Map<number, { id: number; link: string | null }>();
  if (ids.length) {
    const rows = (await db('report_submissions as s')
      .join('report_tasks as t', 't.id', 's.task_id')
      .join('report_forms as f', 'f.id', 't.form_id')
      .whereIn('s.id', ids)
      .select('s.id', 's.task_id', 't.hospital_id', 'f.center_id')) as { id: number; task_id: number; hospital_id: number; center_id: number | null }[];
    for (const r of rows) {
      // the same rules as the reporting pages: a link only to a page that will open for this caller
      const link = canReview(actor, r) ? `/reporting/review/${r.task_id}` : canFill(actor, r) ? `/reporting/tasks/${r.task_id}` : null;
      tasks.set(Number(r.id), { id: Number(r.task_id), link });
    }
  }
  const codes = [...new Set(items.map((i) => i.orgCode))];
  const names = new Map<string, string>();
  if (codes.length) {
    const rows = (await db('organizations').whereIn('code', codes).select('code', 'name')) as { code: string; name: string }[];
    for (const r of rows) names.set(r.code, r.name);
  }
  return items.map((i) => {
    const task = tasks.get(i.submissionId);
    return { ...i, taskId: task?.id ?? null, taskLink: task?.link ?? null, hospitalName: names.get(i.orgCode) ?? null };
  });
}

/**
 * What lies behind one part of one cell: for a discharge-bound indicator the discharge records (or
 * operation slots), for a reported one the approved values that were added up — only hospitals of the
 * cell that lie in the caller's scope; another hospital's cell answers 403 before the warehouse is asked.
 */
export async function drillRecords(db: Db, warehouse: WarehouseClient, actor: Actor, req: DrillRequest): Promise<DrillResult> {
  const indicator = await getIndicatorDefinition(db, req.indicator);
  const org = await resolveAnalyticsOrg(db, actor, req.org);
  const period = checkedPeriod(req.period, req.grain);
  const binding = dischargeBinding(indicator.code);
  if (!binding) {
    // a median's n is its cases; a part the indicator has not (a median's numerator) lists nothing
    const parts = reportedParts(indicator.formula);
    const part = parts[req.part];
    if (!part) return { kind: 'reported', total: 0, items: [], page: req.page, pageSize: req.pageSize };
    const result = await fromMarts(() =>
      queryReportedDrill(warehouse, {
        code: indicator.code,
        hospitals: org.hospitals,
        from: period.start,
        to: period.end,
        grains: reportedGrainsFor(period.grain),
        part,
        page: req.page,
        pageSize: req.pageSize,
      }),
    );
    return { kind: 'reported', total: result.total, items: await withTasks(db, actor, result.items), page: req.page, pageSize: req.pageSize };
  }
  const records = binding.drill[req.part];
  const result = await fromMarts(() =>
    queryDrill(warehouse, {
      records,
      hospitals: org.hospitals,
      fromMonth: period.start,
      toMonth: `${period.end.slice(0, 7)}-01`,
      page: req.page,
      pageSize: req.pageSize,
    }),
  );
  return { kind: 'discharge', ...result, page: req.page, pageSize: req.pageSize, table: records.table };
}
