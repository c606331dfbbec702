import { isGeoPoint } from '../geo/coordinates';

/**
 * The position may be left out when an observation is linked: the API then takes the
 * observation's (DESIGN §3). Otherwise it is required.
 */
export const validateIncidentLocation = (
  value: unknown,
  values: Record<string, unknown>,
): string | undefined => {
  if (value == null) {
    return values?.observationId == null || values.observationId === ''
      ? 'vigie.incident.locationRequired'
      : undefined;
  }
  return isGeoPoint(value) ? undefined : 'vigie.location.invalid';
};

/** Minors are counted among the victims: never more of them (the database refuses it too). */
export const validateMinorCount = (value: unknown, values: Record<string, unknown>): string | undefined => {
  const victims = values?.victimCount;
  return typeof value === 'number' && typeof victims === 'number' && value > victims
    ? 'vigie.incident.minorsAboveVictims'
    : undefined;
};
