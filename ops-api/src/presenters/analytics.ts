import type { Grain, IndicatorValueRow, SeriesComparison, SpcChart } from '@qc/analytics';
import type { ActivityRow } from '../services/activity-service.js';
import type { IndicatorDefinition } from '../services/analytics-indicators.js';
import type { DrillResult } from '../services/analytics-drill.js';
import type { overview } from '../services/analytics-overview.js';

/** The indicator as every analytics answer names it. */
export function presentIndicator(d: IndicatorDefinition) {
  return { code: d.code, name: d.name, unit: d.unit, version: d.version, direction: d.direction, binding: d.binding };
}

/**
 * The drill-down links of a cell: the discharge records, or for a reported indicator the approved
 * values behind each part. A reported part nobody reported (null) has nothing behind it: no link, and
 * no links at all when neither part was reported.
 */
export function drillLinks(
  d: Pick<IndicatorDefinition, 'code' | 'binding'>,
  org: string,
  period: string,
  grain: Grain,
  cell?: { numerator: number | null; denominator: number | null },
): { numerator: string | null; denominator: string | null } | null {
  const base = `/api/analytics/drill?indicator=${encodeURIComponent(d.code)}&org=${encodeURIComponent(org)}&period=${encodeURIComponent(period)}&grain=${grain}`;
  const link = (part: 'numerator' | 'denominator') =>
    d.binding === 'reported' && cell && cell[part] === null ? null : `${base}&part=${part}`;
  const links = { numerator: link('numerator'), denominator: link('denominator') };
  return links.numerator || links.denominator ? links : null;
}

/** One value row of the contract: org, period, numerator, denominator, value, drill. */
export function presentValueRow(d: IndicatorDefinition, grain: Grain, r: IndicatorValueRow) {
  return { org: r.org, period: r.period, numerator: r.numerator, denominator: r.denominator, value: r.value, drill: drillLinks(d, r.org, r.period, grain, r) };
}

/** The contract's answer of the indicator values endpoint (plus org name, grain and drill links). */
export function presentValues(v: { indicator: IndicatorDefinition; org: { code: string; name: string; kind: string }; grain: Grain; rows: IndicatorValueRow[] }) {
  return {
    indicator: presentIndicator(v.indicator),
    org: { code: v.org.code, name: v.org.name, kind: v.org.kind },
    grain: v.grain,
    rows: v.rows.map((r) => presentValueRow(v.indicator, v.grain, r)),
  };
}

/** A control chart: chart kind, centre line, points with limits and signals. */
export function presentSpc(s: SpcChart) {
  return {
    chart: s.chart,
    center: s.center,
    scale: s.scale,
    baselinePoints: s.baselinePoints,
    points: s.points.map((p) => ({ period: p.label, value: p.value, ucl: p.ucl, lcl: p.lcl, sigma: p.sigma, signals: p.signals })),
  };
}

/** 同比/环比 rows. */
export function presentCompare(c: SeriesComparison[]) {
  return c.map((r) => ({ period: r.period, value: r.value, lastYear: r.lastYear, yoy: r.yoy, previous: r.previous, pop: r.pop }));
}

/** An activity as lists show it. */
export function presentActivity(r: ActivityRow) {
  return {
    id: Number(r.id),
    kind: r.kind,
    center: { id: Number(r.center_id), code: r.center_code, name: r.center_name },
    hospital: r.hospital_id ? { id: Number(r.hospital_id), code: r.hospital_code, name: r.hospital_name } : null,
    title: r.title,
    dueDate: r.due_date,
    completedAt: r.completed_at ? new Date(r.completed_at).toISOString() : null,
    status: r.status,
    passed: r.passed,
    score: r.score === null ? null : Number(r.score),
    source: r.source_type ? { type: r.source_type, id: Number(r.source_id) } : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

/** The drill answer: which kind of rows it lists, paging, and the rows as the query layer shaped them. */
export function presentDrill(r: DrillResult) {
  if (r.kind === 'reported') {
    return {
      kind: r.kind,
      total: r.total,
      page: r.page,
      pageSize: r.pageSize,
      items: r.items.map((i) => ({
        orgCode: i.orgCode,
        hospitalName: i.hospitalName,
        period: i.period,
        periodGrain: i.periodGrain,
        elementCode: i.elementCode,
        value: i.value,
        formCode: i.formCode,
        submissionId: i.submissionId,
        taskId: i.taskId,
        taskLink: i.taskLink,
        approvedAt: i.approvedAt,
      })),
    };
  }
  return { kind: r.kind, total: r.total, page: r.page, pageSize: r.pageSize, items: r.items };
}

/** The city dashboard; each key indicator links to the records of its year for the dashboard's org. */
export function presentOverview(o: Awaited<ReturnType<typeof overview>>) {
  return {
    year: o.year,
    through: o.through,
    org: o.org,
    indicators: o.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      numerator: i.numerator,
      denominator: i.denominator,
      value: i.value,
      lastYear: i.lastYear,
      yoy: i.yoy,
      drill: drillLinks({ code: i.code, binding: 'discharge' }, o.org.code, String(o.year), 'year'),
    })),
    monthlyDischarges: o.monthlyDischarges.map((m) => ({ month: m.month, discharges: m.discharges, lastYear: m.lastYear })),
    completion: o.completion,
    monitor: o.monitor,
  };
}
