import { addMonths, dayCount, type Period } from '@vigie/domain';

/** The last `count` months up to `month` included, newest first: the choices of a month picker. */
export function recentMonths(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addMonths(month, -index));
}

/** Day buckets up to about three months, weeks up to about two years, months beyond. */
export function seriesInterval(period: Period): 'day' | 'week' | 'month' {
  const days = dayCount(period);
  if (days <= 93) return 'day';
  if (days <= 731) return 'week';
  return 'month';
}
