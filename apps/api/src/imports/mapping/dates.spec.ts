import { describe, expect, it } from 'vitest';
import { DateReader, dateFormatError } from './dates';

const valueOf = <T>(read: { ok: true; value: T } | { ok: false; message: string }) =>
  read.ok ? read.value : `error: ${read.message}`;

describe(DateReader.name, () => {
  const paris = new DateReader('Europe/Paris', null);

  it.each([
    ['2025-03-04T07:30:00', '2025-03-04T07:30:00+01:00'],
    ['2025-07-04T07:30:00', '2025-07-04T07:30:00+02:00'],
    ['2025-03-04 07:30', '2025-03-04T07:30:00+01:00'],
    ['04/03/2025 07:30', '2025-03-04T07:30:00+01:00'],
    ['4/3/2025 7h30', '2025-03-04T07:30:00+01:00'],
    ['04.03.2025 07:30:15', '2025-03-04T07:30:15+01:00'],
    ['04/03/25 07:30', '2025-03-04T07:30:00+01:00'],
    ['2025-03-04T07:30:00.000+01:00', '2025-03-04T07:30:00.000+01:00'],
    ['2025-03-04T06:30:00Z', '2025-03-04T06:30:00Z'],
    ['2025-03-04T07:30:00+0100', '2025-03-04T07:30:00+01:00'],
  ])('reads %j without a format as %j', (raw, expected) => {
    expect(valueOf(paris.dateTime(raw))).toBe(expected);
  });

  it('refuses a date that does not exist, and a date without a time where one is needed', () => {
    expect(valueOf(paris.dateTime('31/02/2021 10:00'))).toBe('error: "31/02/2021 10:00" is not a valid date');
    expect(valueOf(paris.date('31/02/2021'))).toBe('error: "31/02/2021" is not a valid date');
    expect(valueOf(paris.dateTime('04/03/2021'))).toBe('error: "04/03/2021" has a date but no time of day');
    expect(valueOf(paris.dateTime('mardi'))).toBe('error: "mardi" is not a valid date');
  });

  it('reads with a date-fns format, and still accepts the ISO cells of XLSX files', () => {
    const us = new DateReader('Europe/Paris', 'MM/dd/yyyy hh:mm a');
    expect(valueOf(us.dateTime('03/04/2025 07:30 PM'))).toBe('2025-03-04T19:30:00+01:00');
    expect(valueOf(us.dateTime('2025-03-04T07:30:00'))).toBe('2025-03-04T07:30:00+01:00');
    expect(valueOf(us.dateTime('02/31/2021 07:30 AM'))).toBe(
      'error: "02/31/2021 07:30 AM" is not a valid date (expected MM/dd/yyyy hh:mm a)',
    );
    const dayOnly = new DateReader('Europe/Paris', 'dd/MM/yyyy');
    expect(valueOf(dayOnly.date('31/02/2021'))).toBe(
      'error: "31/02/2021" is not a valid date (expected dd/MM/yyyy)',
    );
    expect(valueOf(dayOnly.date('28/02/2021'))).toEqual({ year: 2021, month: 2, day: 28 });
  });

  it('refuses a wall-clock time the spring clock change skips, with or without a format', () => {
    // 2025-03-30: Paris clocks go from 02:00 to 03:00; an eviction "at 02:30" is a typing mistake.
    expect(valueOf(paris.dateTime('30/03/2025 02:30'))).toBe(
      'error: "30/03/2025 02:30" does not exist in Europe/Paris (the clocks skip that hour)',
    );
    const formatted = new DateReader('Europe/Paris', 'dd/MM/yyyy HH:mm');
    expect(valueOf(formatted.dateTime('30/03/2025 02:30'))).toMatch(/does not exist in Europe\/Paris/);
    expect(valueOf(paris.dateTime('30/03/2025 03:30'))).toBe('2025-03-30T03:30:00+02:00');
    expect(valueOf(paris.dateTime('30/03/2025 01:30'))).toBe('2025-03-30T01:30:00+01:00');
  });

  it('reads the repeated autumn hour as its second occurrence, in winter time', () => {
    expect(valueOf(paris.dateTime('26/10/2025 02:30'))).toBe('2025-10-26T02:30:00+01:00');
  });

  it('reads local times in the mapping time zone', () => {
    const montreal = new DateReader('America/Montreal', null);
    expect(valueOf(montreal.dateTime('04/03/2025 07:30'))).toBe('2025-03-04T07:30:00-05:00');
    const kolkata = new DateReader('Asia/Kolkata', null);
    expect(valueOf(kolkata.dateTime('2025-03-04T07:30:00'))).toBe('2025-03-04T07:30:00+05:30');
  });

  it.each([
    ['7:30', { hour: 7, minute: 30, second: 0 }],
    ['07h30', { hour: 7, minute: 30, second: 0 }],
    ['7h', { hour: 7, minute: 0, second: 0 }],
    ['07:30:15', { hour: 7, minute: 30, second: 15 }],
    ['1899-12-30T07:30:00', { hour: 7, minute: 30, second: 0 }],
    ['07:30:00.000+01:00', { hour: 7, minute: 30, second: 0, offset: '+01:00' }],
  ])('reads the time %j', (raw, expected) => {
    expect(valueOf(paris.time(raw))).toEqual(expected);
  });

  it('refuses a time of day that does not exist', () => {
    expect(valueOf(paris.time('25:10'))).toBe('error: "25:10" is not a valid time of day');
  });

  it('accepts date-fns patterns naming a full date, and nothing else', () => {
    expect(dateFormatError('dd/MM/yyyy HH:mm')).toBeUndefined();
    expect(dateFormatError("d MMMM yyyy 'à' HH'h'mm")).toBeUndefined();
    expect(dateFormatError('HH:mm')).toBe('must name a day, a month and a year, e.g. dd/MM/yyyy HH:mm');
    expect(dateFormatError('dd/MM/yyyy qqqqqqq')).toBe('is not a date-fns pattern');
    expect(dateFormatError('dd/MM/yyyy bonjour')).toBe('is not a date-fns pattern');
  });
});
