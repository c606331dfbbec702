import { DomainError } from '../common/domain-error';

export enum StatsErrorCode {
  InvalidQuery = 'invalid_stats_query',
  UnvalidatedForbidden = 'stats_unvalidated_forbidden',
}

export const statsErrors = {
  invalidQuery: (errors: Record<string, string>) =>
    new DomainError(
      'invalid',
      StatsErrorCode.InvalidQuery,
      `Invalid statistics query: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    ),
  /** Roles that read validated records only may not count the others either. */
  unvalidatedForbidden: () =>
    new DomainError(
      'forbidden',
      StatsErrorCode.UnvalidatedForbidden,
      'Your role counts validated records only: includeUnvalidated=true is not allowed',
    ),
};
