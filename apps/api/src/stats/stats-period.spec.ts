import { describe, expect, it } from 'vitest';
import { bucketCount, bucketsOf } from './stats-period';

describe('series buckets', () => {
  it('cuts ISO weeks (Monday to Sunday) to the period and labels them with the ISO week-year', () => {
    expect(bucketsOf('2024-12-28', '2025-01-07', 'week')).toEqual([
      { period: '2024-W52', start: '2024-12-28', end: '2024-12-29', key: '2024-12-23' },
      { period: '2025-W01', start: '2024-12-30', end: '2025-01-05', key: '2024-12-30' },
      { period: '2025-W02', start: '2025-01-06', end: '2025-01-07', key: '2025-01-06' },
    ]);
    expect(bucketsOf('2026-12-28', '2027-01-04', 'week').map((bucket) => bucket.period)).toEqual([
      '2026-W53',
      '2027-W01',
    ]);
  });

  it('gives calendar months with their real last day, and every day', () => {
    expect(bucketsOf('2024-01-15', '2024-03-10', 'month')).toEqual([
      { period: '2024-01', start: '2024-01-15', end: '2024-01-31', key: '2024-01-01' },
      { period: '2024-02', start: '2024-02-01', end: '2024-02-29', key: '2024-02-01' },
      { period: '2024-03', start: '2024-03-01', end: '2024-03-10', key: '2024-03-01' },
    ]);
    expect(bucketsOf('2025-03-29', '2025-03-31', 'day').map((bucket) => bucket.period)).toEqual([
      '2025-03-29',
      '2025-03-30',
      '2025-03-31',
    ]);
  });

  it('counts buckets as bucketsOf builds them', () => {
    for (const [from, to] of [
      ['2024-12-28', '2025-01-07'],
      ['2025-01-01', '2025-12-31'],
      ['2023-11-15', '2026-02-01'],
    ] as const) {
      for (const interval of ['day', 'week', 'month'] as const) {
        expect(bucketCount(from, to, interval)).toBe(bucketsOf(from, to, interval).length);
      }
    }
  });
});
