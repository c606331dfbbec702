import type { ImportSummary } from '@vigie/domain';
import { DomainError } from '../common/domain-error';

export enum ImportErrorCode {
  NotFound = 'import_not_found',
  InvalidForm = 'import_invalid_form',
  TooLarge = 'import_too_large',
  TooManyRows = 'import_too_many_rows',
  NoRows = 'import_no_rows',
  InvalidMapping = 'import_invalid_mapping',
  NotMapped = 'import_not_mapped',
  AlreadyCommitted = 'import_already_committed',
  RowsRejected = 'import_rows_rejected',
  NotCommitted = 'import_not_committed',
  ChangedSince = 'import_changed_since',
  ValidatedForAdmins = 'import_validated_for_admins',
  RestrictedField = 'import_restricted_field',
}

export const importErrors = {
  notFound: (id: string) => new DomainError('not_found', ImportErrorCode.NotFound, `Import ${id} not found`),
  invalidForm: (errors: Record<string, string>) =>
    new DomainError(
      'invalid',
      ImportErrorCode.InvalidForm,
      `Invalid import form: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    ),
  tooLarge: (maxMb: number) =>
    new DomainError('too_large', ImportErrorCode.TooLarge, `The file is larger than ${maxMb} MB`, {
      errors: { file: `must not be larger than ${maxMb} MB` },
    }),
  tooManyRows: (max: number) =>
    new DomainError(
      'too_large',
      ImportErrorCode.TooManyRows,
      `The file has more than ${max} rows: split it into several imports`,
      { errors: { file: `must not have more than ${max} rows` } },
    ),
  noRows: () =>
    new DomainError('invalid', ImportErrorCode.NoRows, 'The file has a header row but no data rows', {
      errors: { file: 'has no data rows' },
    }),
  invalidMapping: (errors: Record<string, string>) => {
    const count = Object.keys(errors).length;
    return new DomainError(
      'invalid',
      ImportErrorCode.InvalidMapping,
      `Invalid mapping: ${count} problem${count === 1 ? '' : 's'} (${Object.entries(errors)
        .slice(0, 3)
        .map(([path, message]) => `${path} ${message}`)
        .join('; ')})`,
      { errors },
    );
  },
  notMapped: () =>
    new DomainError('conflict', ImportErrorCode.NotMapped, 'Give the import a mapping first', {
      errors: { mapping: 'is required' },
    }),
  alreadyCommitted: (status: string) =>
    new DomainError(
      'conflict',
      ImportErrorCode.AlreadyCommitted,
      `This import is ${status}: upload the file again to import it anew`,
    ),
  rowsRejected: (summary: ImportSummary) =>
    new DomainError(
      'conflict',
      ImportErrorCode.RowsRejected,
      `${summary.rejected} row${summary.rejected === 1 ? ' is' : 's are'} rejected: correct the file or the mapping, or commit with skipRejected to leave ${summary.rejected === 1 ? 'it' : 'them'} out`,
      { errors: { skipRejected: 'must be true to import without the rejected rows' }, current: { summary } },
    ),
  notCommitted: () =>
    new DomainError('conflict', ImportErrorCode.NotCommitted, 'Only a committed import can be undone'),
  changedSince: (ids: string[]) =>
    new DomainError(
      'conflict',
      ImportErrorCode.ChangedSince,
      `${ids.length} record${ids.length === 1 ? ' was' : 's were'} changed after this import (${ids
        .slice(0, 5)
        .join(', ')}${ids.length > 5 ? ', …' : ''}): undoing it would lose those changes`,
      { current: { changedIds: ids } },
    ),
  validatedForAdmins: () =>
    new DomainError(
      'forbidden',
      ImportErrorCode.ValidatedForAdmins,
      'Only an admin may import records as validated',
    ),
  restrictedField: (field: string) =>
    new DomainError(
      'forbidden',
      ImportErrorCode.RestrictedField,
      `Your role may not overwrite ${field}: leave that column out of the mapping`,
      { errors: { [`columns.${field}`]: 'may not be imported by your role' } },
    ),
};
