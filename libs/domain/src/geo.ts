/** A GeoJSON Point (RFC 7946): `[longitude, latitude]` in WGS84. */
export interface GeoPoint {
  type: 'Point';
  coordinates: [number, number];
}

export function isValidLongitude(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -180 && value <= 180;
}

export function isValidLatitude(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= -90 && value <= 90;
}

/** Parses `minLon,minLat,maxLon,maxLat`; null when malformed or out of range. */
export function parseBbox(value: string): [number, number, number, number] | null {
  const parts = value.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (parts.length !== 4) return null;
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (!isValidLongitude(minLon) || !isValidLongitude(maxLon)) return null;
  if (!isValidLatitude(minLat) || !isValidLatitude(maxLat)) return null;
  if (minLon > maxLon || minLat > maxLat) return null;
  return [minLon, minLat, maxLon, maxLat];
}

/** Parses `lon,lat`; null when malformed or out of range. */
export function parseLonLat(value: string): [number, number] | null {
  const parts = value.split(',').map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (parts.length !== 2) return null;
  const [lon, lat] = parts as [number, number];
  return isValidLongitude(lon) && isValidLatitude(lat) ? [lon, lat] : null;
}
