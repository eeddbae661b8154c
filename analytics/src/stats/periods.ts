import { StatsInputError } from './errors.js';

/** Reporting grain of a period: a calendar month, quarter or year. */
export type Grain = 'month' | 'quarter' | 'year';

/** A period label taken apart: its grain and first / last day (YYYY-MM-DD). */
export interface Period {
  grain: Grain;
  start: string;
  end: string;
}

const GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];
const GRAIN_NAMES: Record<Grain, string> = { month: '月', quarter: '季度', year: '年' };
const MONTHS_PER: Record<Grain, number> = { month: 1, quarter: 3, year: 12 };

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad4 = (n: number) => String(n).padStart(4, '0');

function daysInMonth(year: number, month: number): number {
  // day 0 of the next month is the last day of this one; UTC so no time zone shifts it
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function assertGrain(grain: string): asserts grain is Grain {
  if (!(GRAINS as readonly string[]).includes(grain)) {
    throw new StatsInputError(`统计粒度“${grain}”无效：应为 month（月）、quarter（季度）或 year（年）`, 'grain');
  }
}

/**
 * A month counted from year 0 (year * 12 + month − 1), the one unit all grains are shifted and compared in.
 */
type MonthIndex = number;

function monthIndex(year: number, month: number): MonthIndex {
  return year * 12 + month - 1;
}

function labelOfIndex(index: MonthIndex, grain: Grain): string {
  const year = Math.floor(index / 12);
  if (year < 1 || year > 9999) {
    throw new StatsInputError(`期间超出可表示的年份范围（0001–9999 年）`, 'period');
  }
  const month = (index % 12) + 1;
  if (grain === 'month') return `${pad4(year)}-${pad2(month)}`;
  if (grain === 'quarter') return `${pad4(year)}Q${Math.ceil(month / 3)}`;
  return pad4(year);
}

/** First month of the period, and its grain. */
function parseLabel(label: string): { grain: Grain; first: MonthIndex } {
  let m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) {
    const month = Number(m[2]);
    if (month >= 1 && month <= 12 && Number(m[1]) >= 1) return { grain: 'month', first: monthIndex(Number(m[1]), month) };
  }
  m = /^(\d{4})Q([1-4])$/.exec(label);
  if (m && Number(m[1]) >= 1) return { grain: 'quarter', first: monthIndex(Number(m[1]), (Number(m[2]) - 1) * 3 + 1) };
  m = /^(\d{4})$/.exec(label);
  if (m && Number(m[1]) >= 1) return { grain: 'year', first: monthIndex(Number(m[1]), 1) };
  throw new StatsInputError(`期间“${label}”格式不正确：应为 2026-03（月）、2026Q1（季度）或 2026（年）`, 'period');
}

/** A month given as YYYY-MM or a day as YYYY-MM-DD (a real calendar day), as a month index. */
function parseDateOrMonth(value: string, field: string): MonthIndex {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    if (year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return monthIndex(year, month);
    }
  }
  throw new StatsInputError(`日期“${value}”无效：应为 YYYY-MM-DD 或 YYYY-MM，且为真实存在的日期`, field);
}

/** The label of the period of `grain` containing a day (YYYY-MM-DD) or month (YYYY-MM): `2026-03`, `2026Q1`, `2026`. */
export function periodLabel(date: string, grain: Grain): string {
  assertGrain(grain);
  return labelOfIndex(parseDateOrMonth(date, 'date'), grain);
}

/** Grain, first and last day of a period label; throws a Chinese StatsInputError for anything else. */
export function parsePeriod(label: string): Period {
  const { grain, first } = parseLabel(label);
  const last = first + MONTHS_PER[grain] - 1;
  const year = Math.floor(first / 12);
  const lastYear = Math.floor(last / 12);
  const lastMonth = (last % 12) + 1;
  return {
    grain,
    start: `${pad4(year)}-${pad2((first % 12) + 1)}-01`,
    end: `${pad4(lastYear)}-${pad2(lastMonth)}-${pad2(daysInMonth(lastYear, lastMonth))}`,
  };
}

/** First day (YYYY-MM-DD) of a period label. */
export function periodStart(label: string): string {
  return parsePeriod(label).start;
}

/** Last day (YYYY-MM-DD) of a period label. */
export function periodEnd(label: string): string {
  return parsePeriod(label).end;
}

/** The grain of a period label (`2026-03` → month). */
export function periodGrain(label: string): Grain {
  return parseLabel(label).grain;
}

/**
 * Every period of `grain` that touches the months fromMonth…toMonth (both YYYY-MM, inclusive), in order:
 * `periodsBetween('2026-02', '2026-07', 'quarter')` → `['2026Q1', '2026Q2', '2026Q3']`.
 */
export function periodsBetween(fromMonth: string, toMonth: string, grain: Grain): string[] {
  assertGrain(grain);
  const from = parseMonth(fromMonth, 'from');
  const to = parseMonth(toMonth, 'to');
  if (from > to) {
    throw new StatsInputError(`起始月份“${fromMonth}”晚于结束月份“${toMonth}”`, 'from');
  }
  const step = MONTHS_PER[grain];
  const labels: string[] = [];
  // start at the first month of the period holding `from`, so a partly covered first period is included
  for (let index = from - (from % step); index <= to; index += step) labels.push(labelOfIndex(index, grain));
  return labels;
}

function parseMonth(value: string, field: string): MonthIndex {
  if (!/^\d{4}-\d{2}$/.test(value)) {
    throw new StatsInputError(`${field === 'from' ? '起始' : '结束'}月份“${value}”格式不正确：应为 YYYY-MM，例如 2026-03`, field);
  }
  return parseDateOrMonth(value, field);
}

/** The period n steps away in the same grain (n = −1: the previous month / quarter / year). */
export function shiftPeriod(label: string, n: number): string {
  if (!Number.isInteger(n)) throw new StatsInputError(`期间偏移量必须是整数，收到 ${n}`, 'n');
  const { grain, first } = parseLabel(label);
  return labelOfIndex(first + n * MONTHS_PER[grain], grain);
}

/** The same period one year earlier: `2026-03` → `2025-03`, `2026Q1` → `2025Q1`, `2026` → `2025`. */
export function sameLastYear(label: string): string {
  const { grain, first } = parseLabel(label);
  return labelOfIndex(first - 12, grain);
}

/** Chinese name of a grain for messages and headings (月 / 季度 / 年). */
export function grainName(grain: Grain): string {
  assertGrain(grain);
  return GRAIN_NAMES[grain];
}
