import type { FeatureCollection, Geometry, Position } from 'geojson';

/** `[[south, west], [north, east]]` of a geometry, as Leaflet wants; null when it has no point. */
export function geoJsonBounds(
  geometry: Geometry | FeatureCollection,
): [[number, number], [number, number]] | null {
  let west = Infinity;
  let south = Infinity;
  let east = -Infinity;
  let north = -Infinity;
  const visit = (position: Position) => {
    const [longitude, latitude] = position;
    if (longitude === undefined || latitude === undefined) return;
    west = Math.min(west, longitude);
    east = Math.max(east, longitude);
    south = Math.min(south, latitude);
    north = Math.max(north, latitude);
  };
  if (geometry.type === 'FeatureCollection') {
    for (const feature of geometry.features) {
      if (feature.geometry) forEachPosition(feature.geometry, visit);
    }
  } else {
    forEachPosition(geometry, visit);
  }
  return Number.isFinite(west)
    ? [
        [south, west],
        [north, east],
      ]
    : null;
}

function forEachPosition(geometry: Geometry, visit: (position: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      return;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit));
      return;
    case 'MultiPolygon':
      geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(visit)));
      return;
    case 'GeometryCollection':
      geometry.geometries.forEach((child) => forEachPosition(child, visit));
      return;
  }
}

/** Bounds widened by `ratio` of their size on each side, so that a shape does not touch the edges. */
export function padBounds(
  bounds: [[number, number], [number, number]],
  ratio: number,
): [[number, number], [number, number]] {
  const [[south, west], [north, east]] = bounds;
  const dLat = (north - south) * ratio;
  const dLon = (east - west) * ratio;
  return [
    [south - dLat, west - dLon],
    [north + dLat, east + dLon],
  ];
}
