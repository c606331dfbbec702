import { dayCount, parisToday, type DeadlineRecord, type DeadlineStatus } from '@vigie/domain';

/**
 * How pressing a deadline is, on the Paris calendar:
 * - `overdue`: open, and its last day is past;
 * - `soon`: open, and its last day is today or one of the next SOON_DAYS days (a deadline expires
 *   at the end of its last day, so one due today is still to be met, and urgently);
 * - `later`: open, further ahead;
 * - `available`: open, the first day an act becomes possible (`nature: earliest`), reached: not
 *   a time limit, so never overdue;
 * - `closed`: done or cancelled, nothing to do.
 */
export type Urgency = 'overdue' | 'soon' | 'later' | 'available' | 'closed';

export const SOON_DAYS = 7;

/** Days from `today` to `dueAt`: 0 on the day, negative once past. */
export function daysUntil(dueAt: string, today: string): number {
  return dayCount({ from: today, to: dueAt }) - 1;
}

export function deadlineUrgency(
  deadline: {
    status: DeadlineStatus | string;
    dueAt: string | null | undefined;
    nature?: DeadlineRecord['nature'];
  },
  today: string = parisToday(),
): Urgency {
  if (deadline.status !== 'open' || !deadline.dueAt) return 'closed';
  const days = daysUntil(deadline.dueAt, today);
  if (deadline.nature === 'earliest' && days <= 0) return 'available';
  if (days < 0) return 'overdue';
  return days <= SOON_DAYS ? 'soon' : 'later';
}

/** The class a due date carries (`vigie-due--overdue`…), for styles and for tests to find it. */
export function urgencyClass(urgency: Urgency): string {
  return `vigie-due vigie-due--${urgency}`;
}
