import { isValidLatitude, isValidLongitude, type GeoPoint } from '@vigie/domain';

/** Six decimals: about 10 cm, far finer than any phone fix. */
const DECIMALS = 6;

export type Axis = 'longitude' | 'latitude';

/** A coordinate typed by hand (a comma is accepted as decimal separator); null if not valid. */
export function parseCoordinate(text: string, axis: Axis): number | null {
  const normalized = text.trim().replace(',', '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(normalized)) return null;
  const value = Number(normalized);
  const valid = axis === 'longitude' ? isValidLongitude(value) : isValidLatitude(value);
  return valid ? value : null;
}

export function formatCoordinate(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return '';
  return String(round(value));
}

function round(value: number): number {
  const factor = 10 ** DECIMALS;
  return Math.round(value * factor) / factor;
}

/** A GeoJSON Point (`[longitude, latitude]`), rounded. */
export function toPoint(longitude: number, latitude: number): GeoPoint {
  return { type: 'Point', coordinates: [round(longitude), round(latitude)] };
}

export function isGeoPoint(value: unknown): value is GeoPoint {
  if (typeof value !== 'object' || value === null) return false;
  const point = value as { type?: unknown; coordinates?: unknown };
  if (point.type !== 'Point' || !Array.isArray(point.coordinates)) return false;
  const [longitude, latitude] = point.coordinates as unknown[];
  return point.coordinates.length === 2 && isValidLongitude(longitude) && isValidLatitude(latitude);
}

/** Leaflet works in `[latitude, longitude]`, GeoJSON in `[longitude, latitude]`. */
export function toLatLng(point: GeoPoint): [number, number] {
  return [point.coordinates[1], point.coordinates[0]];
}
