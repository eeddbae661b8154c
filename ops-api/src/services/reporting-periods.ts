/**
 * Reporting periods and deadlines. Dates are calendar days of Asia/Shanghai (the hospitals' clock),
 * handled as 'YYYY-MM-DD' strings so that no server time zone shifts a day.
 */
export type PeriodGrain = 'month' | 'quarter' | 'year';

export interface Period {
  label: string;
  start: string;
  end: string;
}

const MS_PER_DAY = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
/** Last day of a month (1-based month). */
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Parses a period label of a grain ('2026-10', '2026Q3', '2026'); undefined when it does not match. */
export function parsePeriod(grain: PeriodGrain, label: string): Period | undefined {
  const text = label.trim();
  if (grain === 'month') {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
    if (!m) return undefined;
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { label: text, start: ymd(y, mo, 1), end: ymd(y, mo, lastDay(y, mo)) };
  }
  if (grain === 'quarter') {
    const m = /^(\d{4})Q([1-4])$/i.exec(text);
    if (!m) return undefined;
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { label: `${y}Q${q}`, start: ymd(y, q * 3 - 2, 1), end: ymd(y, q * 3, lastDay(y, q * 3)) };
  }
  const m = /^(\d{4})$/.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]);
  return { label: text, start: ymd(y, 1, 1), end: ymd(y, 12, 31) };
}

/** How a label of a grain is written, for messages. */
export const PERIOD_FORMAT: Record<PeriodGrain, string> = { month: 'YYYY-MM（如 2026-10）', quarter: 'YYYYQn（如 2026Q3）', year: 'YYYY（如 2026）' };

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  const parse = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((parse(to) - parse(from)) / MS_PER_DAY);
}

/** The calendar date in Asia/Shanghai at an instant. */
export function shanghaiDate(at: Date = new Date()): string {
  // UTC+8 all year (no daylight saving)
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The wall-clock time in Asia/Shanghai at an instant, 'YYYY-MM-DD HH:MM:SS' (the warehouse's timestamps). */
export function shanghaiWallClock(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The due date of a period: `deadlineDays` after it ends. */
export function dueDate(period: Period, deadlineDays: number): string {
  return addDays(period.end, deadlineDays);
}

const OPEN = new Set(['pending', 'draft', 'returned']);

/** A task's deadline state on a day: days left (negative once past) and whether it is overdue (still open after the due date). */
export function deadlineState(task: { status: string; dueDate: string }, today: string): { overdue: boolean; daysLeft: number } {
  const daysLeft = daysBetween(today, task.dueDate);
  return { overdue: OPEN.has(task.status) && daysLeft < 0, daysLeft };
}

/** Whether a task still waits for the hospital (not submitted, not approved). */
export function isOpenStatus(status: string): boolean {
  return OPEN.has(status);
}

/** The label of the period containing a 'YYYY-MM-DD' date. */
export function periodLabelOf(grain: PeriodGrain, date: string): string {
  const y = date.slice(0, 4);
  const m = Number(date.slice(5, 7));
  if (grain === 'month') return date.slice(0, 7);
  if (grain === 'quarter') return `${y}Q${Math.ceil(m / 3)}`;
  return y;
}
