import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, assertLocalDate, compareDates, dayOfWeek } from './local-dates';

describe('addDays', () => {
  it.each([
    ['2025-03-04', 15, '2025-03-19'],
    ['2025-12-16', 16, '2026-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
  ])('%s + %i days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('is not shifted by the summer-time change of 30 March 2025 in Paris', () => {
    expect(addDays('2025-03-29', 1)).toBe('2025-03-30');
    expect(addDays('2025-03-30', 1)).toBe('2025-03-31');
    expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
  });
});

describe('addMonths', () => {
  it.each([
    ['the same-numbered day', '2025-03-04', 2, '2025-05-04'],
    ['31 January + 1 month, leap year: 29 February', '2024-01-31', 1, '2024-02-29'],
    ['31 January + 1 month, common year: 28 February', '2025-01-31', 1, '2025-02-28'],
    ['31 August + 6 months, into a common year: 28 February', '2024-08-31', 6, '2025-02-28'],
    ['31 August + 6 months, into a leap year: 29 February', '2023-08-31', 6, '2024-02-29'],
    ['31 October + 1 month: 30 November', '2025-10-31', 1, '2025-11-30'],
    ['across a year end', '2025-11-15', 2, '2026-01-15'],
  ])('%s (%s + %i)', (_name, date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('does not chain: 31 October + 3 months is 31 January, but (+1) then (+2) is 30 January', () => {
    expect(addMonths('2025-10-31', 3)).toBe('2026-01-31');
    expect(addMonths(addMonths('2025-10-31', 1), 2)).toBe('2026-01-30');
  });
});

describe('addYears', () => {
  it.each([
    ['2019-03-22', 6, '2025-03-22'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
  ])('%s + %i years is %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });
});

describe('dayOfWeek', () => {
  it.each([
    ['2025-03-04', 2, 'a Tuesday'],
    ['2025-03-22', 6, 'a Saturday'],
    ['2025-03-23', 0, 'a Sunday'],
    ['2024-02-29', 4, 'a Thursday'],
  ])('%s is %i, %s', (date, day) => {
    expect(dayOfWeek(date)).toBe(day);
  });
});

describe('compareDates', () => {
  it('orders dates, across months and years', () => {
    expect(compareDates('2025-03-04', '2025-03-05')).toBeLessThan(0);
    expect(compareDates('2026-01-01', '2025-12-31')).toBeGreaterThan(0);
    expect(compareDates('2025-03-04', '2025-03-04')).toBe(0);
  });
});

describe('malformed dates', () => {
  it.each([['2025-02-29'], ['2025-3-4'], ['04/03/2025'], ['2025-03-04T00:00:00Z'], [''], ['1850-01-01']])(
    'refuses %j with a RangeError',
    (date) => {
      expect(() => addDays(date, 1)).toThrow(RangeError);
      expect(() => addMonths(date, 1)).toThrow(RangeError);
      expect(() => addYears(date, 1)).toThrow(RangeError);
      expect(() => dayOfWeek(date)).toThrow(RangeError);
      expect(() => compareDates(date, '2025-03-04')).toThrow(RangeError);
      expect(() => assertLocalDate(date)).toThrow(RangeError);
    },
  );

  it('refuses a fraction of a day', () => {
    expect(() => addDays('2025-03-04', 1.5)).toThrow(RangeError);
  });
});
