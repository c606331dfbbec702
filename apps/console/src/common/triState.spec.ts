import { describe, expect, it } from 'vitest';
import { fromTriStateOption, toTriStateOption } from './triState';

describe('tri-state booleans', () => {
  it('shows true, false and null as Oui, Non, Inconnu', () => {
    expect(toTriStateOption(true)).toBe('true');
    expect(toTriStateOption(false)).toBe('false');
    expect(toTriStateOption(null)).toBe('unknown');
    expect(toTriStateOption(undefined)).toBe('unknown');
  });

  it('reads the options back as true, false and null (never false for unknown)', () => {
    expect(fromTriStateOption('true')).toBe(true);
    expect(fromTriStateOption('false')).toBe(false);
    expect(fromTriStateOption('unknown')).toBeNull();
    expect(fromTriStateOption('')).toBeNull();
  });

  it('round-trips every value', () => {
    for (const value of [true, false, null]) {
      expect(fromTriStateOption(toTriStateOption(value))).toBe(value);
    }
  });
});
