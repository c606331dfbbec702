import { QueryFailedError } from 'typeorm';

/** Whether `error` is PostgreSQL refusing a duplicate in the unique index or constraint `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/**
 * Whether `error` is PostgreSQL refusing a statement because an earlier one of the transaction
 * failed (25P02): a consequence, never the cause to report.
 */
export function isAbortedTransaction(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  return (error.driverError as { code?: string }).code === '25P02';
}
