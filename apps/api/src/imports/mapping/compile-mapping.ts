import {
  FORCE_UNITS,
  SEIZURE_ITEMS,
  TIME_ZONE,
  type ImportKind,
  type ImportMappingSpec,
} from '@vigie/domain';
import {
  booleanReader,
  codeListReader,
  codeReader,
  numberReader,
  presenceReader,
  ValueMap,
  type Read,
} from './cell-values';
import { defaultMessage, expandDefaults } from './defaults';
import { DateReader, type LocalDate, type LocalTime } from './dates';
import { targetSpec, type TargetSpec } from '@vigie/domain';
import { pointOf, readPosition } from './location';
import { mappingErrors } from './mapping-errors';
import { validateInput } from './validate-input';

export interface ConvertContext {
  /** A site's id by its name or alias, as written in a cell. */
  siteIdByName(name: string): string | undefined;
}

export interface ConvertedRow {
  /** The body a client would POST (CreateObservationDto / CreateIncidentDto shape). */
  input: Record<string, unknown>;
  sourceId: string | null;
  /** Field path → message (conversion, then the DTO's validation); empty when the row is valid. */
  errors: Record<string, string>;
}

export interface CompiledMapping {
  convert(cells: string[], context: ConvertContext): Promise<ConvertedRow>;
}

interface Column {
  index: number;
  header: string;
}

/** One row being converted. Errors name the column; free-text cells are never quoted in them. */
class RowState {
  readonly input: Record<string, unknown> = {};
  readonly errors: Record<string, string> = {};
  /** Top-level fields a conversion error already explains: the DTO's message on them is left out. */
  readonly failed = new Set<string>();

  constructor(
    readonly cells: string[],
    readonly context: ConvertContext,
  ) {}

  cell(column: Column): string {
    return this.cells[column.index] ?? '';
  }

  fail(target: string, column: Column, message: string): void {
    this.errors[target] ??= `column "${column.header}": ${message}`;
    this.failed.add(target === 'site' ? 'siteId' : target.split('.')[0]!);
  }

  /** The value of a read cell, or undefined after recording why it could not be read. */
  take<T>(target: string, column: Column, read: Read<T>): T | undefined {
    if (read.ok) return read.value;
    this.fail(target, column, read.message);
    return undefined;
  }
}

type Step = (row: RowState) => void;

/** Fields that are optional but never null: an empty cell leaves them out (the API's default). */
const NOT_NULLABLE = new Set(['arrests', 'countsReliable', 'kind', 'type']);
const SUBMISSION_TIME = /(^|[/-])_submission_time$/;

class MappingCompiler {
  private readonly byTarget = new Map<string, Column[]>();
  private readonly steps: Step[] = [];
  private readonly dates: DateReader;
  private readonly utcDates: DateReader;

  constructor(
    private readonly kind: ImportKind,
    private readonly columns: string[],
    private readonly mapping: ImportMappingSpec,
  ) {
    columns.forEach((header, index) => {
      const target = mapping.columns[header];
      if (!target || target === 'ignore') return;
      const list = this.byTarget.get(target) ?? [];
      list.push({ index, header });
      this.byTarget.set(target, list);
    });
    this.dates = new DateReader(mapping.timezone ?? TIME_ZONE, mapping.dateFormat ?? null);
    this.utcDates = new DateReader('UTC', mapping.dateFormat ?? null);
  }

  compile(): CompiledMapping {
    const grouped = new Set<string>();
    const group = (prefix: RegExp) => [...this.byTarget.keys()].filter((target) => prefix.test(target));
    for (const target of group(/^(startedAt|endedAt|occurredAt)/)) grouped.add(target);
    this.dateSteps();
    for (const target of group(/^location\./)) grouped.add(target);
    this.locationSteps();
    for (const target of group(/^(forces|perpetrators)(\.|$)/)) grouped.add(target);
    this.forceSteps();
    for (const target of group(/^seizures\./)) grouped.add(target);
    this.seizureSteps();
    for (const target of group(/^consent\./)) grouped.add(target);
    this.consentSteps();
    for (const [target, columns] of this.byTarget) {
      if (grouped.has(target)) continue;
      this.scalarStep(targetSpec(this.kind, target)!, columns);
    }
    const sourceColumn = this.sourceIdColumn();
    const kind = this.kind;
    const steps = this.steps;
    return {
      async convert(cells, context) {
        const row = new RowState(cells, context);
        for (const step of steps) step(row);
        const sourceId = sourceColumn ? row.cell(sourceColumn).trim() || null : null;
        for (const [path, message] of Object.entries(await validateInput(kind, row.input))) {
          if (row.errors[path] === undefined && !row.failed.has(path.split('.')[0]!))
            row.errors[path] = message;
        }
        return { input: row.input, sourceId, errors: row.errors };
      },
    };
  }

  private values(field: string): ValueMap {
    return new ValueMap(this.mapping.values?.[field]);
  }

  private sourceIdColumn(): Column | undefined {
    const header = this.mapping.sourceIdColumn ?? this.byTarget.get('sourceId')?.[0]?.header;
    const index = header === undefined ? -1 : this.columns.indexOf(header);
    return index < 0 ? undefined : { index, header: header! };
  }

  private scalarStep(spec: TargetSpec, columns: Column[]): void {
    const field = spec.target;
    const empty = NOT_NULLABLE.has(field) ? undefined : null;
    const set = (row: RowState, value: unknown) => {
      if (value !== undefined) row.input[field] = value;
    };
    const column = columns[0]!;
    const readEach = <T>(read: (raw: string) => Read<T>): Step => {
      return (row) => {
        const raw = row.cell(column);
        if (raw === '') return set(row, empty);
        const value = row.take(field, column, read(raw));
        set(row, value === null ? empty : value);
      };
    };
    switch (spec.type) {
      case 'code':
        return void this.steps.push(readEach(codeReader(spec.vocabulary!, this.values(field))));
      case 'boolean':
        return void this.steps.push(readEach(booleanReader(this.values(field))));
      case 'count':
      case 'number':
        return void this.steps.push(readEach(numberReader()));
      case 'text':
        return void this.steps.push((row) => {
          const text = columns
            .map((one) => row.cell(one))
            .filter((cell) => cell !== '')
            .join('\n\n');
          set(row, text === '' ? empty : text);
        });
      case 'site':
        return void this.steps.push((row) => {
          const name = row.cell(column);
          if (name === '') return void (row.input.siteId = null);
          const id = row.context.siteIdByName(name);
          if (id === undefined) row.fail('site', column, `unknown site ${JSON.stringify(name)}`);
          else row.input.siteId = id;
        });
      default:
        // sourceId is not part of the body; the other types belong to the groups.
        return;
    }
  }

  private dateSteps(): void {
    const start = this.kind === 'observations' ? 'startedAt' : 'occurredAt';
    const readerFor = (column: Column) => (SUBMISSION_TIME.test(column.header) ? this.utcDates : this.dates);
    const whole = this.byTarget.get(start)?.[0];
    const dateColumn = this.byTarget.get(`${start}.date`)?.[0];
    const timeColumn = this.byTarget.get(`${start}.time`)?.[0];
    /** The start's wall clock, which an end time alone is read against. */
    const startParts = (row: RowState): { date: LocalDate; time?: LocalTime } | undefined => {
      if (whole) return readerFor(whole).localParts(row.cell(whole));
      if (!dateColumn || !timeColumn) return undefined;
      const date = this.dates.date(row.cell(dateColumn));
      const time = this.dates.time(row.cell(timeColumn));
      return date.ok ? { date: date.value, ...(time.ok ? { time: time.value } : {}) } : undefined;
    };
    if (whole) {
      this.steps.push((row) => {
        const raw = row.cell(whole);
        if (raw === '') return;
        const value = row.take(start, whole, readerFor(whole).dateTime(raw));
        if (value !== undefined) row.input[start] = value;
      });
    } else if (dateColumn && timeColumn) {
      this.steps.push((row) => {
        const rawDate = row.cell(dateColumn);
        const rawTime = row.cell(timeColumn);
        if (rawDate === '' && rawTime === '') return;
        if (rawDate === '') return row.fail(`${start}.date`, dateColumn, 'is empty while a time is given');
        if (rawTime === '') return row.fail(`${start}.time`, timeColumn, 'is empty: a time of day is needed');
        const date = row.take(`${start}.date`, dateColumn, this.dates.date(rawDate));
        const time = row.take(`${start}.time`, timeColumn, this.dates.time(rawTime));
        if (!date || !time) return;
        const value = row.take(
          `${start}.date`,
          dateColumn,
          this.dates.combine(date, time, `${rawDate} ${rawTime}`),
        );
        if (value !== undefined) row.input[start] = value;
      });
    }
    if (this.kind !== 'observations') return;
    const end = this.byTarget.get('endedAt')?.[0];
    const endTime = this.byTarget.get('endedAt.time')?.[0];
    if (end) {
      this.steps.push((row) => {
        const raw = row.cell(end);
        if (raw === '') return void (row.input.endedAt = null);
        const value = row.take('endedAt', end, readerFor(end).dateTime(raw));
        if (value !== undefined) row.input.endedAt = value;
      });
    } else if (endTime) {
      this.steps.push((row) => {
        const raw = row.cell(endTime);
        if (raw === '') return void (row.input.endedAt = null);
        const time = row.take('endedAt.time', endTime, this.dates.time(raw));
        const started = startParts(row);
        if (!time || !started) return;
        // An end before the start on the clock is the next morning: evictions last under 24 hours.
        const startTime = started.time ?? { hour: 0, minute: 0, second: 0 };
        const clock = (t: LocalTime) => t.hour * 3600 + t.minute * 60 + t.second;
        const date = clock(time) < clock(startTime) ? nextDay(started.date) : started.date;
        const value = row.take('endedAt.time', endTime, this.dates.combine(date, time, raw));
        if (value !== undefined) row.input.endedAt = value;
      });
    }
  }

  private locationSteps(): void {
    const empty = this.kind === 'observations' ? undefined : null;
    const whole = this.byTarget.get('location')?.[0];
    const accuracyMapped = this.byTarget.has('locationAccuracyM') || this.kind !== 'observations';
    if (whole) {
      this.steps.push((row) => {
        const raw = row.cell(whole);
        if (raw === '') {
          if (empty === null) row.input.location = null;
          return;
        }
        const position = row.take('location', whole, readPosition(raw));
        if (!position) return;
        row.input.location = position.point;
        if (!accuracyMapped && position.accuracyM !== undefined)
          row.input.locationAccuracyM = position.accuracyM;
      });
      return;
    }
    const latitude = this.byTarget.get('location.latitude')?.[0];
    const longitude = this.byTarget.get('location.longitude')?.[0];
    if (!latitude || !longitude) return;
    this.steps.push((row) => {
      const rawLat = row.cell(latitude);
      const rawLon = row.cell(longitude);
      if (rawLat === '' && rawLon === '') {
        if (empty === null) row.input.location = null;
        return;
      }
      const read = (target: string, column: Column, raw: string): number | undefined =>
        row.take(target, column, raw === '' ? { ok: false, message: 'is empty' } : readCoordinate(raw));
      const lat = read('location.latitude', latitude, rawLat);
      const lon = read('location.longitude', longitude, rawLon);
      if (lat === undefined || lon === undefined) return;
      const point = row.take(
        'location',
        latitude,
        pointOf(lat, lon, `${JSON.stringify(rawLat)}, ${JSON.stringify(rawLon)}`),
      );
      if (point) row.input.location = point;
    });
  }

  private forceSteps(): void {
    const listField = this.kind === 'observations' ? 'forces' : 'perpetrators';
    const lists = (this.byTarget.get(listField) ?? []).map((column) => ({
      column,
      read: codeListReader(FORCE_UNITS, this.values(listField)),
    }));
    if (this.kind === 'incidents') {
      if (lists.length === 0) return;
      this.steps.push((row) => {
        const codes = new Set<string>();
        for (const { column, read } of lists) {
          const raw = row.cell(column);
          if (raw !== '') for (const code of row.take(listField, column, read(raw)) ?? []) codes.add(code);
        }
        row.input.perpetrators = FORCE_UNITS.codes.filter((code) => codes.has(code));
      });
      return;
    }
    const units = FORCE_UNITS.codes.map((unit) => ({
      unit,
      presence: (this.byTarget.get(`forces.${unit}`) ?? []).map((column) => ({
        column,
        read: presenceReader(this.values(`forces.${unit}`)),
      })),
      vehicles: this.byTarget.get(`forces.${unit}.vehicles`)?.[0],
      officers: this.byTarget.get(`forces.${unit}.officers`)?.[0],
      identifiers: this.byTarget.get(`forces.${unit}.identifiers`)?.[0],
    }));
    const mapped = units.filter(
      (one) => one.presence.length > 0 || one.vehicles || one.officers || one.identifiers,
    );
    if (lists.length === 0 && mapped.length === 0) return;
    const count = numberReader();
    this.steps.push((row) => {
      const listed = new Set<string>();
      for (const { column, read } of lists) {
        const raw = row.cell(column);
        if (raw !== '') for (const code of row.take('forces', column, read(raw)) ?? []) listed.add(code);
      }
      const forces: Record<string, unknown>[] = [];
      for (const { unit, presence, vehicles, officers, identifiers } of units) {
        let said: boolean | null = null;
        for (const { column, read } of presence) {
          const raw = row.cell(column);
          const value = raw === '' ? null : row.take(`forces.${unit}`, column, read(raw));
          if (value === true || (value === false && said === null)) said = value;
        }
        const force: Record<string, unknown> = { unit };
        const countOf = (target: string, column: Column | undefined) => {
          const raw = column ? row.cell(column) : '';
          if (raw !== '') force[target] = row.take(`forces.${unit}.${target}`, column!, count(raw));
        };
        countOf('vehicles', vehicles);
        countOf('officers', officers);
        const text = identifiers ? row.cell(identifiers) : '';
        if (text !== '') force.identifiers = text;
        const details =
          [force.vehicles, force.officers].some((value) => value !== undefined && value !== 0) || text !== '';
        if (said === false && (listed.has(unit) || details)) {
          row.fail(
            `forces.${unit}`,
            presence[0]!.column,
            'says the unit was absent, other columns say it was present',
          );
        } else if (said === true || listed.has(unit) || details) {
          forces.push(Object.fromEntries(Object.entries(force).filter(([, value]) => value !== undefined)));
        }
      }
      row.input.forces = forces;
    });
  }

  private seizureSteps(): void {
    const items = SEIZURE_ITEMS.codes
      .map((item) => ({
        item,
        quantity: this.byTarget.get(`seizures.${item}.quantity`)?.[0],
        destroyed: this.byTarget.get(`seizures.${item}.destroyed`)?.[0],
        readDestroyed: booleanReader(this.values(`seizures.${item}.destroyed`)),
      }))
      .filter((one) => one.quantity !== undefined);
    if (items.length === 0) return;
    const count = numberReader();
    this.steps.push((row) => {
      const seizures: Record<string, unknown>[] = [];
      for (const { item, quantity, destroyed, readDestroyed } of items) {
        const rawQuantity = row.cell(quantity!);
        const rawDestroyed = destroyed ? row.cell(destroyed) : '';
        const amount =
          rawQuantity === '' ? 0 : row.take(`seizures.${item}.quantity`, quantity!, count(rawQuantity));
        const wasDestroyed =
          rawDestroyed === ''
            ? null
            : row.take(`seizures.${item}.destroyed`, destroyed!, readDestroyed(rawDestroyed));
        if (amount === undefined || wasDestroyed === undefined) continue;
        if (amount === 0) {
          if (wasDestroyed === true) {
            row.fail(
              `seizures.${item}.destroyed`,
              destroyed!,
              `says destroyed, but column "${quantity!.header}" gives no quantity`,
            );
          }
          continue;
        }
        seizures.push(
          wasDestroyed === null
            ? { item, quantity: amount }
            : { item, quantity: amount, destroyed: wasDestroyed },
        );
      }
      row.input.seizures = seizures;
    });
  }

  private consentSteps(): void {
    const scopes = ['publication', 'litigation', 'research']
      .map((scope) => ({
        scope,
        column: this.byTarget.get(`consent.${scope}`)?.[0],
        read: booleanReader(this.values(`consent.${scope}`)),
      }))
      .filter((one) => one.column !== undefined);
    if (scopes.length === 0) return;
    this.steps.push((row) => {
      const consent: Record<string, boolean> = {};
      for (const { scope, column, read } of scopes) {
        const raw = row.cell(column!);
        // An unknown consent is not a consent: the scope is left out, which the API reads as not agreed.
        const value = raw === '' ? null : row.take(`consent.${scope}`, column!, read(raw));
        if (typeof value === 'boolean') consent[scope] = value;
      }
      row.input.consent = consent;
    });
  }
}

/** Latitude and longitude cells: numbers, comma decimals accepted. */
const readCoordinate = numberReader();

function nextDay(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/**
 * Compiles a mapping once for a file's columns: vocabulary indexes, value maps and readers are
 * built here, so converting each row only reads cells. Throws on a mapping `mappingErrors` refuses.
 */
export function compileMapping(
  kind: ImportKind,
  columns: string[],
  mapping: ImportMappingSpec,
): CompiledMapping {
  const errors = mappingErrors(kind, columns, mapping);
  if (Object.keys(errors).length > 0) {
    throw new Error(
      `Invalid import mapping: ${Object.entries(errors)
        .map(([key, message]) => `${key} ${message}`)
        .join('; ')}`,
    );
  }
  const expanded = expandDefaults(columns, mapping);
  const compiledMapping = new MappingCompiler(kind, expanded.columns, expanded.mapping).compile();
  if (expanded.mapping === mapping) return compiledMapping;
  return {
    ...compiledMapping,
    convert: async (cells, context) => {
      const converted = await compiledMapping.convert(expanded.cells(cells), context);
      return {
        ...converted,
        errors: Object.fromEntries(
          Object.entries(converted.errors).map(([key, message]) => [key, defaultMessage(message)]),
        ),
      };
    },
  };
}

const compiled = new WeakMap<
  ImportMappingSpec,
  { kind: ImportKind; columns: string[]; mapping: CompiledMapping }
>();

/**
 * Converts one row of a file into the body a client would POST, checked by the API's own DTO.
 * The compiled mapping is kept per mapping object, so a loop over rows compiles it once.
 */
export async function convertRow(
  kind: ImportKind,
  columns: string[],
  cells: string[],
  mapping: ImportMappingSpec,
  context: ConvertContext,
): Promise<ConvertedRow> {
  let entry = compiled.get(mapping);
  if (!entry || entry.kind !== kind || entry.columns !== columns) {
    entry = { kind, columns, mapping: compileMapping(kind, columns, mapping) };
    compiled.set(mapping, entry);
  }
  return entry.mapping.convert(cells, context);
}
