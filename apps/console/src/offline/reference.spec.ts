import { describe, expect, it } from 'vitest';
import { distanceM, nearestSites } from './reference';
import type { OfflineSite } from './types';

function site(id: string, lon: number, lat: number): OfflineSite {
  return {
    id,
    name: id,
    aliases: [],
    location: { type: 'Point', coordinates: [lon, lat] },
    communeCode: null,
    area: null,
  };
}

describe('the nearest known sites, computed on the phone', () => {
  it('measures Calais to Dunkirk as about 37 km', () => {
    expect(distanceM([1.8587, 50.9513], [2.3768, 51.0344]) / 1000).toBeCloseTo(37.4, 0);
  });

  it('lists the nearest first, up to the limit', () => {
    const sites = [site('far', 2.37, 51.03), site('near', 1.86, 50.952), site('middle', 1.9, 50.96)];
    const nearby = nearestSites([1.8587, 50.9513], sites, 2);
    expect(nearby.map((item) => item.site.id)).toEqual(['near', 'middle']);
    expect(nearby[0]!.distanceM).toBeLessThan(200);
  });
});
