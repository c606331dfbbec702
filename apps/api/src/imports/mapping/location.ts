import type { GeoPoint } from '@vigie/domain';
import { parseNumber, type Read } from './cell-values';

/** The observatory's coast, widely drawn: a point outside it whose swap falls inside was swapped. */
const TERRITORY = { minLon: -1, maxLon: 4, minLat: 49, maxLat: 52 };

const inTerritory = (latitude: number, longitude: number) =>
  latitude >= TERRITORY.minLat &&
  latitude <= TERRITORY.maxLat &&
  longitude >= TERRITORY.minLon &&
  longitude <= TERRITORY.maxLon;

const quote = (raw: string) => JSON.stringify(raw);
const BRACKETS = /^[[(]\s*|\s*[\])]$/g;
const PLAIN_INTEGER = /^[+-]?\d+$/;

/**
 * The numbers of a position cell: "50.95,1.85", "50.95 1.85", "50,95 1,85", "[50.95, 1.85]"
 * (KoboToolbox `_geolocation`), "50.95 1.85 12 5" (KoboToolbox geopoint: lat lon altitude accuracy),
 * or "50,95,1,85" (two comma decimals).
 */
function positionNumbers(raw: string): number[] | undefined {
  const text = raw.replace(BRACKETS, '');
  let parts: string[];
  if (/[\s;]/.test(text)) {
    parts = text
      .split(/[\s;]+/)
      .map((part) => part.replace(/^,|,$/g, ''))
      .filter((part) => part !== '');
  } else {
    parts = text.split(',');
    if (parts.length === 4 && parts.every((part) => PLAIN_INTEGER.test(part))) {
      parts = [`${parts[0]}.${parts[1]}`, `${parts[2]}.${parts[3]}`];
    }
  }
  if (parts.length < 2 || parts.length > 4) return undefined;
  const numbers = parts.map(parseNumber);
  return numbers.every((value) => value !== undefined) ? (numbers as number[]) : undefined;
}

/** Latitude and longitude → GeoJSON point; swapped ones are refused, never turned round. */
export function pointOf(latitude: number, longitude: number, raw: string): Read<GeoPoint> {
  if (!inTerritory(latitude, longitude) && inTerritory(longitude, latitude)) {
    return { ok: false, message: `latitude and longitude look swapped (${raw})` };
  }
  return { ok: true, value: { type: 'Point', coordinates: [longitude, latitude] } };
}

export interface Position {
  point: GeoPoint;
  /** A KoboToolbox geopoint's fourth number: its accuracy in metres. */
  accuracyM?: number;
}

export function readPosition(raw: string): Read<Position> {
  const numbers = positionNumbers(raw);
  if (!numbers) return { ok: false, message: `${quote(raw)} is not a position "latitude, longitude"` };
  const read = pointOf(numbers[0]!, numbers[1]!, quote(raw));
  if (!read.ok) return read;
  return {
    ok: true,
    value: numbers.length === 4 ? { point: read.value, accuracyM: numbers[3] } : { point: read.value },
  };
}
