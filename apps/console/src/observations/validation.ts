import { LIMITS } from '@vigie/domain';

const HOUR_MS = 60 * 60 * 1000;

/** A timestamp the API will accept; the empty case is left to `required`. */
export const validTimestamp = (value: unknown, _values?: unknown): string | undefined =>
  value == null || value === '' || (typeof value === 'string' && !Number.isNaN(Date.parse(value)))
    ? undefined
    : 'vigie.validation.invalidDate';

/** endedAt ≥ startedAt and ≤ startedAt + 24 h (DESIGN §3); the server checks it again. */
export const validateEndedAt = (value: unknown, values: Record<string, unknown>): string | undefined => {
  if (value == null || value === '') return undefined;
  const end = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(end)) return 'vigie.validation.invalidDate';
  const start = typeof values?.startedAt === 'string' ? Date.parse(values.startedAt) : Number.NaN;
  if (Number.isNaN(start)) return undefined;
  if (end < start) return 'vigie.validation.endedBeforeStart';
  if (end - start > LIMITS.observationMaxHours * HOUR_MS) return 'vigie.validation.endedTooLate';
  return undefined;
};
