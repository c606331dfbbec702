import type { ExportColumn } from '../exports.columns';
import type { ExportRow } from '../exports.repository';

/** A value as JSON and spreadsheets type it: numbers, booleans, ISO text for dates. */
export type JsonValue = string | number | boolean | null;

/** The value of a column as its Table Schema type says (GeoJSON properties). */
export function jsonValue(column: ExportColumn, raw: ExportRow[string] | undefined): JsonValue {
  if (raw === null || raw === undefined) return null;
  switch (column.type) {
    case 'integer':
    case 'number':
      return Number(raw);
    case 'boolean':
      return raw === 'true';
    default:
      return String(raw);
  }
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/;

/**
 * The value for a spreadsheet cell: dates and instants as dates (an instant by its Paris wall-clock
 * time, spreadsheets having no time zones), counts as numbers, booleans as booleans.
 */
export function cellValue(column: ExportColumn, raw: ExportRow[string] | undefined): JsonValue | Date {
  const value = jsonValue(column, raw);
  if (typeof value !== 'string' || (column.type !== 'date' && column.type !== 'datetime')) return value;
  const match = LOCAL.exec(value);
  if (!match) return value;
  const [, year, month, day, hours = '0', minutes = '0', seconds = '0'] = match;
  return new Date(
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hours), Number(minutes), Number(seconds)),
  );
}
