import type { Validator } from 'react-admin';
import { LIMITS } from '@vigie/domain';

/** Counts are whole numbers (the API refuses 2.5 people). Empty is left to `required`. */
export const integer: Validator = (value: unknown) =>
  value == null || value === '' || Number.isInteger(value) ? undefined : 'vigie.validation.integer';

/** At most LIMITS.childRows rows in a repeated input (forces, seizures, aliases). */
export const maxRows: Validator = (value: unknown) =>
  Array.isArray(value) && value.length > LIMITS.childRows
    ? { message: 'vigie.validation.tooManyRows', args: { max: LIMITS.childRows } }
    : undefined;
