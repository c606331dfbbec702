import { describe, expect, it } from 'vitest';
import { readPosition } from './location';

const valueOf = <T>(read: { ok: true; value: T } | { ok: false; message: string }) =>
  read.ok ? read.value : `error: ${read.message}`;

describe(readPosition.name, () => {
  const calais = { point: { type: 'Point', coordinates: [1.8587, 50.9513] } };

  it.each([
    ['50.9513,1.8587'],
    ['50.9513, 1.8587'],
    ['50.9513 1.8587'],
    ['50,9513 1,8587'],
    ['50,9513; 1,8587'],
    ['50,9513,1,8587'],
    ['[50.9513, 1.8587]'],
    ['(50.9513, 1.8587)'],
  ])('reads %j as a point [lon, lat]', (raw) => {
    expect(valueOf(readPosition(raw))).toEqual(calais);
  });

  it('reads a KoboToolbox geopoint with its accuracy', () => {
    expect(valueOf(readPosition('50.9513 1.8587 12.5 4.8'))).toEqual({ ...calais, accuracyM: 4.8 });
  });

  it('refuses swapped coordinates rather than turning them round', () => {
    expect(valueOf(readPosition('1.8587, 50.9513'))).toBe(
      'error: latitude and longitude look swapped ("1.8587, 50.9513")',
    );
  });

  it('keeps a point far from the coast whose swap is not on it (the API checks ranges)', () => {
    expect(valueOf(readPosition('48.85, 2.35'))).toEqual({
      point: { type: 'Point', coordinates: [2.35, 48.85] },
    });
  });

  it.each([['Calais'], ['50.95'], ['50°57′N 1°51′E'], ['1 2 3 4 5']])('refuses %j', (raw) => {
    expect(valueOf(readPosition(raw))).toBe(
      `error: ${JSON.stringify(raw)} is not a position "latitude, longitude"`,
    );
  });
});
