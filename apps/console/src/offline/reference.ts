import { type Area, can, type GeoPoint, LIMITS } from '@vigie/domain';
import { isPlainObject } from '../api/payload';
import { db } from './db';
import { cachedIdentity } from './identity';
import type { NearbySite, OfflineCommune, OfflineSite, ReferenceData } from './types';

/** The sites and communes kept on the device, or null before the first refresh. */
export async function referenceData(): Promise<ReferenceData | null> {
  try {
    return (await (await db()).get('reference', 'current')) ?? null;
  } catch {
    return null;
  }
}

/**
 * Fetches the living sites (with aliases) and the communes the signed-in role may read and keeps
 * them on the device for offline suggestions. Offline, or when a call fails, the last copy stays:
 * a field capture works with yesterday's list rather than none. Only what a suggestion needs is
 * kept (no perimeter, no notes).
 */
export async function refreshReferenceData(): Promise<void> {
  const identity = await cachedIdentity();
  if (!identity || (typeof navigator !== 'undefined' && navigator.onLine === false)) return;
  const readsSites = can(identity.role, 'sites.read');
  const readsCommunes = can(identity.role, 'communes.read');
  if (!readsSites && !readsCommunes) return;
  try {
    const previous = await referenceData();
    const [sites, communes, outlines] = await Promise.all([
      readsSites ? fetchAll('sites', toSite) : Promise.resolve(previous?.sites ?? []),
      readsCommunes ? fetchAll('communes', toCommune) : Promise.resolve(previous?.communes ?? []),
      readsCommunes ? freshOutlines(previous?.outlines) : Promise.resolve(undefined),
    ]);
    const data: ReferenceData = { fetchedAt: new Date().toISOString(), sites, communes, outlines };
    await (await db()).put('reference', data, 'current');
  } catch {
    // Offline, session over, server down: keep what the device has.
  }
}

/** Commune boundaries change once a year at most: fetched again after a week. */
const OUTLINES_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

async function freshOutlines(previous: ReferenceData['outlines']): Promise<ReferenceData['outlines']> {
  if (previous && Date.now() - Date.parse(previous.fetchedAt) < OUTLINES_MAX_AGE_MS) return previous;
  const response = await fetch('/api/communes.geojson', {
    credentials: 'same-origin',
    headers: { Accept: 'application/geo+json, application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`GET /api/communes.geojson: HTTP ${response.status}`);
  const collection: unknown = await response.json();
  if (!isPlainObject(collection) || collection.type !== 'FeatureCollection') {
    throw new Error('GET /api/communes.geojson: not a FeatureCollection');
  }
  return { fetchedAt: new Date().toISOString(), collection };
}

/** The commune outlines kept on the device, or null. */
export async function offlineOutlines(): Promise<unknown> {
  return (await referenceData())?.outlines?.collection ?? null;
}

/** Every page of `GET /api/<resource>` (the API's largest page at a time). */
async function fetchAll<T>(resource: 'sites' | 'communes', map: (row: unknown) => T | null): Promise<T[]> {
  const rows: T[] = [];
  const size = LIMITS.pageSize;
  for (let start = 0; ; start += size) {
    const response = await fetch(`/api/${resource}?_start=${start}&_end=${start + size}`, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    if (!response.ok) throw new Error(`GET /api/${resource}: HTTP ${response.status}`);
    const page: unknown = await response.json();
    if (!Array.isArray(page)) throw new Error(`GET /api/${resource}: not a list`);
    for (const row of page) {
      const item = map(row);
      if (item) rows.push(item);
    }
    if (page.length < size) return rows;
  }
}

function toSite(row: unknown): OfflineSite | null {
  if (!isPlainObject(row) || typeof row.id !== 'string' || !isPoint(row.location)) return null;
  if (row.deletedAt) return null;
  return {
    id: row.id,
    name: String(row.name ?? ''),
    aliases: Array.isArray(row.aliases) ? row.aliases.filter((alias) => typeof alias === 'string') : [],
    location: row.location,
    communeCode: typeof row.communeCode === 'string' ? row.communeCode : null,
    area: typeof row.area === 'string' ? (row.area as Area) : null,
  };
}

function toCommune(row: unknown): OfflineCommune | null {
  if (!isPlainObject(row) || typeof row.code !== 'string') return null;
  return {
    code: row.code,
    name: String(row.name ?? ''),
    area: typeof row.area === 'string' ? (row.area as Area) : null,
  };
}

function isPoint(value: unknown): value is GeoPoint {
  return (
    isPlainObject(value) &&
    value.type === 'Point' &&
    Array.isArray(value.coordinates) &&
    typeof value.coordinates[0] === 'number' &&
    typeof value.coordinates[1] === 'number'
  );
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two [lon, lat] points (haversine). */
export function distanceM([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The `limit` sites nearest to `position` ([lon, lat]), nearest first; computed on the device. */
export function nearestSites(position: [number, number], sites: OfflineSite[], limit = 5): NearbySite[] {
  return sites
    .map((site) => ({
      site,
      distanceM: Math.round(distanceM(position, site.location.coordinates)),
    }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, Math.max(0, limit));
}
