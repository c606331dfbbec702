import { describe, expect, it } from 'vitest';
import { formatParisDateTime, fromParisInputValue, nowParisInputValue, toParisInputValue } from './parisTime';

describe('toParisInputValue', () => {
  it('shows an instant as Paris wall-clock time, summer and winter', () => {
    expect(toParisInputValue('2025-03-31T21:30:00.000Z')).toBe('2025-03-31T23:30');
    expect(toParisInputValue('2025-01-15T09:05:00Z')).toBe('2025-01-15T10:05');
    expect(toParisInputValue('2025-03-31T23:30:00+02:00')).toBe('2025-03-31T23:30');
  });

  it('leaves a value already in input form alone, and empties nonsense', () => {
    expect(toParisInputValue('2025-03-31T23:30')).toBe('2025-03-31T23:30');
    expect(toParisInputValue('')).toBe('');
    expect(toParisInputValue(null)).toBe('');
    expect(toParisInputValue('yesterday')).toBe('');
  });
});

describe('fromParisInputValue', () => {
  it('reads the typed time as Paris time and writes it with its offset', () => {
    expect(fromParisInputValue('2025-03-31T23:30')).toBe('2025-03-31T23:30:00.000+02:00');
    expect(fromParisInputValue('2025-01-15T10:05')).toBe('2025-01-15T10:05:00.000+01:00');
  });

  it('names the same instant as the UTC form', () => {
    const iso = fromParisInputValue('2025-03-31T23:30');
    expect(iso && new Date(iso).toISOString()).toBe('2025-03-31T21:30:00.000Z');
  });

  it('moves a time skipped by the spring DST change an hour forward', () => {
    expect(fromParisInputValue('2025-03-30T02:30')).toBe('2025-03-30T03:30:00.000+02:00');
  });

  it('gives null for an empty or malformed value', () => {
    expect(fromParisInputValue('')).toBeNull();
    expect(fromParisInputValue(null)).toBeNull();
    expect(fromParisInputValue('31/03/2025')).toBeNull();
  });

  it('round-trips with toParisInputValue', () => {
    for (const local of ['2025-06-01T00:00', '2025-12-31T23:59', '2025-10-26T01:59']) {
      expect(toParisInputValue(fromParisInputValue(local))).toBe(local);
    }
  });
});

describe('formatParisDateTime', () => {
  it('writes a date in French format, in Paris time', () => {
    expect(formatParisDateTime('2025-03-31T21:30:00Z', 'fr')).toBe('31/03/2025 23:30');
  });

  it('keeps day/month order and Paris time in English', () => {
    expect(formatParisDateTime('2025-03-31T21:30:00Z', 'en')).toBe('31/03/2025 23:30');
  });

  it('writes nothing for a missing date', () => {
    expect(formatParisDateTime(null)).toBe('');
  });
});

describe('nowParisInputValue', () => {
  it('is the current minute in Paris', () => {
    expect(nowParisInputValue(new Date('2025-07-14T08:15:42Z'))).toBe('2025-07-14T10:15');
  });
});
