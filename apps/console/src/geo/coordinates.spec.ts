import { describe, expect, it } from 'vitest';
import { formatCoordinate, isGeoPoint, parseCoordinate, toLatLng, toPoint } from './coordinates';

describe('parseCoordinate', () => {
  it('reads decimal degrees, with a dot or a French comma', () => {
    expect(parseCoordinate('1.8587', 'longitude')).toBe(1.8587);
    expect(parseCoordinate(' 50,9513 ', 'latitude')).toBe(50.9513);
    expect(parseCoordinate('-0.5', 'longitude')).toBe(-0.5);
  });

  it('refuses values out of range or not numbers', () => {
    expect(parseCoordinate('181', 'longitude')).toBeNull();
    expect(parseCoordinate('91', 'latitude')).toBeNull();
    expect(parseCoordinate('', 'latitude')).toBeNull();
    expect(parseCoordinate('50°57′N', 'latitude')).toBeNull();
    expect(parseCoordinate('1e2', 'longitude')).toBeNull();
  });
});

describe('toPoint', () => {
  it('builds a GeoJSON point, longitude first, rounded to six decimals', () => {
    expect(toPoint(1.858712345, 50.95131234)).toEqual({
      type: 'Point',
      coordinates: [1.858712, 50.951312],
    });
  });

  it('is what Leaflet wants once swapped', () => {
    expect(toLatLng(toPoint(1.85, 50.95))).toEqual([50.95, 1.85]);
  });
});

describe('isGeoPoint', () => {
  it('accepts a valid point and refuses the rest', () => {
    expect(isGeoPoint({ type: 'Point', coordinates: [1.85, 50.95] })).toBe(true);
    expect(isGeoPoint({ type: 'Point', coordinates: [50.95] })).toBe(false);
    expect(isGeoPoint({ type: 'Point', coordinates: [200, 50] })).toBe(false);
    expect(isGeoPoint(null)).toBe(false);
  });
});

describe('formatCoordinate', () => {
  it('writes a coordinate without trailing zeros, and nothing for none', () => {
    expect(formatCoordinate(1.85)).toBe('1.85');
    expect(formatCoordinate(null)).toBe('');
  });
});
