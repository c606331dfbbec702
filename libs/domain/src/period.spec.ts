import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  calendarYearPeriod,
  comparisonPeriods,
  dayCount,
  isDate,
  isMonth,
  isPeriod,
  lastDayOfMonth,
  monthPeriod,
  observatoryYearOf,
  observatoryYearPeriod,
  parisMonth,
  parisToday,
  periodInstants,
  periodKind,
  periodMonth,
  previousPeriod,
  yearBeforePeriod,
} from './period';

const HOUR_MS = 3_600_000;

describe('periods', () => {
  describe('Paris today', () => {
    it('gives the Paris day and month, not the UTC ones, late on the last evening of a month', () => {
      // 23:30 Paris time on 31 March 2025 (summer time) is 21:30Z; 00:30 on 1 April is 22:30Z.
      expect(parisMonth(new Date('2025-03-31T21:30:00Z'))).toBe('2025-03');
      expect(parisMonth(new Date('2025-03-31T22:30:00Z'))).toBe('2025-04');
      // Winter: 23:30 on 31 December is 22:30Z.
      expect(parisToday(new Date('2024-12-31T22:30:00Z'))).toBe('2024-12-31');
      expect(parisToday(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
    });

    it('keeps the day right around the DST changes (last Sundays of March and October)', () => {
      // 30 March 2025: 02:00 CET → 03:00 CEST. 00:59Z is 01:59 CET, 01:00Z is 03:00 CEST.
      expect(parisToday(new Date('2025-03-30T00:59:00Z'))).toBe('2025-03-30');
      expect(parisToday(new Date('2025-03-30T21:59:00Z'))).toBe('2025-03-30');
      expect(parisToday(new Date('2025-03-30T22:00:00Z'))).toBe('2025-03-31');
      // 26 October 2025: 03:00 CEST → 02:00 CET. 22:59Z is 23:59 CET, 23:00Z the next day.
      expect(parisToday(new Date('2025-10-25T22:00:00Z'))).toBe('2025-10-26');
      expect(parisToday(new Date('2025-10-26T22:59:00Z'))).toBe('2025-10-26');
      expect(parisToday(new Date('2025-10-26T23:00:00Z'))).toBe('2025-10-27');
    });
  });

  describe('validation', () => {
    it('accepts real dates and months only', () => {
      expect(isDate('2024-02-29')).toBe(true);
      expect(isDate('2025-02-29')).toBe(false);
      expect(isDate('2025-04-31')).toBe(false);
      expect(isDate('2025-13-01')).toBe(false);
      expect(isDate('2025-3-01')).toBe(false);
      expect(isDate(20250301)).toBe(false);
      expect(isMonth('2025-12')).toBe(true);
      expect(isMonth('2025-13')).toBe(false);
      expect(isMonth('2025-00')).toBe(false);
      expect(isMonth('2025-1')).toBe(false);
      expect(isPeriod({ from: '2025-03-01', to: '2025-03-01' })).toBe(true);
      expect(isPeriod({ from: '2025-03-02', to: '2025-03-01' })).toBe(false);
      expect(isPeriod({ from: '2025-03-01' })).toBe(false);
    });
  });

  describe('calendar arithmetic', () => {
    it('counts days, not hours: the DST change days are one day each', () => {
      expect(addDays('2025-03-29', 2)).toBe('2025-03-31');
      expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
      expect(dayCount({ from: '2025-03-30', to: '2025-03-30' })).toBe(1);
      expect(dayCount(monthPeriod('2025-03'))).toBe(31);
      expect(dayCount(monthPeriod('2025-10'))).toBe(31);
      expect(dayCount(calendarYearPeriod(2024))).toBe(366);
      expect(dayCount(calendarYearPeriod(2025))).toBe(365);
    });

    it('crosses month ends, year ends and leap days', () => {
      expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
      expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
      expect(addMonths('2025-01', -1)).toBe('2024-12');
      expect(addMonths('2024-12', 1)).toBe('2025-01');
      expect(addMonths('2025-03', -27)).toBe('2022-12');
      expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
      expect(lastDayOfMonth('2100-02-10')).toBe('2100-02-28');
      expect(lastDayOfMonth('2000-02-10')).toBe('2000-02-29');
    });

    it('moves by whole years, 29 February to 28 February in a common year', () => {
      expect(addYears('2025-03-01', 10)).toBe('2035-03-01');
      expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
      expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
      expect(addYears('2024-02-28', -1)).toBe('2023-02-28');
    });

    it('turns a period into Paris instants, DST included', () => {
      const march = periodInstants(monthPeriod('2025-03'));
      expect(march.start.toISOString()).toBe('2025-02-28T23:00:00.000Z');
      expect(march.end.toISOString()).toBe('2025-03-31T22:00:00.000Z');
      expect((march.end.getTime() - march.start.getTime()) / HOUR_MS).toBe(31 * 24 - 1);
      const october = periodInstants(monthPeriod('2025-10'));
      expect((october.end.getTime() - october.start.getTime()) / HOUR_MS).toBe(31 * 24 + 1);
      const changeDay = periodInstants({ from: '2025-10-26', to: '2025-10-26' });
      expect((changeDay.end.getTime() - changeDay.start.getTime()) / HOUR_MS).toBe(25);
    });
  });

  describe('periodKind', () => {
    it.each([
      ['a whole month', '2025-02-01', '2025-02-28', 'month'],
      ['February of a leap year', '2024-02-01', '2024-02-29', 'month'],
      ['28 days of a leap February', '2024-02-01', '2024-02-28', 'range'],
      ['a month less its last day', '2025-03-01', '2025-03-30', 'range'],
      ['a month from mid-month to mid-month', '2025-03-15', '2025-04-14', 'range'],
      ['a calendar year', '2024-01-01', '2024-12-31', 'calendar-year'],
      ['an observatory year', '2024-11-01', '2025-10-31', 'observatory-year'],
      ['a year from 1 March', '2024-03-01', '2025-02-28', 'range'],
      ['two calendar months', '2025-01-01', '2025-02-28', 'range'],
      ['one day', '2025-03-30', '2025-03-30', 'range'],
    ])('recognises %s', (_name, from, to, kind) => {
      expect(periodKind({ from, to })).toBe(kind);
    });

    it('names whole months and builds the years', () => {
      expect(periodMonth(monthPeriod('2025-12'))).toBe('2025-12');
      expect(periodMonth({ from: '2025-12-01', to: '2026-01-31' })).toBeNull();
      expect(calendarYearPeriod(2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
      expect(observatoryYearPeriod(2025)).toEqual({ from: '2024-11-01', to: '2025-10-31' });
      expect(observatoryYearOf('2024-10-31')).toBe(2024);
      expect(observatoryYearOf('2024-11-01')).toBe(2025);
      expect(observatoryYearOf('2025-01-15')).toBe(2025);
    });
  });

  describe('previousPeriod', () => {
    it('compares a month with the previous calendar month, whatever their lengths', () => {
      expect(previousPeriod(monthPeriod('2025-03'))).toEqual(monthPeriod('2025-02'));
      expect(previousPeriod(monthPeriod('2024-03'))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
      expect(previousPeriod(monthPeriod('2025-02'))).toEqual({ from: '2025-01-01', to: '2025-01-31' });
      expect(previousPeriod(monthPeriod('2025-01'))).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    });

    it('compares a calendar year with the previous calendar year, leap or not (not the 366 days before)', () => {
      expect(previousPeriod(calendarYearPeriod(2024))).toEqual(calendarYearPeriod(2023));
      expect(previousPeriod(calendarYearPeriod(2025))).toEqual(calendarYearPeriod(2024));
    });

    it('compares an observatory year with the previous one, across the new year', () => {
      expect(previousPeriod(observatoryYearPeriod(2025))).toEqual(observatoryYearPeriod(2024));
      expect(previousPeriod(observatoryYearPeriod(2024))).toEqual({ from: '2022-11-01', to: '2023-10-31' });
    });

    it('compares any other range with as many days just before', () => {
      const midMonth = { from: '2025-03-15', to: '2025-04-14' };
      expect(previousPeriod(midMonth)).toEqual({ from: '2025-02-12', to: '2025-03-14' });
      expect(dayCount(previousPeriod(midMonth))).toBe(31);
      expect(previousPeriod({ from: '2024-03-10', to: '2024-03-19' })).toEqual({
        from: '2024-02-29',
        to: '2024-03-09',
      });
      // A range that ends mid-month, over a DST change.
      expect(previousPeriod({ from: '2025-03-25', to: '2025-04-05' })).toEqual({
        from: '2025-03-13',
        to: '2025-03-24',
      });
      expect(previousPeriod({ from: '2025-01-01', to: '2025-02-28' })).toEqual({
        from: '2024-11-03',
        to: '2024-12-31',
      });
    });
  });

  describe('yearBeforePeriod', () => {
    it('takes the same whole month a year before, February included', () => {
      expect(yearBeforePeriod(monthPeriod('2024-02'))).toEqual({ from: '2023-02-01', to: '2023-02-28' });
      expect(yearBeforePeriod(monthPeriod('2025-02'))).toEqual({ from: '2024-02-01', to: '2024-02-29' });
      expect(yearBeforePeriod(monthPeriod('2025-03'))).toEqual(monthPeriod('2024-03'));
    });

    it('takes the previous year for the years', () => {
      expect(yearBeforePeriod(calendarYearPeriod(2024))).toEqual(calendarYearPeriod(2023));
      expect(yearBeforePeriod(observatoryYearPeriod(2025))).toEqual(observatoryYearPeriod(2024));
    });

    it('moves both ends of a range back a year; 29 February becomes 28 February', () => {
      expect(yearBeforePeriod({ from: '2025-03-15', to: '2025-04-14' })).toEqual({
        from: '2024-03-15',
        to: '2024-04-14',
      });
      expect(yearBeforePeriod({ from: '2024-02-29', to: '2024-03-10' })).toEqual({
        from: '2023-02-28',
        to: '2023-03-10',
      });
      // Ending on the last day of February stays at its end: 28 → 29 February.
      expect(yearBeforePeriod({ from: '2025-02-10', to: '2025-02-28' })).toEqual({
        from: '2024-02-10',
        to: '2024-02-29',
      });
      expect(yearBeforePeriod({ from: '2024-02-10', to: '2024-02-29' })).toEqual({
        from: '2023-02-10',
        to: '2023-02-28',
      });
    });
  });

  describe('comparisonPeriods', () => {
    it('gives the kind, the previous period and the same period a year before', () => {
      expect(comparisonPeriods(monthPeriod('2025-03'))).toEqual({
        current: { from: '2025-03-01', to: '2025-03-31', kind: 'month' },
        previous: { from: '2025-02-01', to: '2025-02-28' },
        yearBefore: { from: '2024-03-01', to: '2024-03-31' },
      });
      expect(comparisonPeriods({ from: '2025-03-15', to: '2025-04-14' })).toEqual({
        current: { from: '2025-03-15', to: '2025-04-14', kind: 'range' },
        previous: { from: '2025-02-12', to: '2025-03-14' },
        yearBefore: { from: '2024-03-15', to: '2024-04-14' },
      });
    });

    it('has no separate year-before period for a year: it is the previous one', () => {
      expect(comparisonPeriods(calendarYearPeriod(2024))).toEqual({
        current: { from: '2024-01-01', to: '2024-12-31', kind: 'calendar-year' },
        previous: { from: '2023-01-01', to: '2023-12-31' },
        yearBefore: null,
      });
      expect(comparisonPeriods(observatoryYearPeriod(2025))).toEqual({
        current: { from: '2024-11-01', to: '2025-10-31', kind: 'observatory-year' },
        previous: { from: '2023-11-01', to: '2024-10-31' },
        yearBefore: null,
      });
    });
  });
});
