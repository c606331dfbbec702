import { describe, expect, it } from 'vitest';
import { parisToday } from '@vigie/domain';
import { daysUntil, deadlineUrgency, urgencyClass } from './urgency';

describe('deadlineUrgency', () => {
  const today = '2026-05-04';
  const open = (dueAt: string) => ({ status: 'open', dueAt });

  it('calls an open deadline whose last day is past overdue', () => {
    expect(deadlineUrgency(open('2026-05-03'), today)).toBe('overdue');
    expect(deadlineUrgency(open('2025-12-31'), today)).toBe('overdue');
  });

  it('calls one due today, or within the next seven days, soon', () => {
    expect(deadlineUrgency(open('2026-05-04'), today)).toBe('soon');
    expect(deadlineUrgency(open('2026-05-05'), today)).toBe('soon');
    expect(deadlineUrgency(open('2026-05-11'), today)).toBe('soon');
    expect(deadlineUrgency(open('2026-05-12'), today)).toBe('later');
  });

  it('never calls overdue the first day an act becomes possible: it is available from that day', () => {
    const earliest = (dueAt: string) => ({ status: 'open', dueAt, nature: 'earliest' as const });
    expect(deadlineUrgency(earliest('2026-04-01'), today)).toBe('available');
    expect(deadlineUrgency(earliest('2026-05-04'), today)).toBe('available');
    expect(deadlineUrgency(earliest('2026-05-05'), today)).toBe('soon');
    expect(deadlineUrgency(earliest('2026-06-01'), today)).toBe('later');
  });

  it('has nothing pressing about a deadline done or cancelled, however late', () => {
    expect(deadlineUrgency({ status: 'done', dueAt: '2026-05-01' }, today)).toBe('closed');
    expect(deadlineUrgency({ status: 'cancelled', dueAt: '2026-05-05' }, today)).toBe('closed');
  });

  it('counts whole days across the change to summer time', () => {
    expect(daysUntil('2026-03-30', '2026-03-28')).toBe(2);
    expect(daysUntil('2026-03-28', '2026-03-30')).toBe(-2);
  });

  it('takes today in Paris: at 23:30 on 3 May in Paris it is still the 3rd, at 00:30 the 4th', () => {
    const lateEvening = new Date('2026-05-03T21:30:00Z');
    const pastMidnight = new Date('2026-05-03T22:30:00Z');
    expect(deadlineUrgency(open('2026-05-03'), parisToday(lateEvening))).toBe('soon');
    expect(deadlineUrgency(open('2026-05-03'), parisToday(pastMidnight))).toBe('overdue');
  });

  it('names the class of each urgency', () => {
    expect(urgencyClass('overdue')).toBe('vigie-due vigie-due--overdue');
  });
});
