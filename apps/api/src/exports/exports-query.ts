import { addYears, isLocalDate } from '@vigie/domain';
import type { ListSpec, ParsedListQuery } from '../common/list-query/list-spec';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { ExportLevel } from './exports.columns';
import { exportsErrors } from './exports.errors';

/** The files of `GET /api/exports/<file>`. */
export const EXPORT_FILES = [
  'observations.csv',
  'observations.geojson',
  'observations.xlsx',
  'incidents.csv',
  'incidents.xlsx',
  'datapackage.zip',
] as const;
export type ExportFile = (typeof EXPORT_FILES)[number];

export const EXPORT_LEVELS: readonly ExportLevel[] = ['internal', 'research'];

/** The longest period one export covers. */
export const MAX_EXPORT_YEARS = 20;

/** Parameters of an export, as parsed; `filters` is the list filters' SQL condition. */
export interface ExportQuery {
  level: ExportLevel;
  /** Paris local dates, both included. */
  from: string;
  to: string;
  /** CSV field separator (`sep=semicolon` for spreadsheet software set to French). */
  delimiter: ',' | ';';
}

/** Parameters every export reads itself; the others are the list filters of the resource. */
const OWN_PARAMETERS = new Set(['level', 'from', 'to', 'sep']);
/** The list's paging and sorting mean nothing for a whole export: refused, not ignored. */
const PAGING = new Set(['_start', '_end', '_sort', '_order']);

function single(query: RawQuery, key: string, errors: Record<string, string>): string | undefined {
  const value = query[key];
  if (Array.isArray(value)) {
    errors[key] = 'must be given once';
    return undefined;
  }
  return value;
}

/**
 * The export's own parameters (`level`, `from`, `to`, `sep`), checked; `csv` says whether `sep` is
 * allowed. Errors are collected with those of the filters, so one answer names every mistake.
 */
export function parseExportParameters(
  query: RawQuery,
  csv: boolean,
  errors: Record<string, string>,
): ExportQuery {
  const level = single(query, 'level', errors) ?? 'research';
  if (!(EXPORT_LEVELS as readonly string[]).includes(level)) {
    errors.level = `must be one of: ${EXPORT_LEVELS.join(', ')}`;
  }
  const from = single(query, 'from', errors);
  const to = single(query, 'to', errors);
  if (from === undefined) errors.from ??= 'is required (YYYY-MM-DD, Paris time)';
  else if (!isLocalDate(from)) errors.from ??= 'must be a date YYYY-MM-DD (Paris time)';
  if (to === undefined) errors.to ??= 'is required (YYYY-MM-DD, Paris time)';
  else if (!isLocalDate(to)) errors.to ??= 'must be a date YYYY-MM-DD (Paris time)';
  if (isLocalDate(from) && isLocalDate(to)) {
    if (from > to) errors.to = 'must not be before from';
    else if (to >= addYears(from, MAX_EXPORT_YEARS)) {
      errors.to = `must be less than ${MAX_EXPORT_YEARS} years after from`;
    }
  }
  const sep = single(query, 'sep', errors);
  let delimiter: ',' | ';' = ',';
  if (sep !== undefined) {
    if (!csv) errors.sep = 'is only available for CSV files';
    else if (sep === 'semicolon') delimiter = ';';
    else if (sep !== 'comma') errors.sep = 'must be comma or semicolon';
  }
  return { level: level as ExportLevel, from: from ?? '', to: to ?? '', delimiter };
}

/**
 * The list filters of the query (everything but the export's own parameters) as a SQL condition
 * over `spec`; errors are added to `errors` rather than thrown, with the paging refused.
 */
export function parseExportFilters(
  query: RawQuery,
  spec: ListSpec,
  errors: Record<string, string>,
): ParsedListQuery | null {
  const filters: RawQuery = {};
  for (const [key, value] of Object.entries(query)) {
    if (OWN_PARAMETERS.has(key)) continue;
    if (PAGING.has(key)) errors[key] = 'is not available on exports (an export has every matching row)';
    else filters[key] = value;
  }
  try {
    return parseListQuery(filters, spec);
  } catch (error) {
    const details = (error as { details?: { errors?: Record<string, string> } }).details;
    if (!details?.errors) throw error;
    Object.assign(errors, details.errors);
    return null;
  }
}

/** Throws the collected errors, if any, as one 400. */
export function assertNoErrors(errors: Record<string, string>): void {
  if (Object.keys(errors).length > 0) throw exportsErrors.invalidQuery(errors);
}

/**
 * The filters a research export accepts: those over what the research level publishes, at the
 * precision it publishes. No full-text search (it would reveal the text), no `bbox`/`near` and no
 * instants (bisecting with them would find a position or a time), no ids, no review status.
 */
export function researchSpec(spec: ListSpec, keep: readonly string[]): ListSpec {
  return {
    ...spec,
    filters: Object.fromEntries(keep.map((name) => [name, spec.filters[name]!])),
    search: undefined,
    geometry: undefined,
    deletedAt: undefined,
  };
}
