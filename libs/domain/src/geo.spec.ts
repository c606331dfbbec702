import { describe, expect, it } from 'vitest';
import { parseBbox, parseLonLat } from './geo';

describe('parseBbox', () => {
  it('reads minLon,minLat,maxLon,maxLat', () => {
    expect(parseBbox('1.8,50.9,1.95,51')).toEqual([1.8, 50.9, 1.95, 51]);
  });

  it.each([
    ['three numbers', '1,2,3'],
    ['a word', '1,2,3,north'],
    ['an empty part', '1,,3,4'],
    ['min above max', '2,50,1,51'],
    ['a latitude beyond the pole', '1,-91,2,50'],
    ['a longitude beyond 180', '1,50,181,51'],
  ])('refuses %s', (_name, value) => {
    expect(parseBbox(value)).toBeNull();
  });
});

describe('parseLonLat', () => {
  it('reads lon,lat and refuses anything else', () => {
    expect(parseLonLat('1.85,50.95')).toEqual([1.85, 50.95]);
    expect(parseLonLat('50.95')).toBeNull();
    expect(parseLonLat('1.85,95')).toBeNull();
  });
});
