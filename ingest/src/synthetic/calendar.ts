/**
 * Civil dates as day numbers (days since 1970-01-01) and times as minutes since the epoch, all as wall
 * clock: no Date and no time zone, so output does not depend on the machine's TZ and formatting is fast.
 */

/** Day number of a civil date (H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Civil date of a day number (H. Hinnant's civil_from_days). */
export function civil(day: number): Ymd {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

export function daysInMonth(y: number, m: number): number {
  return m === 12 ? 31 : dayNumber(y, m + 1, 1) - dayNumber(y, m, 1);
}

/** Full years between a birth day and a later day. */
export function ageYears(birthDay: number, onDay: number): number {
  const b = civil(birthDay);
  const o = civil(onDay);
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age -= 1;
  return age;
}

/**
 * 'YYYY-MM' or 'YYYY-MM-DD' → day number; a month means its first day, or its last when `end`.
 * Throws with the offending value otherwise.
 */
export function parseDayArg(value: string, end: boolean, what: string): number {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value.trim());
  if (!m) throw new Error(`${what} must be YYYY-MM or YYYY-MM-DD, got "${value}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) throw new Error(`${what}: month out of range in "${value}"`);
  if (m[3] === undefined) return dayNumber(y, mo, end ? daysInMonth(y, mo) : 1);
  const d = Number(m[3]);
  if (d < 1 || d > daysInMonth(y, mo)) throw new Error(`${what}: day out of range in "${value}"`);
  return dayNumber(y, mo, d);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const dateCache = new Map<number, string>();
/** 'YYYY-MM-DD' of a day number (cached: a run touches a few thousand days). */
export function formatDay(day: number): string {
  let s = dateCache.get(day);
  if (s === undefined) {
    const c = civil(day);
    s = `${String(c.y).padStart(4, '0')}-${pad2(c.m)}-${pad2(c.d)}`;
    if (dateCache.size < 200_000) dateCache.set(day, s);
  }
  return s;
}

/** 'YYYYMMDD' of a day number, as in an ID card number. */
export function compactDay(day: number): string {
  return formatDay(day).replace(/-/g, '');
}

const HM: string[] = [];
for (let i = 0; i < 1440; i++) HM.push(`${pad2(Math.floor(i / 60))}:${pad2(i % 60)}`);
const SS: string[] = [];
for (let i = 0; i < 60; i++) SS.push(pad2(i));

export const MINUTES_PER_DAY = 1440;

/** 'YYYY-MM-DD HH:mm' of minutes since the epoch. */
export function formatMinute(min: number): string {
  const day = Math.floor(min / MINUTES_PER_DAY);
  return `${formatDay(day)} ${HM[min - day * MINUTES_PER_DAY] as string}`;
}

/** 'YYYY-MM-DD HH:mm:ss' of minutes since the epoch plus a second within the minute. */
export function formatMinuteSeconds(min: number, second: number): string {
  return `${formatMinute(min)}:${SS[second] as string}`;
}

/** Month (1–12) of a day number. */
export function monthOf(day: number): number {
  return civil(day).m;
}
