import {
  isIsoTimestampWithOffset,
  isLocalDate,
  LIMITS,
  parisDayEnd,
  parisDayStart,
  parseBbox,
  parseLonLat,
} from '@vigie/domain';
import { DomainError } from '../domain-error';
import type { FilterOp, FilterSpec, ListSpec, ParsedListQuery } from './list-spec';

export type RawQuery = Record<string, string | string[] | undefined>;

export enum ListQueryErrorCode {
  Invalid = 'invalid_list_query',
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d{1,9}$/;
const MAX_RADIUS_M = 100_000;
const METRES_PER_DEGREE = 111_320;

interface Options {
  /** Largest `_end - _start` accepted. */
  maxPage?: number;
  defaultPage?: number;
}

/**
 * Turns the `ra-data-json-server` dialect (`_start`, `_end`, `_sort`, `_order`, flat filters with
 * `_gte`/`_lte`, `q`, `bbox`, `near`+`radius`, repeated `id`) into a parameterised SQL condition.
 * Anything it does not know is an error: a misspelt filter silently ignored would return wrong
 * figures.
 */
export function parseListQuery(query: RawQuery, spec: ListSpec, options: Options = {}): ParsedListQuery {
  const builder = new ConditionBuilder();
  // Without a prototype, so that a parameter named `__proto__` is reported like any other.
  const errors = Object.create(null) as Record<string, string>;
  const maxPage = options.maxPage ?? LIMITS.pageSize;
  let start = 0;
  let end = options.defaultPage ?? 25;
  let sortField = spec.defaultSort.field;
  let order = spec.defaultSort.order;
  let deleted = false;
  let near: [number, number] | null = null;
  let radius: number | null = null;

  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    const single = values.length === 1 ? (values[0] as string) : null;
    const needSingle = (): string | null => {
      if (single === null) errors[key] = 'must be given once';
      return single;
    };
    switch (key) {
      case '_start':
      case '_end': {
        const value = needSingle();
        if (value === null) break;
        if (!/^\d{1,9}$/.test(value)) {
          errors[key] = 'must be a non-negative integer';
        } else if (key === '_start') {
          start = Number(value);
        } else {
          end = Number(value);
        }
        break;
      }
      case '_sort': {
        const value = needSingle();
        if (value === null) break;
        if (!Object.hasOwn(spec.sorts, value)) {
          errors._sort = `cannot sort by "${value}"; allowed: ${Object.keys(spec.sorts).join(', ')}`;
        } else {
          sortField = value;
        }
        break;
      }
      case '_order': {
        const value = needSingle();
        if (value === null) break;
        const upper = value.toUpperCase();
        if (upper !== 'ASC' && upper !== 'DESC') errors._order = 'must be ASC or DESC';
        else order = upper;
        break;
      }
      case 'q': {
        const value = needSingle();
        if (value === null) break;
        if (!spec.search) {
          errors.q = 'full-text search is not available on this resource';
        } else if (value.length > LIMITS.shortText) {
          errors.q = `must be at most ${LIMITS.shortText} characters`;
        } else if (value.trim() !== '') {
          builder.addSearch(spec.search, value);
        }
        break;
      }
      case 'bbox': {
        const value = needSingle();
        if (value === null) break;
        const bbox = spec.geometry ? parseBbox(value) : null;
        if (!spec.geometry) errors.bbox = 'not available on this resource';
        else if (!bbox) errors.bbox = 'must be minLon,minLat,maxLon,maxLat in WGS84, min ≤ max';
        else builder.addBbox(spec.geometry, bbox);
        break;
      }
      case 'near': {
        const value = needSingle();
        if (value === null) break;
        near = spec.geometry ? parseLonLat(value) : null;
        if (!spec.geometry) errors.near = 'not available on this resource';
        else if (!near) errors.near = 'must be lon,lat in WGS84';
        break;
      }
      case 'radius': {
        const value = needSingle();
        if (value === null) break;
        const metres = Number(value);
        if (value.trim() === '' || !Number.isFinite(metres) || metres <= 0 || metres > MAX_RADIUS_M) {
          errors.radius = `must be a number of metres, greater than 0 and at most ${MAX_RADIUS_M}`;
        } else {
          radius = metres;
        }
        break;
      }
      case 'deleted': {
        const value = needSingle();
        if (value === null) break;
        if (!spec.deletedAt) errors.deleted = 'not available on this resource';
        else if (value !== 'true' && value !== 'false') errors.deleted = 'must be true or false';
        else deleted = value === 'true';
        break;
      }
      default:
        parseFilter(key, values, spec, builder, errors);
    }
  }

  if (near && radius === null && errors.radius === undefined) errors.radius = 'is required with near';
  if (radius !== null && !near && errors.near === undefined) errors.near = 'is required with radius';
  if (near && radius !== null && spec.geometry) builder.addNear(spec.geometry, near, radius);
  if (end < start) errors._end = 'must not be less than _start';
  else if (end - start > maxPage) errors._end = `_end - _start must be at most ${maxPage}`;

  if (Object.keys(errors).length > 0) {
    throw new DomainError(
      'invalid',
      ListQueryErrorCode.Invalid,
      `Invalid list query: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    );
  }

  if (spec.deletedAt) {
    builder.addRaw(`${spec.deletedAt} IS ${deleted ? 'NOT NULL' : 'NULL'}`);
  }
  const sortColumn = spec.sorts[sortField] as string;
  // Unknown values go last, but only where a column can hold them: on a NOT NULL column the
  // default placement is the one a btree index gives in either direction, and naming another
  // would force a sort of every matching row.
  const nulls = spec.nullableSorts?.includes(sortField) ? ' NULLS LAST' : '';
  const orderBy =
    sortColumn === spec.idColumn
      ? `${sortColumn} ${order}`
      : `${sortColumn} ${order}${nulls}, ${spec.idColumn} ${order}`;
  return { where: builder.where(), params: builder.params, orderBy, offset: start, limit: end - start };
}

function parseFilter(
  key: string,
  values: string[],
  spec: ListSpec,
  builder: ConditionBuilder,
  errors: Record<string, string>,
): void {
  const match = /^(.*?)(?:_(gte|lte))?$/.exec(key) as RegExpExecArray;
  const name = match[1] as string;
  const op = (match[2] ?? 'eq') as FilterOp;
  const filter = Object.hasOwn(spec.filters, name) ? spec.filters[name] : undefined;
  if (!filter || !filter.ops.includes(op)) {
    errors[key] = `unknown filter; allowed: ${allowedFilters(spec).join(', ')}`;
    return;
  }
  if (op !== 'eq' && values.length !== 1) {
    errors[key] = 'must be given once';
    return;
  }
  const parsed: unknown[] = [];
  for (const value of values) {
    const result = parseValue(filter, value, op);
    if (typeof result === 'object' && result !== null && 'error' in result) {
      errors[key] = String(result.error);
      return;
    }
    parsed.push(result);
  }
  if (filter.condition) {
    builder.addConditions(filter.condition, op, parsed);
  } else if (op === 'eq') {
    builder.addEquals(filter, parsed);
  } else {
    builder.addRange(filter.column, op, parsed[0]);
  }
}

function allowedFilters(spec: ListSpec): string[] {
  const names = ['q', 'id'].filter((name) => name !== 'q' || spec.search);
  if (spec.geometry) names.push('bbox', 'near', 'radius');
  if (spec.deletedAt) names.push('deleted');
  for (const [name, filter] of Object.entries(spec.filters)) {
    if (name === 'id') continue;
    for (const op of filter.ops) names.push(op === 'eq' ? name : `${name}_${op}`);
  }
  return names;
}

function parseValue(filter: FilterSpec, value: string, op: FilterOp): unknown {
  switch (filter.type) {
    case 'uuid':
      return UUID.test(value) ? value : { error: 'must be a UUID' };
    case 'text':
      return value.length <= LIMITS.shortText
        ? value
        : { error: `must be at most ${LIMITS.shortText} characters` };
    case 'enum':
      return filter.values?.includes(value)
        ? value
        : { error: `must be one of: ${(filter.values ?? []).join(', ')}` };
    case 'integer':
      return INTEGER.test(value) ? Number(value) : { error: 'must be an integer' };
    case 'date':
      return isLocalDate(value) ? value : { error: 'must be a date YYYY-MM-DD (Paris time)' };
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : { error: 'must be true or false' };
    case 'timestamp':
      if (isIsoTimestampWithOffset(value)) return new Date(value);
      // A bare date is a Paris local day: `_gte` from its first instant, `_lte` through its last,
      // equality the whole day.
      if (isLocalDate(value)) {
        if (op === 'lte') return { exclusiveEnd: parisDayEnd(value) };
        if (op === 'eq') return { day: [parisDayStart(value), parisDayEnd(value)] };
        return parisDayStart(value);
      }
      return { error: 'must be a date (YYYY-MM-DD, Paris time) or an ISO 8601 timestamp with offset' };
  }
}

function isDay(value: unknown): value is { day: [Date, Date] } {
  return typeof value === 'object' && value !== null && 'day' in value;
}

class ConditionBuilder {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  where(): string {
    return this.conditions.length > 0 ? this.conditions.join(' AND ') : 'TRUE';
  }

  addRaw(condition: string): void {
    this.conditions.push(condition);
  }

  private bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  addEquals(filter: FilterSpec, values: unknown[]): void {
    if (values.some(isDay)) {
      const alternatives = values.map((value) =>
        isDay(value)
          ? `(${filter.column} >= ${this.bind(value.day[0])} AND ${filter.column} < ${this.bind(value.day[1])})`
          : `${filter.column} = ${this.bind(value)}`,
      );
      this.conditions.push(`(${alternatives.join(' OR ')})`);
      return;
    }
    if (values.length === 1) {
      this.conditions.push(`${filter.column} = ${this.bind(values[0])}`);
      return;
    }
    const arrayType = {
      uuid: 'uuid[]',
      text: 'text[]',
      enum: 'text[]',
      integer: 'int[]',
      boolean: 'bool[]',
      timestamp: 'timestamptz[]',
      date: 'date[]',
    }[filter.type];
    this.conditions.push(`${filter.column} = ANY(${this.bind(values)}::${arrayType})`);
  }

  /** One condition per value, any of them (a filter with its own SQL, see `FilterSpec.condition`). */
  addConditions(condition: NonNullable<FilterSpec['condition']>, op: FilterOp, values: unknown[]): void {
    const alternatives = values.map((value) => condition(this.bind(value), op));
    this.conditions.push(alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`);
  }

  addRange(column: string, op: 'gte' | 'lte', value: unknown): void {
    if (typeof value === 'object' && value !== null && 'exclusiveEnd' in value) {
      this.conditions.push(`${column} < ${this.bind((value as { exclusiveEnd: Date }).exclusiveEnd)}`);
      return;
    }
    this.conditions.push(`${column} ${op === 'gte' ? '>=' : '<='} ${this.bind(value)}`);
  }

  addSearch(search: NonNullable<ListSpec['search']>, text: string): void {
    if (search.kind === 'tsvector') {
      this.conditions.push(`${search.column} @@ websearch_to_tsquery('french', ${this.bind(text)})`);
      return;
    }
    const pattern = this.bind(`%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
    this.conditions.push(`(${search.columns.map((column) => `${column} ILIKE ${pattern}`).join(' OR ')})`);
  }

  addBbox(column: string, [minLon, minLat, maxLon, maxLat]: [number, number, number, number]): void {
    this.conditions.push(
      `ST_Intersects(${column}, ST_MakeEnvelope(${this.bind(minLon)}, ${this.bind(minLat)}, ${this.bind(maxLon)}, ${this.bind(maxLat)}, 4326))`,
    );
  }

  addNear(column: string, [lon, lat]: [number, number], radius: number): void {
    const point = `ST_SetSRID(ST_MakePoint(${this.bind(lon)}, ${this.bind(lat)}), 4326)`;
    // Distances in metres on the geography; the degree box in front lets the GiST index prune.
    // A degree of longitude shrinks with latitude, so the box uses the longitude scale (the larger).
    const degrees = radius / (METRES_PER_DEGREE * Math.max(Math.cos((lat * Math.PI) / 180), 0.01));
    this.conditions.push(
      `${column} && ST_Expand(${point}, ${this.bind(degrees)}) AND ST_DWithin(${column}::geography, ${point}::geography, ${this.bind(radius)})`,
    );
  }
}

/** Narrows a parsed query with a trusted, parameter-free condition (row-level access rules). */
export function withCondition(query: ParsedListQuery, condition: string): ParsedListQuery {
  return { ...query, where: `(${query.where}) AND ${condition}` };
}

/**
 * Narrows a parsed query with a trusted condition on values bound as parameters: `condition` gets
 * their placeholders (`$n`, numbered after the query's own).
 */
export function withBoundCondition(
  query: ParsedListQuery,
  condition: (...placeholders: string[]) => string,
  ...values: unknown[]
): ParsedListQuery {
  const placeholders = values.map((_value, index) => `$${query.params.length + index + 1}`);
  return {
    ...query,
    where: `(${query.where}) AND ${condition(...placeholders)}`,
    params: [...query.params, ...values],
  };
}
