import { describe, expect, it } from 'vitest';
import { COUNT_BOUNDS, parseCount, stepCount } from './stepper';

describe('stepCount', () => {
  it('counts one officer on the first + of an unknown count, and leaves it unknown on −', () => {
    expect(stepCount(null, 1)).toBe(1);
    expect(stepCount(null, -1)).toBeNull();
  });

  it('goes up and down by one', () => {
    expect(stepCount(4, 1)).toBe(5);
    expect(stepCount(4, -1)).toBe(3);
  });

  it('never goes below zero nor above the largest count', () => {
    expect(stepCount(0, -1)).toBe(0);
    expect(stepCount(COUNT_BOUNDS.max, 1)).toBe(COUNT_BOUNDS.max);
  });

  it('keeps custom bounds', () => {
    expect(stepCount(null, 1, { min: 1, max: 3 })).toBe(2);
    expect(stepCount(3, 1, { min: 1, max: 3 })).toBe(3);
    expect(stepCount(1, -1, { min: 1, max: 3 })).toBe(1);
  });
});

describe('parseCount', () => {
  it('reads a typed count, and an emptied field as not known', () => {
    expect(parseCount('200', 3)).toBe(200);
    expect(parseCount(' 12 ', null)).toBe(12);
    expect(parseCount('', 3)).toBeNull();
  });

  it('keeps the previous count when something else than digits is typed', () => {
    expect(parseCount('-4', 3)).toBe(3);
    expect(parseCount('2.5', 3)).toBe(3);
    expect(parseCount('abc', null)).toBeNull();
  });

  it('brings a count beyond the largest back within bounds', () => {
    expect(parseCount('123456', null)).toBe(COUNT_BOUNDS.max);
  });
});
