import { addDays, addMonths, dayCount, type StatsInterval } from '@vigie/domain';

/*
 * The buckets of `GET /api/stats/series`, on the calendar arithmetic of the period module of
 * libs/domain (Paris local dates `YYYY-MM-DD`; the DST change days are one day each).
 */

const DAY_MS = 86_400_000;

function utcDay(localDate: string): Date {
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

/** First day of the bucket holding `localDate`: itself, the Monday of its ISO week, the 1st of its month. */
export function bucketStart(localDate: string, interval: StatsInterval): string {
  switch (interval) {
    case 'day':
      return localDate;
    case 'week':
      return addDays(localDate, -((utcDay(localDate).getUTCDay() + 6) % 7));
    case 'month':
      return `${localDate.slice(0, 7)}-01`;
  }
}

function nextBucketStart(start: string, interval: StatsInterval): string {
  switch (interval) {
    case 'day':
      return addDays(start, 1);
    case 'week':
      return addDays(start, 7);
    case 'month':
      return `${addMonths(start.slice(0, 7), 1)}-01`;
  }
}

/** ISO 8601 week of a Monday: the year of its Thursday, e.g. 2024-12-30 → `2025-W01`. */
function isoWeekLabel(monday: string): string {
  const thursday = utcDay(addDays(monday, 3));
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface BucketBounds {
  /** The calendar bucket: `2025-03-04`, `2025-W10`, `2025-03`. */
  period: string;
  /** First day of the bucket that lies in the requested period. */
  start: string;
  /** Last day (inclusive) of the bucket that lies in the requested period. */
  end: string;
  /** First day of the whole calendar bucket, as SQL's `date_trunc` gives it: the join key. */
  key: string;
}

/** Every bucket that meets the period, in order; the first and last are cut to the period. */
export function bucketsOf(from: string, to: string, interval: StatsInterval): BucketBounds[] {
  const buckets: BucketBounds[] = [];
  for (let key = bucketStart(from, interval); key <= to; key = nextBucketStart(key, interval)) {
    const lastDay = addDays(nextBucketStart(key, interval), -1);
    buckets.push({
      period: interval === 'day' ? key : interval === 'week' ? isoWeekLabel(key) : key.slice(0, 7),
      start: key < from ? from : key,
      end: lastDay > to ? to : lastDay,
      key,
    });
  }
  return buckets;
}

/** How many buckets `bucketsOf` would return, without building them. */
export function bucketCount(from: string, to: string, interval: StatsInterval): number {
  switch (interval) {
    case 'day':
      return dayCount({ from, to });
    case 'week':
      return (dayCount({ from: bucketStart(from, 'week'), to: bucketStart(to, 'week') }) - 1) / 7 + 1;
    case 'month': {
      const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
      const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
      return (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1;
    }
  }
}
