import { formatParisDate, isLocalDate, parisDayEnd, parisDayStart } from './time';

/*
 * The periods of the statistics and the publications, and the periods they are compared with: one
 * module for the API, the console and the reports, so that a month, a year and "the period before"
 * mean the same everywhere (DESIGN §1.4, §1.5).
 *
 * A period is a pair of Paris local dates `YYYY-MM-DD`, both included. A local date is a day of the
 * calendar whatever its length in hours (23 or 25 on the DST change days): the arithmetic below is
 * done on UTC dates, where every day has 24 hours, and dates become instants only through
 * `periodInstants` (`parisDayStart` / `parisDayEnd`), which know DST. No Node-only API: the console
 * runs this in the browser.
 */

export interface Period {
  /** First Paris local day, `YYYY-MM-DD`, included. */
  from: string;
  /** Last Paris local day, `YYYY-MM-DD`, included. */
  to: string;
}

/**
 * What a period is: a whole calendar month, a whole calendar year, a whole observatory year
 * (1 November–31 October) or any other range of days.
 */
export const PERIOD_KINDS = ['month', 'calendar-year', 'observatory-year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The periods a period is compared with, as the statistics API returns them (docs/api.md). */
export interface ComparisonPeriods {
  current: Period & { kind: PeriodKind };
  /** `previousPeriod(current)`. */
  previous: Period;
  /** `yearBeforePeriod(current)`; null when it is the previous period (a whole year). */
  yearBefore: Period | null;
}

const DAY_MS = 86_400_000;
const MONTH = /^(\d{4})-(\d{2})$/;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function parts(date: string): [number, number, number] {
  return date.split('-').map(Number) as [number, number, number];
}

function utcDay(date: string): number {
  const [year, month, day] = parts(date);
  return Date.UTC(year, month - 1, day);
}

function format(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Days in a month (`month` 1–12); February 29 days in a leap year. */
function monthLength(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Today's date in Paris, `YYYY-MM-DD` (at 00:30 Paris time on 1 April, 22:30Z, it is 1 April). */
export function parisToday(now: Date = new Date()): string {
  return formatParisDate(now);
}

/** The current month in Paris, `YYYY-MM` (at 23:30 Paris time on 31 March, it is still March). */
export function parisMonth(now: Date = new Date()): string {
  return parisToday(now).slice(0, 7);
}

/** A real calendar date `YYYY-MM-DD` (no 31 April, no 29 February 2025), years 1900–2999. */
export function isDate(value: unknown): value is string {
  return isLocalDate(value);
}

/** A month `YYYY-MM` (01–12), years 1900–2999. */
export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value) && isLocalDate(`${value}-01`);
}

/** Two real dates, `from` not after `to`. */
export function isPeriod(value: unknown): value is Period {
  if (value === null || typeof value !== 'object') return false;
  const { from, to } = value as Record<string, unknown>;
  return isDate(from) && isDate(to) && from <= to;
}

/** `date` moved by whole days (negative: back); the DST change days are one day each. */
export function addDays(date: string, days: number): string {
  return new Date(utcDay(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * `date` moved by whole years. 29 February becomes 28 February in a common year (the day is kept
 * in its month, as date-fns and Temporal do): a year before 29 February 2024 is 28 February 2023.
 */
export function addYears(date: string, years: number): string {
  const [year, month, day] = parts(date);
  return format(year + years, month, Math.min(day, monthLength(year + years, month)));
}

/** A month `YYYY-MM` moved by whole months: `addMonths('2025-01', -1)` = `2024-12`. */
export function addMonths(month: string, months: number): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (number - 1) + months;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  return addMonths(month, -1);
}

/** Days from `from` to `to`, both included (1 for a single day, 31 for March despite DST). */
export function dayCount({ from, to }: Period): number {
  return Math.round((utcDay(to) - utcDay(from)) / DAY_MS) + 1;
}

/** The last day of the month of `date` (`YYYY-MM-DD` or `YYYY-MM`). */
export function lastDayOfMonth(date: string): string {
  const [year, month] = parts(date);
  return format(year, month, monthLength(year, month));
}

/** `2025-02` → 1 to 28 February 2025; `2024-02` → 1 to 29 February 2024. */
export function monthPeriod(month: string): Period {
  return { from: `${month}-01`, to: lastDayOfMonth(month) };
}

/** 1 January to 31 December of `year`. */
export function calendarYearPeriod(year: number): Period {
  return { from: format(year, 1, 1), to: format(year, 12, 31) };
}

/**
 * The observatories' year that ends in `endYear`: 1 November of `endYear - 1` to 31 October of
 * `endYear` (`observatoryYearPeriod(2025)` = 2024-11-01…2025-10-31).
 */
export function observatoryYearPeriod(endYear: number): Period {
  return { from: format(endYear - 1, 11, 1), to: format(endYear, 10, 31) };
}

/** The end year of the observatories' year holding `date`: 2024-11-01 and 2025-10-31 → 2025. */
export function observatoryYearOf(date: string): number {
  const [year, month] = parts(date);
  return month >= 11 ? year + 1 : year;
}

/** The whole calendar month `YYYY-MM` when the period is exactly one, else null. */
export function periodMonth({ from, to }: Period): string | null {
  return from.endsWith('-01') && to === lastDayOfMonth(from) ? from.slice(0, 7) : null;
}

/** What kind of period this is (see PERIOD_KINDS). */
export function periodKind(period: Period): PeriodKind {
  if (periodMonth(period) !== null) return 'month';
  const [year, month, day] = parts(period.from);
  if (month === 1 && day === 1 && period.to === format(year, 12, 31)) return 'calendar-year';
  if (month === 11 && day === 1 && period.to === format(year + 1, 10, 31)) return 'observatory-year';
  return 'range';
}

/**
 * The period a period is compared with: the previous calendar month for a month (February against
 * January, 28 days against 31), the previous year for a calendar year (2023 for 2024) or an
 * observatory year, else the same number of days just before.
 */
export function previousPeriod(period: Period): Period {
  switch (periodKind(period)) {
    case 'month':
      return monthPeriod(previousMonth(period.from.slice(0, 7)));
    case 'calendar-year':
    case 'observatory-year':
      return { from: addYears(period.from, -1), to: addYears(period.to, -1) };
    case 'range': {
      const days = dayCount(period);
      return { from: addDays(period.from, -days), to: addDays(period.from, -1) };
    }
  }
}

/**
 * The same period a year before: the same month (February 2024, 29 days, → February 2023, 28
 * days), the previous calendar or observatory year, else both ends a year before. A range that
 * ends on the last day of a month ends a year before on the last day of that month (…→ 28 February
 * 2025 gives …→ 29 February 2024); otherwise 29 February becomes 28 February (see `addYears`).
 */
export function yearBeforePeriod(period: Period): Period {
  const from = addYears(period.from, -1);
  const to = addYears(period.to, -1);
  return { from, to: period.to === lastDayOfMonth(period.to) ? lastDayOfMonth(to) : to };
}

/** The period with its kind, the previous period and the same period a year before. */
export function comparisonPeriods(period: Period): ComparisonPeriods {
  const kind = periodKind(period);
  const yearly = kind === 'calendar-year' || kind === 'observatory-year';
  return {
    current: { from: period.from, to: period.to, kind },
    previous: previousPeriod(period),
    yearBefore: yearly ? null : yearBeforePeriod(period),
  };
}

/**
 * The instants a period covers in Paris time: from the first instant of `from` to the first instant
 * of the day after `to` (exclusive). March 2025 lasts 743 hours, October 2025 745.
 */
export function periodInstants({ from, to }: Period): { start: Date; end: Date } {
  return { start: parisDayStart(from), end: parisDayEnd(to) };
}
