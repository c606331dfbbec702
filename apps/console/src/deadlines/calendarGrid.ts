import { TZDate } from '@date-fns/tz';
import {
  addMonths,
  eachDayOfInterval,
  endOfMonth,
  endOfWeek,
  format,
  startOfMonth,
  startOfWeek,
} from 'date-fns';

/** One cell of the month calendar. */
export interface CalendarDay {
  /** `YYYY-MM-DD` */
  date: string;
  /** False for the days of the previous and next months that complete the first and last weeks. */
  inMonth: boolean;
  isToday: boolean;
  /** Saturday or Sunday. */
  weekend: boolean;
}

const MONTH = /^(\d{4})-(\d{2})$/;

/**
 * Calendar days are held at midnight UTC (`TZDate` in UTC), so that neither the device's time
 * zone nor a change to summer time can move a day.
 */
function monthStart(month: string): TZDate {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`Not a month: ${month}`);
  return new TZDate(Number(match[1]), Number(match[2]) - 1, 1, 'UTC');
}

const dateOf = (day: Date) => format(day, 'yyyy-MM-dd');

/**
 * The weeks of a month as the French calendar shows them: Monday first, the first week starting
 * on the Monday on or before the 1st, the last ending on the Sunday on or after the last day.
 */
export function monthGrid(month: string, today: string): CalendarDay[][] {
  const first = monthStart(month);
  const days = eachDayOfInterval({
    start: startOfWeek(first, { weekStartsOn: 1 }),
    end: endOfWeek(endOfMonth(first), { weekStartsOn: 1 }),
  });
  const weeks: CalendarDay[][] = [];
  days.forEach((day, index) => {
    const date = dateOf(day);
    if (index % 7 === 0) weeks.push([]);
    weeks[weeks.length - 1]!.push({
      date,
      inMonth: date.startsWith(month),
      isToday: date === today,
      weekend: index % 7 >= 5,
    });
  });
  return weeks;
}

/** The first and last day the grid shows: the period to ask the deadlines of. */
export function gridPeriod(weeks: readonly CalendarDay[][]): { from: string; to: string } {
  return { from: weeks[0]![0]!.date, to: weeks[weeks.length - 1]![6]!.date };
}

/** `2026-05` ± n months. */
export function shiftMonth(month: string, delta: number): string {
  return format(startOfMonth(addMonths(monthStart(month), delta)), 'yyyy-MM');
}

/** Items grouped by their day, in the order given. */
export function byDay<T>(items: readonly T[], dayOf: (item: T) => string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const item of items) {
    const day = dayOf(item);
    const list = days.get(day);
    if (list) list.push(item);
    else days.set(day, [item]);
  }
  return days;
}
