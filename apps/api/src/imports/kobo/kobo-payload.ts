/**
 * A KoboToolbox REST Services submission as a row of cells: its top-level keys (`group/field`,
 * `_uuid`, `_geolocation`…) are the columns a saved mapping names, as in an export with XML
 * headers. Arrays of values become `a,b` (`_geolocation` → `lat,lon`), a select-multiple is
 * already `crs gm`; nested records (repeat groups, `_attachments`) are kept as JSON text.
 */
export function submissionCells(payload: Record<string, unknown>): { columns: string[]; cells: string[] } {
  const columns = Object.keys(payload);
  const cells = columns.map((column) => cellText(payload[column]));
  return { columns, cells };
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number' || typeof item === 'string')) {
    return value.join(',');
  }
  return JSON.stringify(value);
}

/** `_uuid` as KoboToolbox sends it (also `meta/instanceID` = `uuid:<id>` in some set-ups). */
export function submissionUuid(payload: Record<string, unknown>): string | null {
  const uuid = payload._uuid;
  if (typeof uuid === 'string' && uuid.trim() !== '') return uuid.trim();
  const instance = payload['meta/instanceID'];
  if (typeof instance === 'string' && instance.startsWith('uuid:')) return instance.slice(5).trim() || null;
  return null;
}
