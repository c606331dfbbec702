import { describe, expect, it } from 'vitest';
import type { OfflineSite } from '../offline';
import { formatDistance, matchSites, normalizeName, suggestSites } from './sites';

const site = (id: string, name: string, lon: number, lat: number, aliases: string[] = []): OfflineSite => ({
  id,
  name,
  aliases,
  location: { type: 'Point', coordinates: [lon, lat] },
  communeCode: null,
  area: 'calaisis',
});

// Around Calais: about 70 m per 0.001° of longitude, 111 m per 0.001° of latitude.
const HERE: [number, number] = [1.85, 50.95];
const SITES = [
  site('far', 'Loon-Plage', 2.21, 51.0),
  site('b', 'Jungle des Dunes', 1.853, 50.95),
  site('a', 'Hôpital', 1.851, 50.95, ['Rue de l’Hôpital']),
  site('c', 'Zone industrielle', 1.85, 50.97),
];

describe('suggestSites', () => {
  it('suggests the known sites nearest to the position first', () => {
    expect(suggestSites(HERE, SITES).map(({ site: { id } }) => id)).toEqual(['a', 'b', 'c']);
  });

  it('suggests none farther than the radius, and at most the limit', () => {
    expect(suggestSites(HERE, SITES, 5).map(({ site: { id } }) => id)).not.toContain('far');
    expect(suggestSites(HERE, SITES, 1)).toHaveLength(1);
    expect(suggestSites(HERE, SITES, 3, 500).map(({ site: { id } }) => id)).toEqual(['a', 'b']);
  });
});

describe('matchSites', () => {
  it('finds a site by any word of its name or an alias, without accents', () => {
    expect(normalizeName('Jungle  des Dunes!')).toBe('jungle des dunes');
    expect(matchSites('dunes jungle', SITES).map(({ id }) => id)).toEqual(['b']);
    expect(matchSites('hopital', SITES).map(({ id }) => id)).toEqual(['a']);
    expect(matchSites('rue', SITES).map(({ id }) => id)).toEqual(['a']);
  });

  it('puts the names starting with what is typed first', () => {
    const sites = [site('1', 'Ancienne zone', 0, 0), site('2', 'Zone nord', 0, 0)];
    expect(matchSites('zone', sites).map(({ id }) => id)).toEqual(['2', '1']);
  });

  it('finds nothing for an empty query', () => {
    expect(matchSites('  ', SITES)).toEqual([]);
  });
});

describe('formatDistance', () => {
  it('says metres to the ten below a kilometre, kilometres to the tenth above', () => {
    expect(formatDistance(84, 'fr')).toEqual({ key: 'm', value: '80' });
    expect(formatDistance(1234, 'fr')).toEqual({ key: 'km', value: '1,2' });
    expect(formatDistance(1234, 'en')).toEqual({ key: 'km', value: '1.2' });
  });
});
