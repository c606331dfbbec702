import { describe, expect, it } from 'vitest';
import { byDay, gridPeriod, monthGrid, shiftMonth } from './calendarGrid';

describe('monthGrid', () => {
  it('lays out May 2026 in weeks from Monday 27 April to Sunday 31 May', () => {
    const weeks = monthGrid('2026-05', '2026-05-04');
    expect(weeks).toHaveLength(5);
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(gridPeriod(weeks)).toEqual({ from: '2026-04-27', to: '2026-05-31' });
    expect(weeks[0]![4]).toEqual({ date: '2026-05-01', inMonth: true, isToday: false, weekend: false });
    expect(weeks[0]![0]).toMatchObject({ date: '2026-04-27', inMonth: false });
    expect(weeks[1]![0]).toMatchObject({ date: '2026-05-04', isToday: true });
    expect(weeks[0]![5]).toMatchObject({ date: '2026-05-02', weekend: true });
  });

  it('gives six weeks to a month that needs them, and no empty week to February 2027', () => {
    // March 2026 starts on a Sunday and has 31 days.
    expect(monthGrid('2026-03', '2026-01-01')).toHaveLength(6);
    // February 2027 starts on a Monday: exactly four weeks.
    const february = monthGrid('2027-02', '2026-01-01');
    expect(february).toHaveLength(4);
    expect(gridPeriod(february)).toEqual({ from: '2027-02-01', to: '2027-02-28' });
  });

  it('keeps every day once across the change to summer time, whatever the device zone', () => {
    const days = monthGrid('2026-03', '2026-03-29').flat();
    const dates = days.map((day) => day.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates).toContain('2026-03-29');
    expect(dates).toContain('2026-03-30');
  });

  it('refuses what is not a month', () => {
    expect(() => monthGrid('2026-5', '2026-05-01')).toThrow(RangeError);
  });
});

describe('shiftMonth', () => {
  it('goes to the previous and next months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-05', 0)).toBe('2026-05');
  });
});

describe('byDay', () => {
  it('groups deadlines under their due date, in order', () => {
    const grouped = byDay(
      [
        { id: 'a', dueAt: '2026-05-04' },
        { id: 'b', dueAt: '2026-05-05' },
        { id: 'c', dueAt: '2026-05-04' },
      ],
      (deadline) => deadline.dueAt,
    );
    expect(grouped.get('2026-05-04')?.map((d) => d.id)).toEqual(['a', 'c']);
    expect(grouped.get('2026-05-06')).toBeUndefined();
  });
});
