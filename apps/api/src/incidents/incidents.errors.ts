import { DomainError } from '../common/domain-error';

export enum IncidentErrorCode {
  RequiredField = 'incident_required_field',
  LocationRequired = 'incident_location_required',
  MinorsExceedVictims = 'incident_minors_exceed_victims',
  RestrictedField = 'incident_restricted_field',
}

export const incidentErrors = {
  requiredFields: (fields: string[]) =>
    new DomainError(
      'invalid',
      IncidentErrorCode.RequiredField,
      `These fields cannot be null: ${fields.join(', ')}`,
      { errors: Object.fromEntries(fields.map((field) => [field, 'must not be null'])) },
    ),
  locationRequired: () =>
    new DomainError(
      'invalid',
      IncidentErrorCode.LocationRequired,
      'location is required when the incident is not linked to an observation (observationId)',
      { errors: { location: 'is required unless observationId is given' } },
    ),
  minorsExceedVictims: () =>
    new DomainError(
      'invalid',
      IncidentErrorCode.MinorsExceedVictims,
      'minorCount must not exceed victimCount',
      {
        errors: { minorCount: 'must not be greater than victimCount' },
      },
    ),
  /** A role that may not read the testimony may not overwrite it blindly either. */
  restrictedField: (field: string) =>
    new DomainError(
      'invalid',
      IncidentErrorCode.RestrictedField,
      `${field} is restricted: your role may send it when creating an incident, not when changing one`,
      { errors: { [field]: 'restricted: may only be sent on create by your role' } },
    ),
};
