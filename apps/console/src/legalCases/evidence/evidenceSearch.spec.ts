import { describe, expect, it } from 'vitest';
import { bboxOf, EMPTY_SEARCH, linkableIds, observationSearchFilter, toggled } from './evidenceSearch';

describe('observationSearchFilter', () => {
  it('sends only what was filled in, as the observations list takes it', () => {
    expect(observationSearchFilter(EMPTY_SEARCH)).toEqual({});
    expect(
      observationSearchFilter({
        ...EMPTY_SEARCH,
        from: '2026-03-01',
        to: '2026-03-31',
        siteId: 's1',
        q: ' BMX ',
      }),
    ).toEqual({ startedAt_gte: '2026-03-01', startedAt_lte: '2026-03-31', siteId: 's1', q: 'BMX' });
  });
});

describe('bboxOf', () => {
  it('writes the map bounds west, south, east, north, rounded and clamped', () => {
    expect(bboxOf({ west: 1.8123456, south: 50.9, east: 1.95, north: 50.99999999 })).toBe(
      '1.81235,50.9,1.95,51',
    );
    expect(bboxOf({ west: -200, south: -95, east: 200, north: 95 })).toBe('-180,-90,180,90');
  });
});

describe('selection', () => {
  it('offers only the observations not linked yet', () => {
    expect(linkableIds([{ id: 'a' }, { id: 'b' }, { id: 'c' }], new Set(['b']))).toEqual(['a', 'c']);
  });

  it('adds and removes one observation', () => {
    expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
  });
});
