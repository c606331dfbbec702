import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayCount,
  isDate,
  monthPeriod,
  parisMonth,
  parisToday,
  periodMonth,
  previousPeriod,
  recentMonths,
  seriesInterval,
  yearPeriod,
} from './period';

describe('Paris periods', () => {
  it('gives the Paris month, not the UTC one, late on the last evening of a month', () => {
    // 23:30 Paris time on 31 March 2025 (summer time) is 21:30Z; 00:30 on 1 April is 22:30Z.
    expect(parisMonth(new Date('2025-03-31T21:30:00Z'))).toBe('2025-03');
    expect(parisMonth(new Date('2025-03-31T22:30:00Z'))).toBe('2025-04');
    // Winter: 23:30 on 31 December is 22:30Z.
    expect(parisToday(new Date('2024-12-31T22:30:00Z'))).toBe('2024-12-31');
    expect(parisToday(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
  });

  it('covers whole calendar months and years, leap days included', () => {
    expect(monthPeriod('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthPeriod('2025-02')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(monthPeriod('2025-12')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(yearPeriod(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('compares a month with the previous calendar month, across a year', () => {
    expect(previousPeriod(monthPeriod('2025-03'))).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(previousPeriod(monthPeriod('2025-01'))).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(periodMonth({ from: '2025-03-01', to: '2025-03-30' })).toBeNull();
  });

  it('compares any other period with as many days just before', () => {
    const period = { from: '2025-03-15', to: '2025-04-14' };
    expect(dayCount(period)).toBe(31);
    expect(previousPeriod(period)).toEqual({ from: '2025-02-12', to: '2025-03-14' });
    expect(dayCount(previousPeriod(period))).toBe(31);
    // The DST change (30 March) does not move a day.
    expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
    expect(dayCount({ from: '2025-03-01', to: '2025-03-31' })).toBe(31);
  });

  it('lists recent months, newest first, and refuses dates that do not exist', () => {
    expect(recentMonths('2025-02', 3)).toEqual(['2025-02', '2025-01', '2024-12']);
    expect(isDate('2025-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2025-13-01')).toBe(false);
    expect(isDate('2025-3-01')).toBe(false);
  });

  it('picks day buckets for a month and coarser ones for long periods', () => {
    expect(seriesInterval(monthPeriod('2025-03'))).toBe('day');
    expect(seriesInterval(yearPeriod(2025))).toBe('week');
    expect(seriesInterval({ from: '2020-01-01', to: '2025-12-31' })).toBe('month');
  });
});
