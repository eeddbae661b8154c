import { Grain } from './analytics-models';

/** What the indicator explorer shows; mirrored in its URL so links and reloads restore it. */
export interface ExplorerState {
  indicator: string | null;
  org: string | null;
  grain: Grain;
  /** First month, `YYYY-MM`. */
  from: string;
  /** Last month, `YYYY-MM`. */
  to: string;
}

const GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The year a dashboard opens on: that of the last complete month, so early in January it still
 * shows the year just ended rather than an empty one.
 */
export function defaultYear(now: Date = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth() - 1, 1).getFullYear();
}

/** `YYYY-MM` of a date in local time. */
export function monthOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/**
 * The twelve complete months before the current one: where the latest full year of data is (the
 * current month is still being discharged and loaded).
 */
export function defaultRange(now: Date = new Date()): { from: string; to: string } {
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const first = new Date(last.getFullYear(), last.getMonth() - 11, 1);
  return { from: monthOf(first), to: monthOf(last) };
}

/** A query-param value as one trimmed string (Angular gives arrays for repeated keys). */
function single(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

/**
 * Reads the explorer's state from its query params. Anything missing or malformed falls back to the
 * default (grain month, the last twelve complete months) rather than failing the page; a reversed
 * range is put in order.
 */
export function parseExplorerParams(params: Record<string, unknown>, now: Date = new Date()): ExplorerState {
  const range = defaultRange(now);
  const grainParam = single(params['grain']);
  const grain = GRAINS.includes(grainParam as Grain) ? (grainParam as Grain) : 'month';
  const fromParam = single(params['from']);
  const toParam = single(params['to']);
  let from = fromParam && MONTH.test(fromParam) ? fromParam : range.from;
  let to = toParam && MONTH.test(toParam) ? toParam : range.to;
  if (from > to) [from, to] = [to, from];
  return { indicator: single(params['indicator']), org: single(params['org']), grain, from, to };
}

/** The query params of a state, for router.navigate (every key present so merging clears old ones). */
export function explorerQueryParams(state: ExplorerState): Record<string, string | null> {
  return { indicator: state.indicator, org: state.org, grain: state.grain, from: state.from, to: state.to };
}

/** True when two states ask for the same data. */
export function sameExplorerState(a: ExplorerState, b: ExplorerState): boolean {
  return a.indicator === b.indicator && a.org === b.org && a.grain === b.grain && a.from === b.from && a.to === b.to;
}

/**
 * The period labels a month range touches at a grain, in order (`2026-03`, `2026Q1`, `2026`): the
 * choices of the ranking's period.
 */
export function periodsInRange(from: string, to: string, grain: Grain): string[] {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  const labels: string[] = [];
  for (let y = fy, m = fm; y < ty || (y === ty && m <= tm); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const label =
      grain === 'month' ? `${y}-${String(m).padStart(2, '0')}` : grain === 'quarter' ? `${y}Q${Math.ceil(m / 3)}` : `${y}`;
    if (labels[labels.length - 1] !== label) labels.push(label);
  }
  return labels;
}

/** `Date` of the first day of a `YYYY-MM`, for the month pickers. */
export function monthToDate(month: string): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(y, m - 1, 1);
}
