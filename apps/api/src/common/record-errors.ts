import { DomainError } from './domain-error';

/** Error codes shared by every versioned, soft-deletable resource. */
export enum RecordErrorCode {
  NotFound = 'record_not_found',
  StaleVersion = 'stale_version',
  IdempotencyConflict = 'idempotency_conflict',
  Deleted = 'record_deleted',
  InvalidReference = 'invalid_reference',
  IdMismatch = 'id_mismatch',
  ReadOnlyField = 'read_only_field',
}

export const recordErrors = {
  notFound: (label: string, id: string) =>
    new DomainError('not_found', RecordErrorCode.NotFound, `${label} ${id} not found`),
  staleVersion: (label: string, current: unknown) =>
    new DomainError(
      'conflict',
      RecordErrorCode.StaleVersion,
      `${label} was changed by someone else since version you edited; reload it and apply your change again`,
      { current, errors: { version: 'stale version' } },
    ),
  idempotencyConflict: (label: string, id: string) =>
    new DomainError(
      'conflict',
      RecordErrorCode.IdempotencyConflict,
      `${label} ${id} already exists; only its creator may retry that create, with the same content`,
      { errors: { id: 'already used by another record' } },
    ),
  deleted: (label: string, id: string) =>
    new DomainError('conflict', RecordErrorCode.Deleted, `${label} ${id} is deleted; restore it first`),
  invalidReference: (field: string, message: string) =>
    new DomainError('invalid', RecordErrorCode.InvalidReference, message, {
      errors: { [field]: message },
    }),
  idMismatch: () =>
    new DomainError('invalid', RecordErrorCode.IdMismatch, 'id in the body differs from the URL', {
      errors: { id: 'must equal the id in the URL' },
    }),
  readOnlyFields: (fields: readonly string[]) =>
    new DomainError(
      'invalid',
      RecordErrorCode.ReadOnlyField,
      `Read-only ${fields.length === 1 ? 'field' : 'fields'} changed (${fields.join(', ')}): the server sets these; send them as GET returned them, or leave them out`,
      {
        errors: Object.fromEntries(
          fields.map((field) => [field, 'is read-only: send the value read from GET, or leave it out']),
        ),
      },
    ),
};
