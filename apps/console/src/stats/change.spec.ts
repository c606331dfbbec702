import { describe, expect, it } from 'vitest';
import { changeOf, formatChange, pointChange } from './change';

const WORDS_FR = { new: 'nouveau', points: 'pts' };
const WORDS_EN = { new: 'new', points: 'pts' };

describe('change from the previous period', () => {
  it('gives the rounded relative change with its direction', () => {
    expect(changeOf(15, 12)).toEqual({ direction: 'up', percent: 25, delta: 3 });
    expect(changeOf(0, 7)).toEqual({ direction: 'down', percent: -100, delta: -7 });
    expect(changeOf(2, 3)).toEqual({ direction: 'down', percent: -33, delta: -1 });
    expect(formatChange(changeOf(15, 12), 'fr', WORDS_FR)).toBe('↑ 25\u202f%');
    expect(formatChange(changeOf(2, 3), 'en', WORDS_EN)).toBe('↓ 33%');
  });

  it('never divides by zero: nothing before and something now is "new", nothing twice is 0 %', () => {
    expect(changeOf(4, 0)).toEqual({ direction: 'up', percent: null, delta: 4 });
    expect(formatChange(changeOf(4, 0), 'fr', WORDS_FR)).toBe('↑ nouveau');
    expect(changeOf(0, 0)).toEqual({ direction: 'same', percent: 0, delta: 0 });
    expect(formatChange(changeOf(0, 0), 'en', WORDS_EN)).toBe('= 0%');
  });

  it('compares shares in percentage points, and not at all when one is unknown', () => {
    expect(pointChange(0.5, 0.4)).toEqual({ direction: 'up', percent: null, delta: 10 });
    expect(formatChange(pointChange(0.25, 0.375)!, 'fr', WORDS_FR, 'points')).toBe('↓ 12,5 pts');
    expect(pointChange(null, 0.4)).toBeNull();
    expect(pointChange(0.4, null)).toBeNull();
  });
});
