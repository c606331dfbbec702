import Holidays from 'date-holidays';
import type { Bilingual } from '../records';
import { addDays, dayOfWeek } from './local-dates';

/*
 * Working days in metropolitan France. The public holidays come from date-holidays rather than a
 * hand-kept list, so that Easter-based days (Easter Monday, Ascension, Whit Monday) need no
 * computation here. Country 'FR' without a state leaves out the Alsace-Moselle extras (Good Friday,
 * 26 December), which do not apply to the courts of the Nord and the Pas-de-Calais.
 */

/** Why a day is not a working day. */
export type NonWorkingReason =
  | { date: string; reason: 'saturday' }
  | { date: string; reason: 'sunday' }
  | { date: string; reason: 'holiday'; holiday: Bilingual };

export interface NextWorkingDay {
  /** The first working day on or after the date asked for. */
  date: string;
  /** The days passed over to reach it, in order. */
  skipped: NonWorkingReason[];
}

const SATURDAY = 6;
const SUNDAY = 0;
/** More than any run of non-working days in France: a longer walk means the calendar is broken. */
const MAX_SKIPPED_DAYS = 10;

// The names come in the language asked for at each call: date-holidays keeps the last language asked
// as the instance's default, so every call names its language.
const frenchHolidays = new Holidays('FR', { types: ['public'] });
const holidaysByYear = new Map<number, ReadonlyMap<string, Bilingual>>();

function holidaysOf(year: number): ReadonlyMap<string, Bilingual> {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const names = new Map<string, Bilingual>();
  const english = new Map<string, string[]>();
  for (const holiday of frenchHolidays.getHolidays(year, 'en')) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    english.set(date, [...(english.get(date) ?? []), holiday.name]);
  }
  const french = new Map<string, string[]>();
  for (const holiday of frenchHolidays.getHolidays(year, 'fr')) {
    if (holiday.type !== 'public') continue;
    const date = holiday.date.slice(0, 10);
    french.set(date, [...(french.get(date) ?? []), holiday.name]);
  }
  // Two feasts can share a day (Ascension fell on 1 May in 2008): the day is named after both.
  for (const [date, fr] of french) {
    names.set(date, { fr: fr.join(' et '), en: (english.get(date) ?? fr).join(' and ') });
  }
  holidaysByYear.set(year, names);
  return names;
}

/** The public holiday falling on `date`, named in both languages; null on any other day. */
export function publicHoliday(date: string): Bilingual | null {
  // dayOfWeek validates the date before it is looked up.
  dayOfWeek(date);
  return holidaysOf(Number(date.slice(0, 4))).get(date) ?? null;
}

function nonWorkingReason(date: string): NonWorkingReason | null {
  const day = dayOfWeek(date);
  if (day === SATURDAY) return { date, reason: 'saturday' };
  if (day === SUNDAY) return { date, reason: 'sunday' };
  const holiday = publicHoliday(date);
  return holiday ? { date, reason: 'holiday', holiday } : null;
}

/** False on Saturdays, Sundays and public holidays. */
export function isWorkingDay(date: string): boolean {
  return nonWorkingReason(date) === null;
}

/** The first working day on or after `date`, and the days passed over with why. */
export function nextWorkingDay(date: string): NextWorkingDay {
  const skipped: NonWorkingReason[] = [];
  let current = date;
  for (let reason = nonWorkingReason(current); reason; reason = nonWorkingReason(current)) {
    skipped.push(reason);
    if (skipped.length > MAX_SKIPPED_DAYS) {
      throw new Error(`No working day within ${MAX_SKIPPED_DAYS} days of ${date}`);
    }
    current = addDays(current, 1);
  }
  return { date: current, skipped };
}
