import { LIMITS } from '@vigie/domain';
import { DomainError } from '../common/domain-error';

export enum ObservationErrorCode {
  InvalidPeriod = 'observation_invalid_period',
  RequiredField = 'observation_required_field',
  InvalidTransition = 'invalid_transition',
}

export const observationErrors = {
  invalidTransition: (action: string, current: { status: string }) =>
    new DomainError(
      'conflict',
      ObservationErrorCode.InvalidTransition,
      `Cannot ${action} an observation whose status is ${current.status}`,
      { current, errors: { status: `cannot ${action} from ${current.status}` } },
    ),
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
