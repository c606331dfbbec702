import {
  CONSENT_SCOPES,
  FORCE_UNITS,
  INCIDENT_TYPES,
  LEGAL_BASES,
  OBSERVATION_KINDS,
  SEIZURE_ITEMS,
  type Vocabulary,
} from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { isGeoPoint } from '../geo/coordinates';

type Translate = (key: string, options?: Record<string, unknown>) => string;

const CODED_FIELDS: Readonly<Record<string, Vocabulary<string>>> = {
  kind: OBSERVATION_KINDS,
  type: INCIDENT_TYPES,
  legalBasis: LEGAL_BASES,
};

const TIME_FIELDS = new Set(['startedAt', 'endedAt', 'occurredAt']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A field's value as the conflict screen shows it, in words: labels rather than codes, Paris time
 * rather than ISO timestamps, « — » for nothing.
 */
export function formatValue(field: string, value: unknown, translate: Translate, lang: string): string {
  const empty = translate('vigie.terrain.conflict.empty');
  if (value === null || value === undefined || value === '') return empty;
  if (typeof value === 'boolean') return translate(value ? 'vigie.terrain.yes' : 'vigie.terrain.no');
  const vocabulary = CODED_FIELDS[field];
  if (vocabulary && typeof value === 'string') return translate(termKey(vocabulary, value));
  if (TIME_FIELDS.has(field) && typeof value === 'string') return formatParisDateTime(value, lang) || value;
  if (isGeoPoint(value)) return `${value.coordinates[1].toFixed(5)}, ${value.coordinates[0].toFixed(5)}`;
  if (field === 'perpetrators' && Array.isArray(value)) {
    return value.length === 0
      ? empty
      : value.map((unit) => translate(termKey(FORCE_UNITS, String(unit)))).join(', ');
  }
  if (field === 'forces' && Array.isArray(value)) {
    if (value.length === 0) return empty;
    return value
      .filter(isObject)
      .map(
        (force) =>
          `${translate(termKey(FORCE_UNITS, String(force.unit)))} (${translate('vigie.terrain.vehicles')} ${
            force.vehicles ?? '?'
          }, ${translate('vigie.terrain.officers')} ${force.officers ?? '?'})`,
      )
      .join(' ; ');
  }
  if (field === 'seizures' && Array.isArray(value)) {
    if (value.length === 0) return empty;
    return value
      .filter(isObject)
      .map(
        (seizure) =>
          `${translate(termKey(SEIZURE_ITEMS, String(seizure.item)))} × ${String(seizure.quantity ?? '?')}${
            seizure.destroyed === true ? ` (${translate('vigie.terrain.destroyed')})` : ''
          }`,
      )
      .join(' ; ');
  }
  if (field === 'consent' && isObject(value)) {
    const agreed = CONSENT_SCOPES.codes.filter((scope) => value[scope] === true);
    return agreed.length === 0
      ? translate('vigie.terrain.no')
      : agreed.map((scope) => translate(`vigie.terrain.consentScopes.${scope}`)).join(', ');
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** A field's name as the console's forms show it, in the screen's language. */
export function fieldLabel(resource: string, field: string, translate: Translate): string {
  return translate(`resources.${resource}.fields.${field}`, { _: field });
}
