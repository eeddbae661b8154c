/** A schedule the connection form offers by name. */
export interface SchedulePreset {
  label: string;
  cron: string;
}

/** The common schedules; anything else is typed as a cron expression. */
export const SCHEDULE_PRESETS: readonly SchedulePreset[] = [
  { label: '每小时', cron: '0 * * * *' },
  { label: '每天 02:00', cron: '0 2 * * *' },
  { label: '每周一 03:00', cron: '0 3 * * 1' },
];

/** Cron counts Sunday as 0 and as 7. */
const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六', '日'];

/** Minute, hour, day of month, month, day of week. */
const FIELD_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

const NUMBER = /^\d{1,2}$/;

function splitCron(cron: string): string[] | null {
  const fields = cron.trim().split(/\s+/);
  return fields.length === 5 && fields[0] !== '' ? fields : null;
}

/** A value of a field: a number in range, or (months, weekdays) an English abbreviation. */
function validValue(value: string, index: number): boolean {
  const [min, max] = FIELD_RANGES[index];
  if (NUMBER.test(value)) return Number(value) >= min && Number(value) <= max;
  const upper = value.toUpperCase();
  return (index === 3 && MONTH_NAMES.includes(upper)) || (index === 4 && DAY_NAMES.includes(upper));
}

function validItem(item: string, index: number): boolean {
  const [base, step, ...rest] = item.split('/');
  if (rest.length) return false;
  if (step !== undefined && !(NUMBER.test(step) && Number(step) > 0)) return false;
  if (base === '*') return true;
  const [from, to, ...more] = base.split('-');
  if (more.length || !validValue(from, index)) return false;
  if (to === undefined) return true;
  return validValue(to, index) && (!NUMBER.test(from) || !NUMBER.test(to) || Number(from) <= Number(to));
}

/** True for a five-field cron expression (minute hour day month weekday) with values in range. */
export function isValidCron(cron: string | null | undefined): boolean {
  const fields = cron ? splitCron(cron) : null;
  return !!fields && fields.every((field, i) => field.split(',').every((item) => item !== '' && validItem(item, i)));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Plain numbers of a list field ("2,14"), or null when it holds anything else. */
function numbers(field: string): number[] | null {
  const items = field.split(',');
  return items.every((i) => NUMBER.test(i)) ? items.map(Number) : null;
}

/** "1" → 周一, "1-5" → 周一至周五, "1,3,5" → 周一、三、五, "0,6" → 周六、日. */
function weekdays(field: string): string | null {
  const range = /^(\d)-(\d)$/.exec(field);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    return from < to && to <= 7 ? `周${WEEKDAY_NAMES[from]}至周${WEEKDAY_NAMES[to]}` : null;
  }
  const days = numbers(field);
  if (!days || days.some((d) => d > 7)) return null;
  // Monday first, Sunday last, as a Chinese week reads.
  const order = (d: number) => (d === 0 ? 7 : d);
  const unique = [...new Set(days.map(order))].sort((a, b) => a - b);
  return `周${unique.map((d) => WEEKDAY_NAMES[d]).join('、')}`;
}

/**
 * A cron expression in Chinese words when it is a simple one (每小时, 每天 02:00, 每周一 03:00,
 * 每 15 分钟, 每月 1 日 06:30 …); null when words would only obscure it.
 */
export function cronToWords(cron: string | null | undefined): string | null {
  if (!cron || !isValidCron(cron)) return null;
  const [minute, hour, day, month, weekday] = splitCron(cron)!;

  // Minute-level and hour-level repetition: every day, all months.
  if (day === '*' && month === '*' && weekday === '*') {
    if (minute === '*' && hour === '*') return '每分钟';
    const everyMinutes = /^\*\/(\d+)$/.exec(minute);
    if (everyMinutes && hour === '*') return `每 ${Number(everyMinutes[1])} 分钟`;
    if (NUMBER.test(minute)) {
      const m = Number(minute);
      if (hour === '*') return m === 0 ? '每小时' : `每小时第 ${m} 分`;
      const everyHours = /^\*\/(\d+)$/.exec(hour);
      if (everyHours) {
        const n = Number(everyHours[1]);
        const head = n === 1 ? '每小时' : `每 ${n} 小时`;
        return m === 0 ? head : `${head}（第 ${m} 分）`;
      }
    }
  }

  // Fixed times of day.
  const minutes = NUMBER.test(minute) ? Number(minute) : null;
  const hours = numbers(hour);
  if (minutes === null || !hours) return null;
  const times = hours.map((h) => `${pad(h)}:${pad(minutes)}`).join('、');

  if (month === '*' && day === '*') {
    if (weekday === '*') return `每天 ${times}`;
    const days = weekdays(weekday);
    return days ? `每${days} ${times}` : null;
  }
  if (weekday === '*' && NUMBER.test(day)) {
    if (month === '*') return `每月 ${Number(day)} 日 ${times}`;
    if (NUMBER.test(month)) return `每年 ${Number(month)} 月 ${Number(day)} 日 ${times}`;
  }
  return null;
}

/** What the tables show for a schedule: words where simple, else the cron itself; 仅手动 for none. */
export function describeSchedule(schedule: string | null | undefined): string {
  if (!schedule || !schedule.trim()) return '仅手动运行';
  return cronToWords(schedule) ?? schedule.trim();
}
