import { describe, expect, it } from 'vitest';
import { isWorkingDay, nextWorkingDay, publicHoliday } from './french-calendar';

describe('publicHoliday', () => {
  // Easter 2025 is Sunday 20 April: Easter Monday +1, Ascension +39, Whit Monday +50.
  it.each([
    ['2025-01-01', 'Nouvel An', "New Year's Day"],
    ['2025-04-21', 'Lundi de Pâques', 'Easter Monday'],
    ['2025-05-01', 'Fête du travail', 'Labour Day'],
    ['2025-05-08', 'Fête de la Victoire 1945', 'Victory Day'],
    ['2025-05-29', 'Ascension', 'Ascension Day'],
    ['2025-06-09', 'Lundi de Pentecôte', 'Whit Monday'],
    ['2025-07-14', 'Fête Nationale de la France', 'Bastille Day'],
    ['2025-08-15', 'Assomption', 'Assumption'],
    ['2025-11-01', 'Toussaint', "All Saints' Day"],
    ['2025-11-11', 'Armistice 1918', 'Armistice Day'],
    ['2025-12-25', 'Noël', 'Christmas Day'],
  ])('%s is « %s » / "%s"', (date, fr, en) => {
    expect(publicHoliday(date)).toEqual({ fr, en });
  });

  it('follows Easter from year to year (Easter 2026: 5 April)', () => {
    expect(publicHoliday('2026-04-06')?.fr).toBe('Lundi de Pâques');
    expect(publicHoliday('2026-05-14')?.fr).toBe('Ascension');
    expect(publicHoliday('2026-05-25')?.fr).toBe('Lundi de Pentecôte');
    expect(publicHoliday('2025-04-21')?.fr).toBe('Lundi de Pâques');
  });

  it.each([
    ['Pentecost Sunday, an observance only', '2025-06-08'],
    ['Mother’s Day, an observance only', '2025-05-25'],
    ['Good Friday, a holiday in Alsace-Moselle only', '2025-04-18'],
    ['26 December, a holiday in Alsace-Moselle only', '2025-12-26'],
    ['an ordinary day', '2025-03-04'],
  ])('is null on %s', (_name, date) => {
    expect(publicHoliday(date)).toBeNull();
  });

  it('names both feasts when two fall on the same day (Ascension on 1 May 2008)', () => {
    expect(publicHoliday('2008-05-01')).toEqual({
      fr: 'Fête du travail et Ascension',
      en: 'Labour Day and Ascension Day',
    });
  });

  it('refuses a malformed date', () => {
    expect(() => publicHoliday('2025-13-01')).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['Tuesday 4 March 2025', '2025-03-04', true],
    ['Good Friday 18 April 2025 (not a holiday outside Alsace-Moselle)', '2025-04-18', true],
    ['Saturday 22 March 2025', '2025-03-22', false],
    ['Sunday 23 March 2025', '2025-03-23', false],
    ['Thursday 1 May 2025', '2025-05-01', false],
    ['Monday 9 June 2025, Whit Monday', '2025-06-09', false],
  ])('%s: %s', (_name, date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });
});

describe('nextWorkingDay', () => {
  it('keeps a working day', () => {
    expect(nextWorkingDay('2025-03-04')).toEqual({ date: '2025-03-04', skipped: [] });
  });

  it('passes over a weekend, saying which day is which', () => {
    expect(nextWorkingDay('2025-03-22')).toEqual({
      date: '2025-03-24',
      skipped: [
        { date: '2025-03-22', reason: 'saturday' },
        { date: '2025-03-23', reason: 'sunday' },
      ],
    });
  });

  it('passes over Saturday, Sunday and Easter Monday 2025 to Tuesday 22 April', () => {
    expect(nextWorkingDay('2025-04-19')).toEqual({
      date: '2025-04-22',
      skipped: [
        { date: '2025-04-19', reason: 'saturday' },
        { date: '2025-04-20', reason: 'sunday' },
        { date: '2025-04-21', reason: 'holiday', holiday: { fr: 'Lundi de Pâques', en: 'Easter Monday' } },
      ],
    });
  });

  it('passes over Christmas on a Friday (2026) and the weekend to Monday 28 December', () => {
    expect(nextWorkingDay('2026-12-25')).toEqual({
      date: '2026-12-28',
      skipped: [
        { date: '2026-12-25', reason: 'holiday', holiday: { fr: 'Noël', en: 'Christmas Day' } },
        { date: '2026-12-26', reason: 'saturday' },
        { date: '2026-12-27', reason: 'sunday' },
      ],
    });
  });

  it('crosses a year end: Thursday 1 January 2026 moves to Friday 2 January', () => {
    expect(nextWorkingDay('2026-01-01').date).toBe('2026-01-02');
  });
});
