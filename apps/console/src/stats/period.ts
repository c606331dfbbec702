/** Paris local dates (`YYYY-MM-DD`) and months (`YYYY-MM`): the periods of the statistics and reports. */

export interface Period {
  from: string;
  to: string;
}

const PARIS_PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in Paris, `YYYY-MM-DD`. */
export function parisToday(now: Date = new Date()): string {
  const parts = Object.fromEntries(PARIS_PARTS.formatToParts(now).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The current month in Paris, `YYYY-MM` (at 23:30 Paris time on 31 March, it is still March). */
export function parisMonth(now: Date = new Date()): string {
  return parisToday(now).slice(0, 7);
}

export function isMonth(value: unknown): value is string {
  const match = typeof value === 'string' ? MONTH.exec(value) : null;
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** A real calendar date `YYYY-MM-DD` (no 31 April). */
export function isDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Calendar arithmetic on a date alone (UTC noon: no time zone or DST can move the day). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const shifted = new Date(Date.UTC(year, month - 1, day + days, 12));
  return `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
}

/** Days from `from` to `to`, both included. */
export function dayCount({ from, to }: Period): number {
  const start = Date.parse(`${from}T12:00:00Z`);
  const end = Date.parse(`${to}T12:00:00Z`);
  return Math.round((end - start) / 86_400_000) + 1;
}

/** `2025-02` → 1 to 28 February. */
export function monthPeriod(month: string): Period {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: `${month}-${pad(daysInMonth(year, number))}` };
}

export function yearPeriod(year: number): Period {
  return { from: `${pad(year, 4)}-01-01`, to: `${pad(year, 4)}-12-31` };
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? `${pad(year - 1, 4)}-12` : `${pad(year, 4)}-${pad(number - 1)}`;
}

/** The whole calendar month when the period is exactly one, else null. */
export function periodMonth({ from, to }: Period): string | null {
  const month = from.slice(0, 7);
  if (!isMonth(month)) return null;
  const whole = monthPeriod(month);
  return whole.from === from && whole.to === to ? month : null;
}

/**
 * The period a period is compared with: the previous calendar month for a whole month (28 February
 * against 31 January), otherwise the same number of days just before.
 */
export function previousPeriod(period: Period): Period {
  const month = periodMonth(period);
  if (month) return monthPeriod(previousMonth(month));
  const length = dayCount(period);
  return { from: addDays(period.from, -length), to: addDays(period.from, -1) };
}

/** The last `count` months up to `month` included, newest first. */
export function recentMonths(month: string, count: number): string[] {
  const months = [month];
  while (months.length < count) months.push(previousMonth(months[months.length - 1] as string));
  return months;
}

/** Day buckets up to about three months, weeks up to about two years, months beyond. */
export function seriesInterval(period: Period): 'day' | 'week' | 'month' {
  const days = dayCount(period);
  if (days <= 93) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}
