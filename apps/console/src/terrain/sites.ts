import { nearestSites, type NearbySite, type OfflineSite } from '../offline';

/** Lower case without accents or punctuation: « Jungle des Dunes » is found by "jungle dunes". */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Known sites whose name or an alias holds every word typed, those whose name starts with the
 * query first, then alphabetically: a search on the device, offline.
 */
export function matchSites(query: string, sites: readonly OfflineSite[], limit = 6): OfflineSite[] {
  const words = normalizeName(query).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  const normalizedQuery = words.join(' ');
  const scored = sites.flatMap((site) => {
    const names = [site.name, ...site.aliases].map(normalizeName);
    if (!names.some((name) => words.every((word) => name.includes(word)))) return [];
    const rank = names.some((name) => name.startsWith(normalizedQuery)) ? 0 : 1;
    return [{ site, rank }];
  });
  return scored
    .sort((a, b) => a.rank - b.rank || a.site.name.localeCompare(b.site.name, 'fr'))
    .slice(0, limit)
    .map(({ site }) => site);
}

/** « 80 m », « 1,2 km »: a distance as the observer reads it on site. */
export function formatDistance(metres: number, lang: string): { key: 'm' | 'km'; value: string } {
  if (metres < 1000) return { key: 'm', value: String(Math.round(metres / 10) * 10) };
  return {
    key: 'km',
    value: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 }).format(
      metres / 1000,
    ),
  };
}

/** Beyond this, a known site is not where the observer stands: it is not suggested. */
export const NEARBY_RADIUS_M = 5000;

/**
 * The known sites to suggest from a position: the nearest first, at most `limit`, none farther
 * than `radiusM` (the distances come from the offline module's `nearestSites`).
 */
export function suggestSites(
  position: [number, number],
  sites: OfflineSite[],
  limit = 3,
  radiusM = NEARBY_RADIUS_M,
): NearbySite[] {
  return nearestSites(position, sites, sites.length)
    .filter((nearby) => nearby.distanceM <= radiusM)
    .slice(0, limit);
}
