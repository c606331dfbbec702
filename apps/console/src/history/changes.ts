import {
  AREAS,
  CONSENT_SCOPES,
  DEADLINE_STATUSES,
  FORCE_UNITS,
  INCIDENT_TYPES,
  LEGAL_BASES,
  LEGAL_CASE_STATUSES,
  LEGAL_EVENT_KINDS,
  LEGAL_FORUMS,
  LEGAL_OUTCOMES,
  LEGAL_PROCEDURES,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  ROLES,
  SITE_KINDS,
  SITE_STATUSES,
  type Vocabulary,
} from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { formatCoordinate, isGeoPoint } from '../geo/coordinates';
import { isPolygonal, polygonsOf } from '../geo/perimeter';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Fields whose values are vocabulary codes: shown with their label, not the code. */
const FIELD_VOCABULARIES: Readonly<Record<string, Readonly<Record<string, Vocabulary<string>>>>> = {
  observations: {
    kind: OBSERVATION_KINDS,
    status: REVIEW_STATUSES,
    area: AREAS,
    legalBasis: LEGAL_BASES,
  },
  incidents: {
    type: INCIDENT_TYPES,
    status: REVIEW_STATUSES,
    area: AREAS,
    // A list of codes: each is shown with its label.
    perpetrators: FORCE_UNITS,
  },
  sites: { kind: SITE_KINDS, status: SITE_STATUSES, area: AREAS },
  users: { role: ROLES },
  'legal-cases': {
    procedure: LEGAL_PROCEDURES,
    forum: LEGAL_FORUMS,
    status: LEGAL_CASE_STATUSES,
    outcome: LEGAL_OUTCOMES,
  },
  // The audit log names a case's events and deadlines after their tables.
  'legal-case-events': { kind: LEGAL_EVENT_KINDS, outcome: LEGAL_OUTCOMES },
  'legal-deadlines': { status: DEADLINE_STATUSES },
};

/** Vocabularies of the fields inside child rows (`forces.unit`). */
const ROW_VOCABULARIES: Readonly<Record<string, Vocabulary<string>>> = { unit: FORCE_UNITS };

/** The audit log names entities as the API's tables do; the console's resources are plural, kebab-case. */
export function resourceOfEntity(entity: string): string {
  const kebab = entity.trim().toLowerCase().replace(/_/g, '-');
  return kebab.endsWith('s') ? kebab : `${kebab}s`;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MAX_TEXT = 160;

function shorten(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value of a diff as a person reads it: a label, a Paris time, Oui/Non, a position. */
export function formatValue(
  value: unknown,
  translate: Translate,
  locale: string,
  vocabulary?: Vocabulary<string>,
): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return translate(`vigie.triState.${value}`);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    // What the API writes instead of a secret or of a value the reader's role may not see.
    if (value === '[changed]') return translate('vigie.history.changed');
    if (value === '[restricted]') return translate('vigie.history.restricted');
    if (vocabulary?.codes.includes(value)) return translate(termKey(vocabulary, value));
    if (ISO_TIMESTAMP.test(value)) return formatParisDateTime(value, locale) || value;
    return shorten(value);
  }
  if (isGeoPoint(value)) {
    const [longitude, latitude] = value.coordinates;
    return `${formatCoordinate(latitude)}, ${formatCoordinate(longitude)}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) {
      return shorten(value.map((item) => formatValue(item, translate, locale, vocabulary)).join(', '));
    }
    return shorten(value.map((item) => formatRow(item, translate, locale)).join(' ; '));
  }
  // A perimeter: how many polygons, not a wall of coordinates.
  if (isPolygonal(value)) {
    return translate('vigie.perimeter.polygons', { smart_count: polygonsOf(value).length });
  }
  if (typeof value === 'object' && isConsent(value)) {
    return CONSENT_SCOPES.codes
      .map(
        (scope) =>
          `${translate(termKey(CONSENT_SCOPES, scope))} : ${formatValue(value[scope], translate, locale)}`,
      )
      .join(', ');
  }
  // An object of fields (a challenged act): its values that are set, each as above.
  if (typeof value === 'object' && value !== null) {
    const parts = Object.values(value)
      .filter((item) => item !== null && item !== undefined && item !== '')
      .map((item) => formatValue(item, translate, locale));
    return parts.length > 0 ? shorten(parts.join(', ')) : '—';
  }
  return shorten(JSON.stringify(value));
}

/** `{ publication, litigation, research }`, as incidents and evidence files carry it. */
function isConsent(value: object): value is Record<(typeof CONSENT_SCOPES.codes)[number], unknown> {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => (CONSENT_SCOPES.codes as readonly string[]).includes(key));
}

/** A child row (`{ unit: 'crs', vehicles: 4 }`) as `CRS, 4`. */
function formatRow(row: unknown, translate: Translate, locale: string): string {
  if (typeof row !== 'object' || row === null) return formatValue(row, translate, locale);
  return Object.entries(row)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => formatValue(value, translate, locale, ROW_VOCABULARIES[key]))
    .join(', ');
}

export interface ChangeLine {
  field: string;
  label: string;
  /** Null for a creation: there was nothing before. */
  before: string | null;
  after: string;
}

/** Bookkeeping the entry's own header already tells (who, when), or that nobody reads. */
const UNSHOWN_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'version']);

/**
 * The changed fields of one history or audit entry, labelled in the console's language. A
 * creation lists the values it set, without "— →", and leaves out the empty ones.
 */
export function describeChanges(
  resource: string,
  diff: unknown,
  translate: Translate,
  locale: string,
  action?: string,
): ChangeLine[] {
  if (typeof diff !== 'object' || diff === null || Array.isArray(diff)) return [];
  const vocabularies = FIELD_VOCABULARIES[resource] ?? {};
  const created = action === 'create';
  const lines: ChangeLine[] = [];
  for (const [field, change] of Object.entries(diff as Record<string, unknown>)) {
    if (UNSHOWN_FIELDS.has(field)) continue;
    const { before, after } =
      typeof change === 'object' && change !== null && ('before' in change || 'after' in change)
        ? (change as { before?: unknown; after?: unknown })
        : { before: undefined, after: change };
    const vocabulary = vocabularies[field];
    const afterText = formatValue(after, translate, locale, vocabulary);
    if (created && afterText === '—') continue;
    lines.push({
      field,
      label: translate(`resources.${resource}.fields.${field}`, { _: field }),
      before: created ? null : formatValue(before, translate, locale, vocabulary),
      after: afterText,
    });
  }
  return lines;
}

/** Deleting an account deactivates it, restoring reactivates it: the log says so. */
const ENTITY_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  users: ['delete', 'restore'],
  'backup-runs': ['restore'],
};

/** "Création", "Modification"… and the code itself for an action the console does not know. */
export function actionLabel(action: string, translate: Translate, resource?: string): string {
  if (resource && ENTITY_ACTIONS[resource]?.includes(action)) {
    return translate(`vigie.audit.entityActions.${resource}.${action}`, { _: action });
  }
  return translate(`vigie.audit.actions.${action}`, { _: action });
}
