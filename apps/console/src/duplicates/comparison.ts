import {
  FORCE_UNITS,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  SEIZURE_ITEMS,
  type ForceRecord,
  type ObservationRecord,
  type SeizureRecord,
} from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime, intlLocale } from '../common/parisTime';

/** `GET /api/observations/:id/duplicates`: one possible (or dismissed) duplicate of the record. */
export interface DuplicateCandidate {
  observation: ObservationRecord;
  distanceM: number;
  timeGapMinutes: number;
  status: 'possible' | 'dismissed';
  decidedBy: string | null;
  decidedAt: string | null;
}

/** What the comparison needs to turn values into words. */
export interface ComparisonFormat {
  translate: (key: string, options?: Record<string, unknown>) => string;
  lang: string;
  communeName?: (code: string) => string | undefined;
  siteName?: (id: string) => string | undefined;
  authorName?: (id: string) => string | undefined;
}

export interface ComparisonRow {
  /** The field of ObservationRecord compared. */
  field: ComparedField;
  /** Translation key of the row's label. */
  label: string;
  left: string;
  right: string;
  /** The stored values differ (not only their words): what a reviewer must look at. */
  differs: boolean;
}

export const COMPARED_FIELDS = [
  'kind',
  'startedAt',
  'endedAt',
  'location',
  'communeCode',
  'siteId',
  'forces',
  'seizures',
  'peopleEvicted',
  'minorsSeen',
  'arrests',
  'description',
  'status',
  'createdBy',
] as const;

export type ComparedField = (typeof COMPARED_FIELDS)[number];

const NONE = '—';

function labelKey(field: ComparedField): string {
  return field === 'createdBy' ? 'vigie.duplicates.author' : `resources.observations.fields.${field}`;
}

/**
 * The two observations side by side, field by field, in the order a reviewer reads a record:
 * what, when, where, who was there, what was taken, how many, what was written, by whom.
 */
export function comparisonRows(
  left: ObservationRecord,
  right: ObservationRecord,
  format: ComparisonFormat,
): ComparisonRow[] {
  return COMPARED_FIELDS.map((field) => ({
    field,
    label: labelKey(field),
    left: display(field, left, format),
    right: display(field, right, format),
    differs: canonical(field, left) !== canonical(field, right),
  }));
}

/** A form of the value in which equal facts are equal strings (same instant, rows in any order). */
function canonical(field: ComparedField, record: ObservationRecord): string {
  const value: unknown = record[field];
  switch (field) {
    case 'startedAt':
    case 'endedAt': {
      const instant = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(instant) ? '' : String(instant);
    }
    case 'location':
      return JSON.stringify(record.location?.coordinates ?? null);
    case 'forces':
    case 'seizures':
      return Array.isArray(value) ? JSON.stringify(value.map(sortedJson).sort()) : '[]';
    case 'description':
      return typeof value === 'string' ? value.trim() : '';
    default:
      return value == null ? '' : JSON.stringify(value);
  }
}

function sortedJson(row: unknown): string {
  if (typeof row !== 'object' || row === null) return JSON.stringify(row);
  const entries = Object.entries(row as Record<string, unknown>)
    .filter(([, value]) => value != null)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify(Object.fromEntries(entries));
}

function display(field: ComparedField, record: ObservationRecord, format: ComparisonFormat): string {
  const { translate, lang } = format;
  switch (field) {
    case 'kind':
      return translate(termKey(OBSERVATION_KINDS, record.kind));
    case 'status':
      return translate(termKey(REVIEW_STATUSES, record.status));
    case 'startedAt':
    case 'endedAt':
      return formatParisDateTime(record[field], lang) || NONE;
    case 'location':
      return formatPoint(record.location?.coordinates, lang);
    case 'communeCode':
      return record.communeCode ? (format.communeName?.(record.communeCode) ?? record.communeCode) : NONE;
    case 'siteId':
      return record.siteId ? (format.siteName?.(record.siteId) ?? record.siteId) : NONE;
    case 'createdBy':
      return record.createdBy
        ? (format.authorName?.(record.createdBy) ?? record.createdBy.slice(0, 8))
        : NONE;
    case 'forces':
      return lines((record.forces ?? []).map((force) => forceLine(force, translate)));
    case 'seizures':
      return lines((record.seizures ?? []).map((seizure) => seizureLine(seizure, translate)));
    case 'description':
      return record.description?.trim() || NONE;
    default: {
      const value = record[field];
      return value == null ? NONE : new Intl.NumberFormat(intlLocale(lang)).format(value);
    }
  }
}

function lines(items: string[]): string {
  return items.length === 0 ? NONE : items.join('\n');
}

function forceLine(force: ForceRecord, translate: ComparisonFormat['translate']): string {
  const label = (name: string) => translate(`resources.observations.fields.forces.${name}`);
  const counts = [
    force.vehicles != null ? `${label('vehicles')} : ${force.vehicles}` : null,
    force.officers != null ? `${label('officers')} : ${force.officers}` : null,
  ].filter((part) => part !== null);
  const details = counts.length > 0 ? ` — ${counts.join(', ')}` : '';
  const identifiers = force.identifiers ? ` (${force.identifiers})` : '';
  return `${translate(termKey(FORCE_UNITS, force.unit))}${details}${identifiers}`;
}

function seizureLine(seizure: SeizureRecord, translate: ComparisonFormat['translate']): string {
  const destroyed = seizure.destroyed
    ? ` (${translate('resources.observations.fields.seizures.destroyed').toLowerCase()})`
    : '';
  return `${translate(termKey(SEIZURE_ITEMS, seizure.item))} : ${seizure.quantity}${destroyed}`;
}

/** `50,95130 N, 1,85870 E` is what a map shows; `lat, lon` with 5 decimals (about a metre). */
export function formatPoint(coordinates: unknown, lang: string = 'fr'): string {
  if (!Array.isArray(coordinates) || coordinates.length < 2) return NONE;
  const [lon, lat] = coordinates as [unknown, unknown];
  if (typeof lon !== 'number' || typeof lat !== 'number') return NONE;
  const number = new Intl.NumberFormat(intlLocale(lang), {
    minimumFractionDigits: 5,
    maximumFractionDigits: 5,
  });
  return `${number.format(lat)}, ${number.format(lon)}`;
}

/** `80 m`, `1,2 km` */
export function formatDistance(metres: unknown, lang: string = 'fr'): string {
  if (typeof metres !== 'number' || !Number.isFinite(metres) || metres < 0) return NONE;
  if (metres < 1000) return `${Math.round(metres)} m`;
  const km = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 1 }).format(metres / 1000);
  return `${km} km`;
}

/** `0 min`, `45 min`, `1 h 30`, `2 h` */
export function formatTimeGap(minutes: unknown): string {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes)) return NONE;
  const total = Math.round(Math.abs(minutes));
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')}`;
}

/** The candidates to show: the possible ones first, nearest in space then in time. */
export function sortCandidates(candidates: readonly DuplicateCandidate[]): DuplicateCandidate[] {
  return [...candidates].sort(
    (a, b) =>
      Number(a.status === 'dismissed') - Number(b.status === 'dismissed') ||
      a.distanceM - b.distanceM ||
      Math.abs(a.timeGapMinutes) - Math.abs(b.timeGapMinutes),
  );
}

/** The record names at least one live observation that may describe the same event. */
export function hasPossibleDuplicates(record: Readonly<Record<string, unknown>> | undefined): boolean {
  const ids = record?.possibleDuplicateIds;
  return Array.isArray(ids) && ids.length > 0;
}
