import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { isPolygonal, perimeterFromShapes, polygonsOf } from './perimeter';

/** A square of 0.01° whose corners are exact at 6 decimals. */
const square = (west: number, south: number): Polygon => {
  const east = Math.round((west + 0.01) * 1e6) / 1e6;
  const north = Math.round((south + 0.01) * 1e6) / 1e6;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
};

describe('perimeterFromShapes', () => {
  it('is null when nothing is drawn', () => {
    expect(perimeterFromShapes([])).toBeNull();
    expect(perimeterFromShapes([null, undefined])).toBeNull();
  });

  it('makes one drawn polygon a Polygon', () => {
    expect(perimeterFromShapes([square(1.85, 50.95)])).toEqual(square(1.85, 50.95));
  });

  it('makes several drawn polygons one MultiPolygon, in the order drawn', () => {
    const perimeter = perimeterFromShapes([square(1.85, 50.95), square(2.3, 51.02)]);
    expect(perimeter).toEqual({
      type: 'MultiPolygon',
      coordinates: [square(1.85, 50.95).coordinates, square(2.3, 51.02).coordinates],
    });
  });

  it('flattens a MultiPolygon loaded from the record with a newly drawn polygon', () => {
    const loaded = perimeterFromShapes([square(1.85, 50.95), square(2.3, 51.02)]);
    const perimeter = perimeterFromShapes([loaded, square(1.7, 50.9)]);
    expect(perimeter?.type).toBe('MultiPolygon');
    expect(polygonsOf(perimeter)).toHaveLength(3);
  });

  it('closes an open ring, drops repeated corners, rounds to 6 decimals', () => {
    const perimeter = perimeterFromShapes([
      {
        type: 'Polygon',
        coordinates: [
          [
            [1.123456789, 50.1],
            [1.2, 50.1],
            [1.2, 50.1],
            [1.2, 50.2],
          ],
        ],
      },
    ]);
    expect(perimeter).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [1.123457, 50.1],
          [1.2, 50.1],
          [1.2, 50.2],
          [1.123457, 50.1],
        ],
      ],
    });
  });

  it('leaves out a shape that encloses nothing, and any point or line', () => {
    const line: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 50],
          [1.1, 50],
          [1, 50],
        ],
      ],
    };
    expect(perimeterFromShapes([line, { type: 'Point', coordinates: [1, 50] }])).toBeNull();
  });
});

describe('isPolygonal', () => {
  it('accepts Polygons and MultiPolygons only', () => {
    expect(isPolygonal(square(1, 50))).toBe(true);
    expect(isPolygonal({ type: 'Point', coordinates: [1, 50] })).toBe(false);
    expect(isPolygonal(null)).toBe(false);
  });
});
