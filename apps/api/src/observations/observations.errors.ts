import { LIMITS } from '@vigie/domain';
import { DomainError } from '../common/domain-error';

export enum ObservationErrorCode {
  InvalidPeriod = 'observation_invalid_period',
  RequiredField = 'observation_required_field',
}

export const observationErrors = {
  invalidPeriod: () =>
    new DomainError(
      'invalid',
      ObservationErrorCode.InvalidPeriod,
      `endedAt must not be before startedAt nor more than ${LIMITS.observationMaxHours} hours after it`,
      {
        errors: {
          endedAt: `must not be before startedAt nor more than ${LIMITS.observationMaxHours} hours after it`,
        },
      },
    ),
  requiredFields: (fields: string[]) =>
    new DomainError(
      'invalid',
      ObservationErrorCode.RequiredField,
      `These fields cannot be null: ${fields.join(', ')}`,
      { errors: Object.fromEntries(fields.map((field) => [field, 'must not be null'])) },
    ),
};
