/**
 * Yes / no / not known. The value `null` means "not known" (DESIGN §3), which a checkbox cannot
 * say, so these fields use a select whose options carry these string values.
 */
export type TriStateOption = 'true' | 'false' | 'unknown';

export const TRI_STATE_UNKNOWN: TriStateOption = 'unknown';

export function toTriStateOption(value: unknown): TriStateOption {
  if (value === true || value === 'true') return 'true';
  if (value === false || value === 'false') return 'false';
  return 'unknown';
}

export function fromTriStateOption(option: unknown): boolean | null {
  if (option === true || option === 'true') return true;
  if (option === false || option === 'false') return false;
  return null;
}
