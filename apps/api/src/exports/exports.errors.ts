import { DomainError } from '../common/domain-error';

export enum ExportsErrorCode {
  InvalidQuery = 'invalid_export_query',
  LevelForbidden = 'export_level_forbidden',
}

export const exportsErrors = {
  invalidQuery: (errors: Record<string, string>) =>
    new DomainError(
      'invalid',
      ExportsErrorCode.InvalidQuery,
      `Invalid export query: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    ),
  /** Researchers export the research level only (DESIGN §4). */
  levelForbidden: () =>
    new DomainError(
      'forbidden',
      ExportsErrorCode.LevelForbidden,
      'Your role exports the de-identified research level only: level=internal is not allowed',
    ),
};
