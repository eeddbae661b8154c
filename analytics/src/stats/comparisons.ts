import { StatsInputError } from './errors.js';
import { sameLastYear, shiftPeriod } from './periods.js';

/** One value of a series: a period label (`2026-03`, `2026Q1`, `2026`) and its value (null = no data). */
export interface SeriesValue {
  period: string;
  value: number | null;
}

/** A series value with the previous period's (环比) and last year's (同比) values and relative changes. */
export interface SeriesComparison {
  period: string;
  value: number | null;
  previous: number | null;
  /** Relative change against the previous period (环比): 0.1 = +10 %. */
  pop: number | null;
  lastYear: number | null;
  /** Relative change against the same period last year (同比): −0.05 = −5 %. */
  yoy: number | null;
}

/** Earlier values by their own period label, as a Map or a plain object. */
export type PeriodValues = ReadonlyMap<string, number | null> | Readonly<Record<string, number | null>>;

/**
 * Relative change value/base − 1 (0.25 = +25 %); null when either is missing or not finite, or the base is 0.
 * A negative base divides by its magnitude so that a rise still reads as positive.
 */
export function relativeChange(value: number | null | undefined, base: number | null | undefined): number | null {
  if (value === null || value === undefined || base === null || base === undefined) return null;
  if (!Number.isFinite(value) || !Number.isFinite(base) || base === 0) return null;
  return (value - base) / Math.abs(base);
}

/**
 * 环比 and 同比 within one series: each row's previous period and same period last year are looked up
 * among the rows themselves (a period missing there gives nulls). One row per period.
 */
export function compareSeries(rows: readonly SeriesValue[]): SeriesComparison[] {
  return compareSeriesWithLastYear(rows, new Map());
}

/**
 * Like compareSeries, with earlier values from a separate query — typically the same range one year
 * back — keyed by their OWN period label (`'2025-03' → 4.1` serves row `2026-03` as lastYear and row
 * `2025-04` as previous). Rows win over the map when both hold a period.
 */
export function compareSeriesWithLastYear(rows: readonly SeriesValue[], earlier: PeriodValues): SeriesComparison[] {
  const byPeriod = new Map<string, number | null>();
  for (const row of rows) {
    if (byPeriod.has(row.period)) {
      throw new StatsInputError(`序列中期间“${row.period}”出现了不止一次：同比环比要求每个期间一行`, 'rows');
    }
    byPeriod.set(row.period, finiteOrNull(row.value));
  }
  const lookup = (period: string): number | null => {
    if (byPeriod.has(period)) return byPeriod.get(period) ?? null;
    const value = earlier instanceof Map ? earlier.get(period) : (earlier as Record<string, number | null>)[period];
    return finiteOrNull(value);
  };
  return rows.map((row) => {
    const value = finiteOrNull(row.value);
    const previous = lookup(shiftPeriod(row.period, -1));
    const lastYear = lookup(sameLastYear(row.period));
    return {
      period: row.period,
      value,
      previous,
      pop: relativeChange(value, previous),
      lastYear,
      yoy: relativeChange(value, lastYear),
    };
  });
}

function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}
