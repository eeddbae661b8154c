import {
  compareSeriesWithLastYear,
  parsePeriod,
  periodGrain,
  periodsBetween,
  queryIndicatorValues,
  rankRows,
  relativeChange,
  sameLastYear,
  spcChartFor,
  StatsInputError,
  type Grain,
  type IndicatorValueRow,
  type OrgCells,
  type SeriesComparison,
  type SpcChart,
} from '@qc/analytics';
import type { WarehouseClient } from '@qc/ingest';
import { ValidationError } from '../errors.js';
import { fromMarts } from './analytics-warehouse.js';
import { getIndicatorDefinition, type IndicatorDefinition } from './analytics-indicators.js';
import { hospitalsInScope, resolveAnalyticsOrg, resolveCenter, type AnalyticsOrg } from './analytics-orgs.js';
import type { Actor, Db } from './context.js';

export interface ValuesQuery {
  code: string;
  org?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  grain: Grain;
}

/** At most this many cells in one answer: ten years of months for one organization. */
const MAX_PERIODS = 120;

const pad = (n: number) => String(n).padStart(2, '0');

/** The month `n` months before today's (Asia/Shanghai), as YYYY-MM. */
export function monthBeforeNow(n: number, now = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3600_000);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth() - n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** The range asked for, defaulting to the twelve months before this one; checked and turned into period labels. */
export function checkedRange(from: string | undefined, to: string | undefined, grain: Grain): { from: string; to: string; periods: string[] } {
  const end = to ?? monthBeforeNow(1);
  const start = from ?? (to ? `${Number(end.slice(0, 4)) - 1}-${end.slice(5, 7)}` : monthBeforeNow(12));
  if (start > end) throw new ValidationError(`起始月份 ${start} 晚于结束月份 ${end}`, [{ field: 'query.from', message: '起始月份 不能晚于结束月份' }]);
  let periods: string[];
  try {
    periods = periodsBetween(start, end, grain);
  } catch (err) {
    if (err instanceof StatsInputError) throw new ValidationError(err.message, [{ field: 'query.from', message: err.message }]);
    throw err;
  }
  if (periods.length > MAX_PERIODS) {
    throw new ValidationError(`时间范围太长：最多 ${MAX_PERIODS} 个统计期，请缩短范围或改用更粗的粒度`, [{ field: 'query.from', message: '时间范围太长' }]);
  }
  return { from: start, to: end, periods };
}

/** A period label (`2026-03`, `2026Q1`, `2026`) with its grain and first/last day; one that disagrees with the grain asked for is refused. */
export function checkedPeriod(label: string, grain?: Grain): { grain: Grain; start: string; end: string } {
  try {
    const own = periodGrain(label);
    if (grain && own !== grain) {
      throw new ValidationError(`统计期 ${label} 与粒度 ${grain} 不一致`, [{ field: 'query.grain', message: '粒度 与统计期不一致' }]);
    }
    const { start, end } = parsePeriod(label);
    return { grain: own, start, end };
  } catch (err) {
    if (err instanceof StatsInputError) throw new ValidationError(err.message, [{ field: 'query.period', message: err.message }]);
    throw err;
  }
}

/** The same months one year earlier. */
function lastYearRange(from: string, to: string): { from: string; to: string } {
  const back = (m: string) => `${Number(m.slice(0, 4)) - 1}-${m.slice(5, 7)}`;
  return { from: back(from), to: back(to) };
}

export interface IndicatorValues {
  indicator: IndicatorDefinition;
  org: AnalyticsOrg;
  grain: Grain;
  rows: IndicatorValueRow[];
}

/**
 * The warehouse half of an analytics request: run after the PostgreSQL transaction has ended, so the
 * embedded database's single connection is not held while the warehouse computes.
 */
export type WarehouseStep<T> = (warehouse: WarehouseClient) => Promise<T>;

/** Values of one indicator for one organization (hospital, center or city, cut to the scope) by period. */
export async function indicatorValues(db: Db, actor: Actor, query: ValuesQuery): Promise<WarehouseStep<IndicatorValues>> {
  const indicator = await getIndicatorDefinition(db, query.code);
  const org = await resolveAnalyticsOrg(db, actor, query.org);
  const { from, to } = checkedRange(query.from, query.to, query.grain);
  return async (warehouse) => {
    const rows = await fromMarts(() =>
      queryIndicatorValues(warehouse, {
        indicator: { code: indicator.code, formula: indicator.formula },
        orgs: [{ org: org.code, hospitals: org.hospitals }],
        from,
        to,
        grain: query.grain,
      }),
    );
    return { indicator, org, grain: query.grain, rows };
  };
}

export interface IndicatorSeries extends IndicatorValues {
  spc: SpcChart;
  compare: SeriesComparison[];
}

/** A series with its control chart and 同比/环比 (last year's values from the same months a year back). */
export async function indicatorSeries(db: Db, actor: Actor, query: ValuesQuery): Promise<WarehouseStep<IndicatorSeries>> {
  const indicator = await getIndicatorDefinition(db, query.code);
  const org = await resolveAnalyticsOrg(db, actor, query.org);
  const { from, to, periods } = checkedRange(query.from, query.to, query.grain);
  return async (warehouse) => {
    // one query from a year before the range: last year's values and the first period's previous one (环比)
    const all = await fromMarts(() =>
      queryIndicatorValues(warehouse, {
        indicator: { code: indicator.code, formula: indicator.formula },
        orgs: [{ org: org.code, hospitals: org.hospitals }],
        from: lastYearRange(from, to).from,
        to,
        grain: query.grain,
      }),
    );
    const wanted = new Set(periods);
    const rows = all.filter((r) => wanted.has(r.period));
    const earlier = new Map(all.filter((r) => !wanted.has(r.period)).map((r) => [r.period, r.value]));
    const compare = compareSeriesWithLastYear(
      rows.map((r) => ({ period: r.period, value: r.value })),
      earlier,
    );
    const spc = spcChartFor(
      indicator.kind,
      indicator.unit,
      rows.map((r) => ({ label: r.period, numerator: r.numerator, denominator: r.denominator, value: r.value })),
    );
    return { indicator, org, grain: query.grain, rows, spc, compare };
  };
}

export interface RankingQuery {
  code: string;
  period: string;
  grain?: Grain | undefined;
  center?: string | undefined;
  tier?: string | undefined;
  type?: string | undefined;
}

export interface RankingRow extends IndicatorValueRow {
  rank: number | null;
  orgName: string;
  lastYear: number | null;
  yoy: number | null;
}

/** Hospitals in scope ranked best first by the indicator's direction, with last year's value of the same period. */
export async function indicatorRanking(
  db: Db,
  actor: Actor,
  query: RankingQuery,
): Promise<WarehouseStep<{ indicator: IndicatorDefinition; period: string; grain: Grain; rows: RankingRow[] }>> {
  const indicator = await getIndicatorDefinition(db, query.code);
  const { grain, ...period } = checkedPeriod(query.period, query.grain);
  const center = query.center ? await resolveCenter(db, actor, query.center) : undefined;
  const hospitals = await hospitalsInScope(db, actor, { ...(center ? { centerId: center.id } : {}), tier: query.tier, type: query.type });
  const orgs: OrgCells[] = hospitals.map((h) => ({ org: h.code, hospitals: [h.code] }));
  const from = period.start.slice(0, 7);
  const to = period.end.slice(0, 7);
  return async (warehouse) => {
    const ask = (f: string, t: string) =>
      queryIndicatorValues(warehouse, { indicator: { code: indicator.code, formula: indicator.formula }, orgs, from: f, to: t, grain });
    const back = lastYearRange(from, to);
    const [now, before] = await fromMarts(() => Promise.all([ask(from, to), ask(back.from, back.to)]));
    const lastYearPeriod = sameLastYear(query.period);
    const lastYear = new Map(before.filter((r) => r.period === lastYearPeriod).map((r) => [r.org, r.value]));
    const names = new Map(hospitals.map((h) => [h.code, h.name]));
    const rows = now
      .filter((r) => r.period === query.period)
      .map((r) => {
        const ly = lastYear.get(r.org) ?? null;
        return { ...r, orgName: names.get(r.org) ?? r.org, lastYear: ly, yoy: relativeChange(r.value, ly) };
      });
    return { indicator, period: query.period, grain, rows: rankRows(rows, (r) => r.value, indicator.direction) };
  };
}
