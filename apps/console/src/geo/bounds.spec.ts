import { describe, expect, it } from 'vitest';
import { geoJsonBounds, padBounds } from './bounds';

describe('geoJsonBounds', () => {
  it('gives south-west and north-east corners of a multipolygon, latitude first', () => {
    expect(
      geoJsonBounds({
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [1.8, 50.9],
              [1.9, 50.9],
              [1.9, 51.0],
              [1.8, 50.9],
            ],
          ],
          [
            [
              [2.0, 50.8],
              [2.1, 50.8],
              [2.1, 50.85],
              [2.0, 50.8],
            ],
          ],
        ],
      }),
    ).toEqual([
      [50.8, 1.8],
      [51.0, 2.1],
    ]);
  });

  it('gives null for an empty geometry', () => {
    expect(geoJsonBounds({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
  });

  it('covers every feature of a collection', () => {
    expect(
      geoJsonBounds({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1.8, 50.9] } },
          { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [2.4, 51.1] } },
        ],
      }),
    ).toEqual([
      [50.9, 1.8],
      [51.1, 2.4],
    ]);
  });
});

describe('padBounds', () => {
  it('widens the bounds by a share of their size on each side', () => {
    expect(
      padBounds(
        [
          [50, 1],
          [51, 3],
        ],
        0.25,
      ),
    ).toEqual([
      [49.75, 0.5],
      [51.25, 3.5],
    ]);
  });
});
