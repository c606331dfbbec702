import { findTarget, IGNORE, UNKNOWN_VALUE, type ImportTarget } from './targets';
import type { ImportDetail, ImportKind, ImportMappingSpec } from '@vigie/domain';

export const DEFAULT_TIMEZONE = 'Europe/Paris';

/** What the mapping step edits: one target per column, and the value maps of the coded targets. */
export interface MappingState {
  /** Header → target; every column of the file has one (`ignore` by default). */
  columns: Record<string, string>;
  /** Target → raw value → code (`UNKNOWN_VALUE` for the empty code); absent: automatic. */
  values: Record<string, Record<string, string>>;
  timezone: string;
  /** A date-fns pattern; empty: recognised automatically. */
  dateFormat: string;
  /** Empty: no source id. */
  sourceIdColumn: string;
  /** Target → raw value used where no column gives one (empty: none). */
  defaults: Record<string, string>;
}

/**
 * The state the step opens with: the import's own mapping when it has one (coming back to the
 * step), else the API's suggestion. Columns the mapping does not name are ignored.
 */
export function initialMappingState(
  detail: Pick<ImportDetail, 'columns' | 'mapping' | 'suggestedMapping'>,
): MappingState {
  const source: ImportMappingSpec = detail.mapping ?? detail.suggestedMapping;
  const columns = Object.fromEntries(
    detail.columns.map((column) => [column, source.columns[column] || IGNORE]),
  );
  const values = Object.fromEntries(
    Object.entries(source.values ?? {}).map(([target, map]) => [
      target,
      Object.fromEntries(Object.entries(map).map(([raw, code]) => [raw, code === '' ? UNKNOWN_VALUE : code])),
    ]),
  );
  return {
    columns,
    values,
    timezone: source.timezone || DEFAULT_TIMEZONE,
    dateFormat: source.dateFormat ?? '',
    sourceIdColumn:
      source.sourceIdColumn && detail.columns.includes(source.sourceIdColumn) ? source.sourceIdColumn : '',
    defaults: { ...source.defaults },
  };
}

/**
 * The body of `PUT /api/imports/:id/mapping` (and of a saved mapping): the value maps of targets
 * no column is mapped to any more are left out, as are empty ones.
 */
export function mappingBody(state: MappingState): ImportMappingSpec {
  const mapped = new Set(Object.values(state.columns));
  const values: Record<string, Record<string, string>> = {};
  for (const [target, map] of Object.entries(state.values)) {
    if (!mapped.has(target)) continue;
    const entries = Object.entries(map).filter(([, code]) => code !== '');
    if (entries.length === 0) continue;
    values[target] = Object.fromEntries(
      entries.map(([raw, code]) => [raw, code === UNKNOWN_VALUE ? '' : code]),
    );
  }
  const dateFormat = state.dateFormat.trim();
  const defaults = Object.fromEntries(
    Object.entries(state.defaults)
      .map(([target, value]) => [target, value.trim()] as const)
      .filter(([, value]) => value !== ''),
  );
  return {
    columns: { ...state.columns },
    ...(Object.keys(values).length > 0 ? { values } : {}),
    timezone: state.timezone.trim() || DEFAULT_TIMEZONE,
    dateFormat: dateFormat === '' ? null : dateFormat,
    sourceIdColumn: state.sourceIdColumn === '' ? null : state.sourceIdColumn,
    ...(Object.keys(defaults).length > 0 ? { defaults } : {}),
  };
}

/**
 * The fields the step offers a default value for: the type of record, which a legacy sheet often
 * leaves out (every row of it is an eviction), and for observations the start time of a sheet that
 * has dates only. A coded one is a select of its vocabulary, the time a text field.
 */
export function defaultTargets(kind: ImportKind): ImportTarget[] {
  const ids = kind === 'observations' ? ['kind', 'startedAt.time'] : ['type'];
  return ids.flatMap((id) => findTarget(kind, id) ?? []);
}

/** The field giving each record its type: observations' `kind`, incidents' `type`. */
export const typeTarget = (kind: ImportKind) => (kind === 'observations' ? 'kind' : 'type');

/**
 * Whether to ask for a default type: no column is mapped to it and no default is chosen, so that
 * every row would be rejected for want of one.
 */
export function needsDefaultType(
  kind: ImportKind,
  state: Pick<MappingState, 'columns' | 'defaults'>,
): boolean {
  const target = typeTarget(kind);
  return !Object.values(state.columns).includes(target) && (state.defaults[target] ?? '').trim() === '';
}

/** A coded target mapped to a column, with the column's distinct values to map one by one. */
export interface ValueMapLine {
  target: string;
  column: string;
  rawValues: string[];
}

/** The value maps to offer: one per column mapped to a coded target, in the file's column order. */
export function valueMapLines(
  kind: ImportKind,
  state: Pick<MappingState, 'columns'>,
  distinctValues: Record<string, string[]>,
): ValueMapLine[] {
  return Object.entries(state.columns)
    .filter(([, target]) => findTarget(kind, target)?.coded !== undefined)
    .map(([column, target]) => ({ target, column, rawValues: distinctValues[column] ?? [] }));
}

/** The API's mapping errors, sorted by where the step shows them. */
export interface MappingErrors {
  /** Header → message, under that column's line. */
  columns: Record<string, string>;
  /** Target → raw value → message, under that value's select. */
  values: Record<string, Record<string, string>>;
  /** Target → message, under that default value's field. */
  defaults: Record<string, string>;
  /** `timezone`, `dateFormat`, `sourceIdColumn`, and anything the step has no place for. */
  other: Record<string, string>;
}

/**
 * Splits the `errors` of a 400 (`columns.<header>`, `values.<field>.<raw>`, `defaults.<field>`,
 * `timezone`…). Headers, fields and raw values may hold dots themselves, so each key is matched
 * against the headers and targets the form knows, the longest first.
 */
export function splitMappingErrors(
  errors: Record<string, string>,
  columns: readonly string[],
  targets: readonly string[],
): MappingErrors {
  const result: MappingErrors = { columns: {}, values: {}, defaults: {}, other: {} };
  const longestFirst = [...targets].sort((a, b) => b.length - a.length);
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith('columns.') && columns.includes(key.slice('columns.'.length))) {
      result.columns[key.slice('columns.'.length)] = message;
      continue;
    }
    if (key.startsWith('defaults.') && targets.includes(key.slice('defaults.'.length))) {
      result.defaults[key.slice('defaults.'.length)] = message;
      continue;
    }
    const target = key.startsWith('values.')
      ? longestFirst.find((candidate) => key.startsWith(`values.${candidate}.`))
      : undefined;
    if (target !== undefined) {
      const raw = key.slice(`values.${target}.`.length);
      result.values[target] = { ...result.values[target], [raw]: message };
      continue;
    }
    result.other[key] = message;
  }
  return result;
}
