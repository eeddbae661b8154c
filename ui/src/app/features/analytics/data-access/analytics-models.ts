/**
 * Shapes of the /api/analytics answers (docs/indicators-analytics.md §4) and of the lists the
 * analytics pages read from other features' routes (/api/indicators, /api/orgs).
 */

/** Period grain of a query: labels are `2026-03`, `2026Q1`, `2026`. */
export type Grain = 'month' | 'quarter' | 'year';

/** Which way an indicator is better; `target_range` has no good direction (workload, structure). */
export type Direction = 'higher_better' | 'lower_better' | 'target_range';

/** URLs of the records behind a cell's numerator and denominator (GET /api/analytics/drill?…). */
export interface DrillLinks {
  numerator: string | null;
  denominator: string | null;
}

/** The indicator a values/series answer is about. */
export interface IndicatorRef {
  code: string;
  name: string;
  unit: string | null;
  version?: number;
  direction?: Direction | null;
  binding?: 'discharge' | 'reported';
}

/** One cell: an org in a period. A denominator of 0 gives a null value. */
export interface ValueRow {
  org: string;
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  drill?: DrillLinks | null;
}

/** GET /api/analytics/indicators/{code}/values. */
export interface IndicatorValues {
  indicator: IndicatorRef;
  /** The org the cells add up, as the server resolved it. */
  org?: { code: string; name: string; kind: string };
  grain?: Grain;
  rows: ValueRow[];
}

/** A Western Electric / Nelson run rule a point breaks. */
export type SpcSignal =
  | 'beyond_3sigma'
  | 'two_of_three_beyond_2sigma'
  | 'four_of_five_beyond_1sigma'
  | 'run_8_same_side'
  | 'trend_6'
  | string;

/** One period on the control chart; limits are null where the point has no denominator. */
export interface SpcPoint {
  period: string;
  value: number | null;
  ucl: number | null;
  lcl: number | null;
  signals: SpcSignal[];
}

/** The control chart of a series: p (proportions), u (rates per unit) or XmR. */
export interface Spc {
  chart: 'p' | 'u' | 'xmr';
  center: number | null;
  points: SpcPoint[];
}

/** A period against the one before it (pop) and the same period last year (yoy); relative changes. */
export interface ComparePoint {
  period: string;
  value: number | null;
  lastYear: number | null;
  yoy: number | null;
  previous: number | null;
  pop: number | null;
}

/** GET /api/analytics/indicators/{code}/series. */
export interface IndicatorSeries extends IndicatorValues {
  spc: Spc | null;
  compare: ComparePoint[];
}

/** One hospital in a ranking, best first by the indicator's direction. */
export interface RankingRow {
  rank: number | null;
  org: string;
  orgName: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lastYear: number | null;
  yoy: number | null;
  drill?: DrillLinks | null;
}

/** GET /api/analytics/indicators/{code}/ranking. */
export interface Ranking {
  indicator?: IndicatorRef;
  rows: RankingRow[];
}

/** A key indicator of the city dashboard, this year to date against the same months last year. */
export interface OverviewIndicator {
  code: string;
  name: string;
  unit: string | null;
  direction?: Direction | null;
  value: number | null;
  lastYear: number | null;
  yoy: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** The records behind the year's number (the dashboard's org, grain year). */
  drill?: DrillLinks | null;
}

/** Discharges of one month and of the same month last year; null where no discharge was loaded. */
export interface MonthlyDischarges {
  /** `YYYY-MM`. */
  month: string;
  discharges: number | null;
  lastYear?: number | null;
}

/** Done over due; rate (0…1) null when nothing was due. */
export interface CompletionCell {
  done: number;
  due: number;
  rate: number | null;
}

/** A cell against the same period last year. */
export interface CompletionWithLastYear extends CompletionCell {
  lastYear: CompletionCell | null;
}

/** All centers' completion of one kind of work. */
export interface CompletionKindTotal extends CompletionWithLastYear {
  kind: CompletionKind;
  kindName?: string;
}

/** Counts of due-but-not-done items, by level. */
export interface MonitorCounts {
  warning: number;
  overdue: number;
}

/** GET /api/analytics/overview?year=. */
export interface AnalyticsOverview {
  year: number;
  /** The last month counted (`YYYY-MM`): this year is compared to date. */
  through?: string;
  /** The org the dashboard adds up (the city, cut to the caller's scope). */
  org?: { code: string; name: string };
  indicators: OverviewIndicator[];
  monthlyDischarges: MonthlyDischarges[];
  completion: { totals: CompletionKindTotal[]; total: CompletionWithLastYear };
  monitor: MonitorCounts;
}

/** Kinds of work whose completion is measured. */
export type CompletionKind = 'baseline_survey' | 'inspection' | 'training' | 'report';

/** A center's completion of one kind of work, against the same period last year; center null = the city's own forms. */
export interface CompletionRow extends CompletionWithLastYear {
  center: { id?: number; code: string; name: string } | null;
  kind: CompletionKind;
  kindName?: string;
}

/** GET /api/analytics/completion. */
export interface Completion {
  year?: number;
  quarter?: number | null;
  rows: CompletionRow[];
  totals?: CompletionKindTotal[];
  total?: CompletionWithLastYear;
}

/** What is due: a report task of a form, or a QC activity. */
export interface MonitorItem {
  type: 'activity' | 'report_task';
  id: number;
  kind: string;
  kindName: string;
  title: string;
}

/** A due-but-not-done task or activity; `warning` inside the reminder window, `overdue` after the due date. */
export interface MonitorRow {
  org: string;
  orgName: string;
  center: { code: string; name: string } | null;
  item: MonitorItem;
  dueDate: string;
  daysOverdue: number;
  daysLeft: number;
  level: 'warning' | 'overdue';
}

/** GET /api/analytics/monitor. */
export interface Monitor {
  asOf?: string;
  rows: MonitorRow[];
  counts?: MonitorCounts;
}

/** One discharge (and operation, for operation-bound parts) behind a number; no names or ID numbers. */
export interface DrillRecord {
  recordKey: string;
  orgCode: string;
  recordNo: string;
  admissionSeq: number | null;
  dischargeTime: string | null;
  dischargeDept: string | null;
  mainDiagCode: string | null;
  mainDiagName: string | null;
  losDays: number | null;
  dischargeMethod: string | number | null;
  opCode?: string | null;
  opName?: string | null;
  opLevel?: number | string | null;
}

/** One approved reported value behind a number of a reported indicator (数据上报). */
export interface ReportedRecord {
  orgCode: string;
  /** Null when the caller may not read the hospital's name. */
  hospitalName?: string | null;
  /** The reported period: `2026-03`, `2026Q1` or `2026`. */
  period: string;
  periodGrain: Grain;
  elementCode: string;
  /** Null when the field was left empty. */
  value: number | null;
  formCode: string;
  submissionId: number;
  /** The task of the submission; null when the caller may not see it. */
  taskId?: number | null;
  /** The page of that task this caller may open (review for its reviewers, filling for the hospital); null for neither. */
  taskLink?: string | null;
  /** Wall-clock time (Asia/Shanghai). */
  approvedAt: string | null;
}

/** What a drill lists: 病案首页 records, or the approved reported values. */
export type DrillKind = 'discharge' | 'reported';

/** GET /api/analytics/drill. */
export type DrillPage =
  | { kind?: 'discharge'; total: number; items: DrillRecord[] }
  | { kind: 'reported'; total: number; items: ReportedRecord[] };

/** A row of either kind of drill list. */
export type DrillRow = DrillRecord | ReportedRecord;

/** One indicator of GET /api/indicators, as far as these pages use it. */
export interface IndicatorOption {
  code: string;
  name: string;
  specialty: string;
  unit: string | null;
  direction: Direction;
  binding: 'discharge' | 'reported';
  /** rate, ratio, median, percentile…; a median or percentile has no numerator and counts cases. */
  kind?: string;
}

/** GET /api/indicators. */
export interface IndicatorList {
  items: IndicatorOption[];
  total: number;
}
