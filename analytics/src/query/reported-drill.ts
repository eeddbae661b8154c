import { REPORTED_VALUES_SPEC, type Dialect, type WarehouseClient } from '@qc/warehouse';
import { periodLabel, type Grain } from '../stats/index.js';
import { pageClause } from './drill.js';
import { dateParam, numberOrNull, placeholders, stringLiteral } from './sql.js';
import { ensureReportedValues, reportedElement } from './values.js';

/** The reported values behind one part (numerator or denominator) of one cell of a reported indicator. */
export interface ReportedDrillQuery {
  /** The indicator's code: the part's element is `<code>:<part>`. */
  code: string;
  /** Hospitals of the cell (already cut to the caller's scope). */
  hospitals: string[];
  /** First and last day of the cell, `YYYY-MM-DD`: a value counts when its period lies within. */
  from: string;
  to: string;
  /** Report grains that count in the cell (`reportedGrainsFor` of the cell's grain). */
  grains: Grain[];
  /** The formula variable: `numerator`, `denominator`, a case list's variable (see `reportedParts`) or an element code `X:variable`. */
  part: string;
  page: number;
  pageSize: number;
}

/** One approved value as the drill-down lists it. */
export interface ReportedDrillItem {
  orgCode: string;
  /** The reported period's label: `2026-03`, `2026Q1` or `2026`. */
  period: string;
  periodGrain: Grain;
  elementCode: string;
  /** Null when the field was left empty (it adds nothing to the sum). */
  value: number | null;
  formCode: string;
  submissionId: number;
  /** Wall-clock time in Asia/Shanghai, `YYYY-MM-DDTHH:MM:SS.sss`. */
  approvedAt: string | null;
}

/**
 * SQL for one page of the reported values behind a cell and for their count: exactly the rows
 * `buildIndicatorValuesSql` adds up for the part's element (hospitals, whole periods inside the cell,
 * the grain rule), ordered by hospital and period.
 */
export function buildReportedDrillSql(
  dialect: Dialect,
  query: ReportedDrillQuery,
): { page: { sql: string; params: unknown[] }; count: { sql: string; params: unknown[] } } {
  const q = dialect.quoteIdentifier;
  const element = stringLiteral(dialect, reportedElement(query.code, query.part));
  const where = (params: unknown[]) => {
    params.push(...query.hospitals, query.from, query.to, ...query.grains);
    return `FROM (SELECT * FROM ${dialect.readTable(REPORTED_VALUES_SPEC)}) r
WHERE r.${q('org_code')} IN (${placeholders(query.hospitals.length)})
  AND r.${q('period_start')} >= ${dateParam(dialect)} AND r.${q('period_end')} <= ${dateParam(dialect)}
  AND r.${q('period_grain')} IN (${placeholders(query.grains.length)})
  AND r.${q('element_code')} = ${element}
  AND NOT (r.${q('value')} IS NULL AND r.${q('value_key')} LIKE '%#%')`;
  };
  const countParams: unknown[] = [];
  const pageParams: unknown[] = [];
  const count = `SELECT count(*) AS ${q('n')} ${where(countParams)}`;
  const columns = ['org_code', 'period_grain', 'period_start', 'element_code', 'value', 'form_code', 'submission_id', 'approved_at'];
  const page = `SELECT ${columns.map((c) => `r.${q(c)} AS ${q(c)}`).join(', ')} ${where(pageParams)}
ORDER BY r.${q('org_code')}, r.${q('period_start')}, r.${q('period_grain')}, length(r.${q('value_key')}), r.${q('value_key')}
${pageClause(query.page, query.pageSize)}`;
  return { page: { sql: page, params: pageParams }, count: { sql: count, params: countParams } };
}

/** One page of the approved reported values behind a cell, and how many there are. */
export async function queryReportedDrill(warehouse: WarehouseClient, query: ReportedDrillQuery): Promise<{ total: number; items: ReportedDrillItem[] }> {
  if (!query.hospitals.length || !query.grains.length) return { total: 0, items: [] };
  await ensureReportedValues(warehouse);
  const built = buildReportedDrillSql(warehouse.dialect, query);
  const [counted, rows] = await Promise.all([warehouse.query(built.count.sql, built.count.params), warehouse.query(built.page.sql, built.page.params)]);
  const items = rows.map((r): ReportedDrillItem => {
    const grain = String(r.period_grain) as Grain;
    return {
      orgCode: String(r.org_code),
      period: periodLabel(String(r.period_start).slice(0, 10), grain),
      periodGrain: grain,
      elementCode: String(r.element_code),
      value: numberOrNull(r.value),
      formCode: String(r.form_code),
      submissionId: numberOrNull(r.submission_id) ?? 0,
      approvedAt: r.approved_at === null || r.approved_at === undefined ? null : String(r.approved_at),
    };
  });
  return { total: numberOrNull(counted[0]?.n) ?? 0, items };
}
