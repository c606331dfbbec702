import { TZDate } from '@date-fns/tz';
import { addDays as addDaysTo, addMonths as addMonthsTo, addYears as addYearsTo } from 'date-fns';
import { isLocalDate } from '../time';

/*
 * Calendar arithmetic on Paris local dates written `YYYY-MM-DD`. A time limit counts calendar days,
 * not instants: the dates are held at midnight UTC so that no time zone or summer-time change can
 * move them by a day.
 */

function toUtc(date: string): TZDate {
  if (!isLocalDate(date)) {
    throw new RangeError(`Not a local date: ${String(date)}`);
  }
  const [year, month, day] = date.split('-').map(Number);
  return new TZDate(year, month - 1, day, 'UTC');
}

function fromUtc(date: TZDate): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function checkedAmount(amount: number): number {
  if (!Number.isInteger(amount)) {
    throw new RangeError(`Not a whole number of days, months or years: ${amount}`);
  }
  return amount;
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return fromUtc(addDaysTo(toUtc(date), checkedAmount(days)));
}

/**
 * `date` plus `months` months, the French way (CPC art. 641): the same-numbered day of the last month,
 * or that month's last day when it has no such day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  return fromUtc(addMonthsTo(toUtc(date), checkedAmount(months)));
}

/** `date` plus `years` years; 29 February falls back to 28 February in a common year. */
export function addYears(date: string, years: number): string {
  return fromUtc(addYearsTo(toUtc(date), checkedAmount(years)));
}

/** Day of the week, as `Date.getDay`: 0 Sunday, 1 Monday … 6 Saturday. */
export function dayOfWeek(date: string): number {
  return toUtc(date).getDay();
}

/** Negative when `a` is before `b`, 0 on the same day, positive after. */
export function compareDates(a: string, b: string): number {
  return Math.sign(toUtc(a).getTime() - toUtc(b).getTime());
}

/** Throws a RangeError unless `date` is a `YYYY-MM-DD` date that exists. */
export function assertLocalDate(date: string): void {
  toUtc(date);
}
