import { describeError } from '../../../db/describe-error.mts';

/** The `code` of the error, of its causes and of an AggregateError's errors (the first known). */
function codesOf(error: unknown, depth = 0): string[] {
  if (depth > 5 || typeof error !== 'object' || error === null) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown; error?: unknown };
  return [
    ...(typeof record.code === 'string' ? [record.code] : []),
    ...(Array.isArray(record.errors) ? record.errors.flatMap((inner) => codesOf(inner, depth + 1)) : []),
    ...codesOf(record.cause, depth + 1),
    ...codesOf(record.error, depth + 1),
  ];
}

/** What to do about the usual reasons a first start fails, by error code. */
const ADVICE: Record<string, string> = {
  EADDRINUSE:
    'another process already listens on that address: stop it, or set PORT (and HOST) to a free one.',
  EACCES:
    'this user may not listen on that port (ports below 1024 need privileges): set PORT to 1024 or above.',
  EADDRNOTAVAIL: 'HOST is not an address of this machine: set HOST to one of its addresses (or 127.0.0.1).',
  ECONNREFUSED:
    'no PostgreSQL answers at DATABASE_URL: start PostgreSQL, or check the host and port of DATABASE_URL ' +
    '(`npm start` without DATABASE_URL starts and provisions a local one).',
  ENOTFOUND: 'the host of DATABASE_URL is unknown: check DATABASE_URL.',
  ETIMEDOUT: 'PostgreSQL did not answer in time: check that it runs and that DATABASE_URL points at it.',
  '28P01': 'PostgreSQL refused the password of DATABASE_URL: check the user and password in DATABASE_URL.',
  '28000': 'PostgreSQL refused this user (pg_hba.conf): check the user of DATABASE_URL and pg_hba.conf.',
  '3D000': 'the database of DATABASE_URL does not exist: create it, or run `npm start` to provision one.',
};

/**
 * The one message a failed start prints: what failed, in words, and what to do when the cause is a
 * known one (issue 10 item 17).
 */
export function startupFailureMessage(error: unknown): string {
  const advice = codesOf(error)
    .map((code) => ADVICE[code])
    .find(Boolean);
  return `Vigie could not start: ${describeError(error)}${advice ? `\nWhat to do: ${advice}` : ''}`;
}
