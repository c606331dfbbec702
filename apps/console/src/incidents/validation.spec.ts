import { describe, expect, it } from 'vitest';
import { validateIncidentLocation, validateMinorCount } from './validation';

const calais = { type: 'Point', coordinates: [1.8587, 50.9513] };

describe('validateIncidentLocation', () => {
  it('requires a position when no observation is linked', () => {
    expect(validateIncidentLocation(null, { observationId: null })).toBe('vigie.incident.locationRequired');
    expect(validateIncidentLocation(undefined, { observationId: '' })).toBe(
      'vigie.incident.locationRequired',
    );
  });

  it('lets the position be inherited from a linked observation', () => {
    expect(validateIncidentLocation(null, { observationId: '5d1c4c5e-0000-4000-8000-000000000001' })).toBe(
      undefined,
    );
  });

  it('accepts a valid point and refuses a broken one, linked or not', () => {
    expect(validateIncidentLocation(calais, { observationId: null })).toBeUndefined();
    expect(validateIncidentLocation({ type: 'Point', coordinates: [200, 50] }, { observationId: 'x' })).toBe(
      'vigie.location.invalid',
    );
  });
});

describe('validateMinorCount', () => {
  it('refuses more minors than victims', () => {
    expect(validateMinorCount(3, { victimCount: 2 })).toBe('vigie.incident.minorsAboveVictims');
  });

  it('accepts as many minors as victims, or counts left unknown', () => {
    expect(validateMinorCount(2, { victimCount: 2 })).toBeUndefined();
    expect(validateMinorCount(2, { victimCount: null })).toBeUndefined();
    expect(validateMinorCount(null, { victimCount: 2 })).toBeUndefined();
  });
});
