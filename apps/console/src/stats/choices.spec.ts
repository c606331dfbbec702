import { calendarYearPeriod, monthPeriod } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { recentMonths, seriesInterval } from './choices';

describe('the period choices of the console', () => {
  it('lists recent months, newest first, across a year', () => {
    expect(recentMonths('2025-02', 3)).toEqual(['2025-02', '2025-01', '2024-12']);
    expect(recentMonths('2025-02', 36)).toHaveLength(36);
    expect(recentMonths('2025-02', 36).at(-1)).toBe('2022-03');
  });

  it('picks day buckets for a month and coarser ones for long periods', () => {
    expect(seriesInterval(monthPeriod('2025-03'))).toBe('day');
    expect(seriesInterval(calendarYearPeriod(2025))).toBe('week');
    expect(seriesInterval({ from: '2020-01-01', to: '2025-12-31' })).toBe('month');
  });
});
