import { newcombeDifference, parsePeriod, pearson, StatsInputError, welchInterval, wilsonInterval, type ProportionInterval } from '@qc/analytics';
import type { Knex } from 'knex';
import { ValidationError } from '../errors.js';
import { ACTIVITY_KIND_NAMES, scopeActivities, type ActivityKind } from './activity-service.js';
import { resolveCenter } from './analytics-orgs.js';
import type { Actor, Db } from './context.js';
import { daysBetween, shanghaiDate } from './reporting-periods.js';

/** Kinds a completion rate is reported for; `report` adds the hospitals' report tasks (approved = done). */
export const COMPLETION_KINDS = ['baseline_survey', 'inspection', 'training', 'report'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

/** Days before its due date an activity shows as a warning (report tasks use their form's remind_days). */
export const ACTIVITY_REMIND_DAYS = 7;

export interface Counts {
  done: number;
  due: number;
  rate: number | null;
}

const counts = (done: number, due: number): Counts => ({ done, due, rate: due ? done / due : null });

export interface CompletionRow {
  center: { id: number; code: string; name: string } | null;
  kind: CompletionKind;
  kindName: string;
  done: number;
  due: number;
  rate: number | null;
  lastYear: Counts;
}

export interface CompletionQuery {
  year: number;
  quarter?: number | undefined;
  center?: string | undefined;
  kind?: CompletionKind | undefined;
}

function periodOf(year: number, quarter?: number): { start: string; end: string } {
  if (!quarter) return { start: `${year}-01-01`, end: `${year}-12-31` };
  return parsePeriod(`${year}Q${quarter}`);
}

interface CountRow {
  center_id: number | null;
  center_code: string | null;
  center_name: string | null;
  kind: string;
  due: number | string;
  done: number | string;
  ly_due: number | string;
  ly_done: number | string;
}

/**
 * Completion = done / due per center × kind, where due counts what falls due in the period (cancelled
 * activities excluded), against the same period last year. `report` counts the center's report
 * activities and the report tasks of its forms (approved = done).
 */
export async function completion(db: Db, actor: Actor, query: CompletionQuery): Promise<{ year: number; quarter: number | null; rows: CompletionRow[]; totals: (Counts & { kind: CompletionKind; kindName: string; lastYear: Counts })[]; total: Counts & { lastYear: Counts } }> {
  const now = periodOf(query.year, query.quarter);
  const before = periodOf(query.year - 1, query.quarter);
  const center = query.center ? await resolveCenter(db, actor, query.center) : undefined;
  const bucket = (col: string, done: string) => [
    db.raw(`count(*) filter (where ${col} >= ?) as due`, [now.start]),
    db.raw(`count(*) filter (where ${col} >= ? and ${done}) as done`, [now.start]),
    db.raw(`count(*) filter (where ${col} < ?) as ly_due`, [now.start]),
    db.raw(`count(*) filter (where ${col} < ? and ${done}) as ly_done`, [now.start]),
  ];
  const inPeriods = (q: Knex.QueryBuilder, col: string) =>
    q.where((w) => {
      void w.whereBetween(col, [now.start, now.end]).orWhereBetween(col, [before.start, before.end]);
    });

  const activities = scopeActivities(
    inPeriods(db('qc_activities as a').join('organizations as c', 'c.id', 'a.center_id'), 'a.due_date')
      .whereNot('a.status', 'cancelled')
      .whereIn('a.kind', query.kind ? [query.kind] : [...COMPLETION_KINDS])
      .select('a.center_id', 'c.code as center_code', 'c.name as center_name', 'a.kind', ...bucket('a.due_date', "a.status = 'done'"))
      .groupBy('a.center_id', 'c.code', 'c.name', 'a.kind'),
    actor,
  );
  if (center) activities.where('a.center_id', center.id);
  const rows = (await activities) as CountRow[];

  if (!query.kind || query.kind === 'report') {
    const tasks = inPeriods(db('report_tasks as t').join('report_forms as f', 'f.id', 't.form_id').leftJoin('organizations as c', 'c.id', 'f.center_id'), 't.due_date')
      .select('f.center_id', 'c.code as center_code', 'c.name as center_name', db.raw("'report' as kind"), ...bucket('t.due_date', "t.status = 'approved'"))
      .groupBy('f.center_id', 'c.code', 'c.name');
    if (actor.scope.kind === 'orgs') tasks.whereIn('t.hospital_id', actor.scope.orgIds);
    if (center) tasks.where('f.center_id', center.id);
    rows.push(...((await tasks) as CountRow[]));
  }

  const merged = new Map<string, CompletionRow>();
  for (const r of rows) {
    const key = `${r.center_id ?? ''}|${r.kind}`;
    const prev = merged.get(key);
    const done = Number(r.done) + (prev?.done ?? 0);
    const due = Number(r.due) + (prev?.due ?? 0);
    const lyDone = Number(r.ly_done) + (prev?.lastYear.done ?? 0);
    const lyDue = Number(r.ly_due) + (prev?.lastYear.due ?? 0);
    merged.set(key, {
      center: r.center_id === null ? null : { id: Number(r.center_id), code: r.center_code!, name: r.center_name! },
      kind: r.kind as CompletionKind,
      kindName: ACTIVITY_KIND_NAMES[r.kind as ActivityKind],
      ...counts(done, due),
      lastYear: counts(lyDone, lyDue),
    });
  }
  const out = [...merged.values()].sort(
    (a, b) => (a.center?.code ?? '').localeCompare(b.center?.code ?? '') || COMPLETION_KINDS.indexOf(a.kind) - COMPLETION_KINDS.indexOf(b.kind),
  );
  const sum = (list: CompletionRow[]) => {
    const d = list.reduce((s, r) => s + r.done, 0);
    const u = list.reduce((s, r) => s + r.due, 0);
    const ld = list.reduce((s, r) => s + r.lastYear.done, 0);
    const lu = list.reduce((s, r) => s + r.lastYear.due, 0);
    return { ...counts(d, u), lastYear: counts(ld, lu) };
  };
  const totals = COMPLETION_KINDS.filter((k) => !query.kind || k === query.kind).map((kind) => ({ kind, kindName: ACTIVITY_KIND_NAMES[kind], ...sum(out.filter((r) => r.kind === kind)) }));
  return { year: query.year, quarter: query.quarter ?? null, rows: out, totals, total: sum(out) };
}

export interface MonitorRow {
  org: string;
  orgName: string;
  center: { code: string; name: string } | null;
  item: { type: 'activity' | 'report_task'; id: number; kind: string; kindName: string; title: string };
  dueDate: string;
  daysOverdue: number;
  daysLeft: number;
  level: 'warning' | 'overdue';
}

export interface MonitorQuery {
  period?: string | undefined;
  center?: string | undefined;
  asOf?: string | undefined;
}

/**
 * What is due and not done as of a day: activities still planned and report tasks not yet submitted
 * (pending, draft or returned). `warning` within the reminder window before the due date, `overdue` after it.
 */
export async function monitor(db: Db, actor: Actor, query: MonitorQuery): Promise<{ asOf: string; rows: MonitorRow[]; counts: { warning: number; overdue: number } }> {
  const asOf = query.asOf ?? shanghaiDate();
  let period: { start: string; end: string } | undefined;
  if (query.period) {
    try {
      period = parsePeriod(query.period);
    } catch (err) {
      if (err instanceof StatsInputError) throw new ValidationError(err.message, [{ field: 'query.period', message: err.message }]);
      throw err;
    }
  }
  const center = query.center ? await resolveCenter(db, actor, query.center) : undefined;

  const acts = scopeActivities(
    db('qc_activities as a')
      .join('organizations as c', 'c.id', 'a.center_id')
      .leftJoin('organizations as h', 'h.id', 'a.hospital_id')
      .where('a.status', 'planned')
      .whereRaw('a.due_date <= ?::date + ?::int', [asOf, ACTIVITY_REMIND_DAYS])
      .select('a.id', 'a.kind', 'a.title', 'a.due_date', 'c.code as center_code', 'c.name as center_name', 'h.code as hospital_code', 'h.name as hospital_name'),
    actor,
  );
  if (period) acts.whereBetween('a.due_date', [period.start, period.end]);
  if (center) acts.where('a.center_id', center.id);

  const tasks = db('report_tasks as t')
    .join('report_forms as f', 'f.id', 't.form_id')
    .join('organizations as h', 'h.id', 't.hospital_id')
    .leftJoin('organizations as c', 'c.id', 'f.center_id')
    .whereIn('t.status', ['pending', 'draft', 'returned'])
    .whereRaw('t.due_date <= ?::date + f.remind_days', [asOf])
    .select('t.id', 'f.name as form_name', 't.period_label', 't.due_date', 'c.code as center_code', 'c.name as center_name', 'h.code as hospital_code', 'h.name as hospital_name');
  if (actor.scope.kind === 'orgs') tasks.whereIn('t.hospital_id', actor.scope.orgIds);
  if (period) tasks.whereBetween('t.due_date', [period.start, period.end]);
  if (center) tasks.where('f.center_id', center.id);

  type ActRow = { id: number; kind: ActivityKind; title: string; due_date: string; center_code: string; center_name: string; hospital_code: string | null; hospital_name: string | null };
  type TaskRow = { id: number; form_name: string; period_label: string; due_date: string; center_code: string | null; center_name: string | null; hospital_code: string; hospital_name: string };
  const [actRows, taskRows] = [(await acts) as ActRow[], (await tasks) as TaskRow[]];
  const level = (due: string) => {
    const late = daysBetween(due, asOf);
    return { daysOverdue: Math.max(0, late), daysLeft: Math.max(0, -late), level: late > 0 ? ('overdue' as const) : ('warning' as const) };
  };
  const rows: MonitorRow[] = [
    ...actRows.map((a) => ({
      org: a.hospital_code ?? a.center_code,
      orgName: a.hospital_name ?? a.center_name,
      center: { code: a.center_code, name: a.center_name },
      item: { type: 'activity' as const, id: Number(a.id), kind: a.kind, kindName: ACTIVITY_KIND_NAMES[a.kind], title: a.title },
      dueDate: a.due_date,
      ...level(a.due_date),
    })),
    ...taskRows.map((t) => ({
      org: t.hospital_code,
      orgName: t.hospital_name,
      center: t.center_code ? { code: t.center_code, name: t.center_name! } : null,
      item: { type: 'report_task' as const, id: Number(t.id), kind: 'report', kindName: '数据上报', title: `${t.form_name}（${t.period_label}）` },
      dueDate: t.due_date,
      ...level(t.due_date),
    })),
  ];
  rows.sort((a, b) => (a.level === b.level ? b.daysOverdue - a.daysOverdue || a.dueDate.localeCompare(b.dueDate) || a.org.localeCompare(b.org) : a.level === 'overdue' ? -1 : 1));
  return {
    asOf,
    rows,
    counts: { warning: rows.filter((r) => r.level === 'warning').length, overdue: rows.filter((r) => r.level === 'overdue').length },
  };
}

export interface PassRate extends ProportionInterval {
  passed: number;
  inspections: number;
}

export interface CorrelationGroup {
  key: 'more' | 'fewer';
  label: string;
  n: number;
  meanChange: number | null;
  thisYear: PassRate;
  lastYear: PassRate;
}

interface HospitalCounts {
  hospital_id: number;
  code: string;
  name: string;
  visits: number | string;
  insp_now: number | string;
  pass_now: number | string;
  insp_last: number | string;
  pass_last: number | string;
}

/**
 * Do hospitals that got more tracking visits improve their inspection pass rate more? Hospitals with
 * inspections in both years, split at `minVisits` visits in the year: per group the mean change of the
 * pass rate (percentage points) and pooled pass rates with Wilson intervals; the difference of mean
 * changes with Welch's interval, of this year's pass rates with Newcombe's; and Pearson's r of visits vs change.
 */
export async function trackingVisitCorrelation(db: Db, actor: Actor, query: { year: number; minVisits: number }) {
  const start = `${query.year}-01-01`;
  const lastStart = `${query.year - 1}-01-01`;
  const end = `${query.year}-12-31`;
  const q = scopeActivities(
    db('qc_activities as a')
      .join('organizations as h', 'h.id', 'a.hospital_id')
      .where('a.status', 'done')
      .whereIn('a.kind', ['tracking_visit', 'inspection'])
      .whereBetween('a.due_date', [lastStart, end])
      .select('a.hospital_id', 'h.code', 'h.name')
      .select(
        db.raw(`count(*) filter (where a.kind = 'tracking_visit' and a.due_date >= ?) as visits`, [start]),
        db.raw(`count(*) filter (where a.kind = 'inspection' and a.passed is not null and a.due_date >= ?) as insp_now`, [start]),
        db.raw(`count(*) filter (where a.kind = 'inspection' and a.passed and a.due_date >= ?) as pass_now`, [start]),
        db.raw(`count(*) filter (where a.kind = 'inspection' and a.passed is not null and a.due_date < ?) as insp_last`, [start]),
        db.raw(`count(*) filter (where a.kind = 'inspection' and a.passed and a.due_date < ?) as pass_last`, [start]),
      )
      .groupBy('a.hospital_id', 'h.code', 'h.name')
      .orderBy('h.code'),
    actor,
  );
  const rows = (await q) as HospitalCounts[];
  const hospitals = rows
    .map((r) => ({
      org: r.code,
      orgName: r.name,
      visits: Number(r.visits),
      inspections: Number(r.insp_now),
      passed: Number(r.pass_now),
      lastYearInspections: Number(r.insp_last),
      lastYearPassed: Number(r.pass_last),
    }))
    .filter((h) => h.inspections > 0 && h.lastYearInspections > 0)
    .map((h) => {
      const rate = h.passed / h.inspections;
      const lastYearRate = h.lastYearPassed / h.lastYearInspections;
      return { ...h, rate, lastYearRate, change: (rate - lastYearRate) * 100, group: h.visits >= query.minVisits ? ('more' as const) : ('fewer' as const) };
    });
  const group = (key: 'more' | 'fewer'): CorrelationGroup => {
    const list = hospitals.filter((h) => h.group === key);
    const passed = list.reduce((s, h) => s + h.passed, 0);
    const inspections = list.reduce((s, h) => s + h.inspections, 0);
    const lyPassed = list.reduce((s, h) => s + h.lastYearPassed, 0);
    const lyInspections = list.reduce((s, h) => s + h.lastYearInspections, 0);
    return {
      key,
      label: key === 'more' ? `追踪随访 ≥ ${query.minVisits} 次` : `追踪随访 < ${query.minVisits} 次`,
      n: list.length,
      meanChange: list.length ? list.reduce((s, h) => s + h.change, 0) / list.length : null,
      thisYear: { passed, inspections, ...wilsonInterval(passed, inspections) },
      lastYear: { passed: lyPassed, inspections: lyInspections, ...wilsonInterval(lyPassed, lyInspections) },
    };
  };
  const more = group('more');
  const fewer = group('fewer');
  const welch = welchInterval(
    hospitals.filter((h) => h.group === 'more').map((h) => h.change),
    hospitals.filter((h) => h.group === 'fewer').map((h) => h.change),
  );
  return {
    year: query.year,
    minVisits: query.minVisits,
    unit: '百分点',
    groups: [more, fewer],
    difference: {
      meanChange: { difference: welch.difference, lower: welch.lower, upper: welch.upper, df: welch.df },
      passRate: newcombeDifference(more.thisYear.passed, more.thisYear.inspections, fewer.thisYear.passed, fewer.thisYear.inspections),
    },
    correlation: pearson(
      hospitals.map((h) => h.visits),
      hospitals.map((h) => h.change),
    ),
    hospitals,
  };
}
