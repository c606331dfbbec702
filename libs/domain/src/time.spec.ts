import { describe, expect, it } from 'vitest';
import { formatParisDate, isIsoTimestampWithOffset, isLocalDate, parisDayEnd, parisDayStart } from './time';

describe('isIsoTimestampWithOffset', () => {
  it.each([
    '2025-03-04T07:30:00+01:00',
    '2025-03-04T07:30:00Z',
    '2025-03-04T07:30Z',
    '2025-03-04T07:30:00.123456-04:00',
  ])('accepts %s', (value) => {
    expect(isIsoTimestampWithOffset(value)).toBe(true);
  });

  it.each([
    ['without offset', '2025-03-04T07:30:00'],
    ['a bare date', '2025-03-04'],
    ['an impossible day', '2025-02-30T07:30:00Z'],
    ['hour 24', '2025-03-04T24:00:00Z'],
    ['a space instead of T', '2025-03-04 07:30:00Z'],
    ['a number', 1741069800000],
  ])('refuses %s', (_name, value) => {
    expect(isIsoTimestampWithOffset(value)).toBe(false);
  });
});

describe('isLocalDate', () => {
  it('accepts a real date and refuses an impossible one', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-3-1')).toBe(false);
  });
});

describe('parisDayStart / parisDayEnd', () => {
  it('starts a winter day at 23:00 UTC the day before', () => {
    expect(parisDayStart('2025-01-15').toISOString()).toBe('2025-01-14T23:00:00.000Z');
  });

  it('starts a summer day at 22:00 UTC the day before', () => {
    expect(parisDayStart('2025-07-15').toISOString()).toBe('2025-07-14T22:00:00.000Z');
  });

  it('gives the spring-forward day 23 hours', () => {
    const start = parisDayStart('2025-03-30');
    const end = parisDayEnd('2025-03-30');
    expect(start.toISOString()).toBe('2025-03-29T23:00:00.000Z');
    expect((end.getTime() - start.getTime()) / 3_600_000).toBe(23);
  });

  it('gives the fall-back day 25 hours', () => {
    const start = parisDayStart('2025-10-26');
    expect((parisDayEnd('2025-10-26').getTime() - start.getTime()) / 3_600_000).toBe(25);
  });

  it('counts 23:30 Paris on the last day of March in March', () => {
    const lateEviction = new Date('2025-03-31T23:30:00+02:00');
    expect(lateEviction.getTime()).toBeLessThan(parisDayEnd('2025-03-31').getTime());
    expect(formatParisDate(lateEviction)).toBe('2025-03-31');
  });

  it('refuses a malformed date', () => {
    expect(() => parisDayStart('31/03/2025')).toThrow(RangeError);
  });
});
