import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeoPolygonal } from '@vigie/domain';

/** About 10 cm: finer than any perimeter of an order, and keeps the record small. */
const DECIMALS = 6;

function round(position: Position): Position {
  const factor = 10 ** DECIMALS;
  return [Math.round(position[0]! * factor) / factor, Math.round(position[1]! * factor) / factor];
}

/** A ring rounded, with consecutive repeats dropped and closed; null when it encloses nothing. */
function cleanRing(ring: readonly Position[]): Position[] | null {
  const points: Position[] = [];
  for (const position of ring.map(round)) {
    const last = points[points.length - 1];
    if (!last || last[0] !== position[0] || last[1] !== position[1]) points.push(position);
  }
  const first = points[0];
  const last = points[points.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) points.push(first);
  // A closed ring needs three distinct corners: four positions, the first repeated last.
  return points.length >= 4 ? points : null;
}

function cleanPolygon(rings: readonly Position[][]): Position[][] | null {
  const [outer, ...holes] = rings;
  const shell = outer ? cleanRing(outer) : null;
  if (!shell) return null;
  return [shell, ...holes.map(cleanRing).filter((ring): ring is Position[] => ring !== null)];
}

/** The polygons of a geometry (a MultiPolygon's parts); none for any other type. */
export function polygonsOf(geometry: Geometry | GeoPolygonal | null | undefined): Position[][][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/**
 * The perimeter of the shapes drawn on the map (each layer's `toGeoJSON().geometry`): nothing
 * drawn is null, one polygon a Polygon, several a MultiPolygon (DESIGN §3: « périmètre »).
 */
export function perimeterFromShapes(shapes: readonly (Geometry | null | undefined)[]): GeoPolygonal | null {
  const polygons = shapes
    .flatMap((shape) => polygonsOf(shape))
    .map(cleanPolygon)
    .filter((polygon): polygon is Position[][] => polygon !== null);
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0]! } satisfies Polygon;
  return { type: 'MultiPolygon', coordinates: polygons } satisfies MultiPolygon;
}

/** Whether a value is a Polygon or MultiPolygon the form may hold. */
export function isPolygonal(value: unknown): value is GeoPolygonal {
  if (typeof value !== 'object' || value === null) return false;
  const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
  return (type === 'Polygon' || type === 'MultiPolygon') && Array.isArray(coordinates);
}
