import type { Consent, GeoPoint, IncidentRecord } from '@vigie/domain';
import { isGeoPoint } from '../geo/coordinates';
import { newId } from '../api/uuid';
import { fromParisInputValue, nowParisInputValue } from '../common/parisTime';

export type IncidentDraft = Pick<
  IncidentRecord,
  | 'id'
  | 'occurredAt'
  | 'observationId'
  | 'victimCount'
  | 'minorCount'
  | 'injured'
  | 'medicalCare'
  | 'perpetrators'
  | 'description'
  | 'publicSummary'
  | 'consent'
> & { type: IncidentRecord['type'] | null; location: GeoPoint | null };

export const NO_CONSENT: Consent = { publication: false, litigation: false, research: false };

/**
 * A new incident: its id is chosen once per form (a retried "Enregistrer" cannot create a
 * duplicate); it happened now, to the minute, Paris time; counts and yes/no answers start as "not
 * known" (null); no consent is assumed. The testimony is left out: a role that may not read it
 * sends one only when something was typed.
 */
export function newIncidentDraft(now: Date = new Date()): IncidentDraft {
  return {
    id: newId(),
    type: null,
    occurredAt: fromParisInputValue(nowParisInputValue(now)) ?? now.toISOString(),
    location: null,
    observationId: null,
    victimCount: null,
    minorCount: null,
    injured: null,
    medicalCare: null,
    perpetrators: [],
    description: null,
    publicSummary: null,
    consent: { ...NO_CONSENT },
  };
}

/** What an incident form opened from an observation starts with. */
export interface IncidentPrefill {
  observationId: string;
  occurredAt?: string;
  location?: GeoPoint;
}

/**
 * An incident seen during an observation: linked to it, at its start time and at its place. The
 * position is filled in (rather than left to be inherited) so that it shows on the form's map and
 * can be moved to where the incident actually happened.
 */
export function prefillFromObservation(observation: {
  id: unknown;
  startedAt?: unknown;
  location?: unknown;
}): IncidentPrefill {
  return {
    observationId: String(observation.id),
    ...(typeof observation.startedAt === 'string' ? { occurredAt: observation.startedAt } : {}),
    ...(isGeoPoint(observation.location) ? { location: observation.location } : {}),
  };
}

/** `/incidents/create?source=…`: react-admin merges it into the form's defaults. */
export function incidentCreateSearch(prefill: IncidentPrefill): string {
  return `?${new URLSearchParams({ source: JSON.stringify(prefill) }).toString()}`;
}
