import { LIMITS } from '@vigie/domain';
import { DomainError } from '../common/domain-error';

export enum ObservationErrorCode {
  InvalidPeriod = 'observation_invalid_period',
  RequiredField = 'observation_required_field',
  MergeIntoItself = 'observation_merge_into_itself',
  MergeDeleted = 'observation_merge_deleted',
  DuplicatePairNotFound = 'duplicate_pair_not_found',
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
  mergeIntoItself: () =>
    new DomainError(
      'invalid',
      ObservationErrorCode.MergeIntoItself,
      'An observation cannot be merged into itself',
      {
        errors: { duplicateId: 'must differ from the observation kept' },
      },
    ),
  mergeDeleted: (duplicate: { id: string; mergedIntoId?: string | null }) => {
    const why = duplicate.mergedIntoId
      ? `was already merged into observation ${duplicate.mergedIntoId}`
      : 'is deleted; restore it first to merge it';
    return new DomainError(
      'conflict',
      ObservationErrorCode.MergeDeleted,
      `Observation ${duplicate.id} ${why}`,
      {
        errors: { duplicateId: why },
      },
    );
  },
  duplicatePairNotFound: (id: string, otherId: string) =>
    new DomainError(
      'not_found',
      ObservationErrorCode.DuplicatePairNotFound,
      `Observations ${id} and ${otherId} were never flagged as possible duplicates`,
    ),
};
