import {
  FORCE_UNITS,
  INCIDENT_TYPES,
  LIMITS,
  OBSERVATION_KINDS,
  SEIZURE_ITEMS,
  type Consent,
  type ForceUnit,
  type GeoPoint,
  type IncidentType,
  type ObservationKind,
  type SeizureItem,
} from '@vigie/domain';
import { newId } from '../api/uuid';
import { isGeoPoint } from '../geo/coordinates';
import { NO_CONSENT } from '../incidents/defaults';
import { newObservationDraft } from '../observations/defaults';
import { validTimestamp } from '../observations/validation';

/**
 * The « Terrain » quick entry as plain data: what the screen edits, what is kept on the device as a
 * draft (so it survives a reload or an app update) and what the outbox bodies are built from.
 */

/** Bumped when the draft's shape changes in a way `restoreForm` cannot fill in. */
export const FORM_SCHEMA = 1;

/** The device draft of the entry being typed. */
export const TERRAIN_DRAFT_KEY = 'terrain.entry';

export type TriState = boolean | null;

export interface TerrainForce {
  unit: ForceUnit;
  vehicles: number | null;
  officers: number | null;
}

export interface TerrainSeizure {
  item: SeizureItem;
  quantity: number | null;
  destroyed: boolean;
}

/** Where the position came from: the device's fix, a tap on the map, or a known site's point. */
export type LocationSource = 'device' | 'map' | 'site';

/** The yes/no/unknown questions of the field screen, in the order they are asked on site. */
export const TRI_STATE_FIELDS = [
  'interpretersPresent',
  'bailiffPresent',
  'contractorPresent',
  'shelterOffered',
  'observationObstructed',
] as const;
export type TriStateField = (typeof TRI_STATE_FIELDS)[number];

/** The counts of people asked on the field screen. */
export const PEOPLE_FIELDS = ['peopleEvicted', 'minorsSeen', 'arrests'] as const;

export interface TerrainObservation extends Record<TriStateField, TriState> {
  id: string;
  kind: ObservationKind;
  startedAt: string;
  location: GeoPoint | null;
  locationAccuracyM: number | null;
  locationSource: LocationSource | null;
  siteId: string | null;
  /** Shown on the screen and in the outbox label; not sent. */
  siteName: string | null;
  forces: TerrainForce[];
  seizures: TerrainSeizure[];
  peopleEvicted: number | null;
  minorsSeen: number | null;
  arrests: number | null;
  description: string;
}

export interface TerrainIncident {
  id: string;
  type: IncidentType | null;
  victimCount: number | null;
  minorCount: number | null;
  perpetrators: ForceUnit[];
  consent: Consent;
  description: string;
}

/** A photo from the camera, kept on the device until its upload is confirmed. */
export interface TerrainPhoto {
  id: string;
  file: Blob;
  filename: string;
  /** The observation's or one of its incidents' id. */
  parentId: string;
  /** A small JPEG data URL for the screen; null when the browser could not decode the photo. */
  thumbnail: string | null;
}

export interface TerrainForm {
  schema: number;
  observation: TerrainObservation;
  incidents: TerrainIncident[];
  photos: TerrainPhoto[];
  /**
   * Ids already in the outbox: when the device fails half-way through « Enregistrer », the next
   * tap queues only the rest.
   */
  queued: string[];
}

/** An eviction starting now (to the minute, Paris time); every count and answer not known yet. */
export function newTerrainObservation(now: Date = new Date()): TerrainObservation {
  const draft = newObservationDraft(now);
  return {
    id: draft.id,
    kind: 'eviction',
    startedAt: draft.startedAt,
    location: null,
    locationAccuracyM: null,
    locationSource: null,
    siteId: null,
    siteName: null,
    forces: [],
    seizures: [],
    peopleEvicted: draft.peopleEvicted,
    minorsSeen: draft.minorsSeen,
    arrests: draft.arrests,
    interpretersPresent: draft.interpretersPresent,
    bailiffPresent: draft.bailiffPresent,
    contractorPresent: draft.contractorPresent,
    shelterOffered: draft.shelterOffered,
    observationObstructed: draft.observationObstructed,
    description: '',
  };
}

export function newTerrainForm(now: Date = new Date()): TerrainForm {
  return {
    schema: FORM_SCHEMA,
    observation: newTerrainObservation(now),
    incidents: [],
    photos: [],
    queued: [],
  };
}

/** No consent is assumed: the people concerned give it, the observer records it. */
export function newTerrainIncident(): TerrainIncident {
  return {
    id: newId(),
    type: null,
    victimCount: null,
    minorCount: null,
    perpetrators: [],
    consent: { ...NO_CONSENT },
    description: '',
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A draft read back from the device, on the current form's shape: fields added by an app update
 * since it was saved take their defaults, so a half-filled form survives the update. Null when it
 * is not a draft of this form.
 */
export function restoreForm(saved: unknown, now: Date = new Date()): TerrainForm | null {
  if (!isObject(saved) || saved.schema !== FORM_SCHEMA || !isObject(saved.observation)) return null;
  if (typeof saved.observation.id !== 'string') return null;
  const fresh = newTerrainObservation(now);
  return {
    schema: FORM_SCHEMA,
    observation: { ...fresh, ...(saved.observation as Partial<TerrainObservation>) },
    incidents: Array.isArray(saved.incidents)
      ? saved.incidents.filter(isObject).map((incident) => ({
          ...newTerrainIncident(),
          ...(incident as Partial<TerrainIncident>),
        }))
      : [],
    photos: Array.isArray(saved.photos)
      ? (saved.photos.filter(
          (photo) => isObject(photo) && photo.file instanceof Blob && typeof photo.id === 'string',
        ) as unknown as TerrainPhoto[])
      : [],
    queued: Array.isArray(saved.queued)
      ? saved.queued.filter((id): id is string => typeof id === 'string')
      : [],
  };
}

const textOrNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The observation as `POST /api/observations` takes it, with its device-chosen id. */
export function observationBody(observation: TerrainObservation): Record<string, unknown> & { id: string } {
  return {
    id: observation.id,
    kind: observation.kind,
    startedAt: observation.startedAt,
    location: observation.location,
    locationAccuracyM: observation.locationAccuracyM,
    siteId: observation.siteId,
    forces: observation.forces.map((force) => ({
      unit: force.unit,
      vehicles: force.vehicles,
      officers: force.officers,
    })),
    seizures: observation.seizures.map((seizure) => ({
      item: seizure.item,
      quantity: seizure.quantity ?? 0,
      destroyed: seizure.destroyed,
    })),
    peopleEvicted: observation.peopleEvicted,
    minorsSeen: observation.minorsSeen,
    arrests: observation.arrests ?? 0,
    interpretersPresent: observation.interpretersPresent,
    bailiffPresent: observation.bailiffPresent,
    contractorPresent: observation.contractorPresent,
    shelterOffered: observation.shelterOffered,
    observationObstructed: observation.observationObstructed,
    description: textOrNull(observation.description),
  };
}

/**
 * An incident seen during the eviction, as `POST /api/incidents` takes it: linked to it, at its
 * start time; the position is left out, so the API takes the eviction's.
 */
export function incidentBody(
  incident: TerrainIncident,
  observation: Pick<TerrainObservation, 'id' | 'startedAt'>,
): Record<string, unknown> & { id: string } {
  return {
    id: incident.id,
    type: incident.type,
    occurredAt: observation.startedAt,
    observationId: observation.id,
    victimCount: incident.victimCount,
    minorCount: incident.minorCount,
    perpetrators: [...incident.perpetrators],
    consent: { ...incident.consent },
    description: textOrNull(incident.description),
  };
}

/** Field → translation key of what is wrong; empty when the entry can be saved. */
export type FormErrors = Record<string, string>;

export function validateObservation(observation: TerrainObservation): FormErrors {
  const errors: FormErrors = {};
  if (!OBSERVATION_KINDS.has(observation.kind)) errors.kind = 'ra.validation.required';
  if (!observation.startedAt) errors.startedAt = 'ra.validation.required';
  else if (validTimestamp(observation.startedAt)) errors.startedAt = 'vigie.validation.invalidDate';
  if (!isGeoPoint(observation.location)) errors.location = 'vigie.terrain.errors.location';
  observation.forces.forEach((force, index) => {
    if (!FORCE_UNITS.has(force.unit)) errors[`forces.${index}.unit`] = 'ra.validation.required';
  });
  observation.seizures.forEach((seizure, index) => {
    if (!SEIZURE_ITEMS.has(seizure.item)) errors[`seizures.${index}.item`] = 'ra.validation.required';
  });
  if (observation.description.length > LIMITS.longText) errors.description = 'vigie.terrain.errors.tooLong';
  return errors;
}

export function validateIncident(incident: TerrainIncident): FormErrors {
  const errors: FormErrors = {};
  if (!INCIDENT_TYPES.has(incident.type)) errors.type = 'ra.validation.required';
  if (
    incident.minorCount !== null &&
    incident.victimCount !== null &&
    incident.minorCount > incident.victimCount
  ) {
    errors.minorCount = 'vigie.incident.minorsAboveVictims';
  }
  if (incident.description.length > LIMITS.longText) errors.description = 'vigie.terrain.errors.tooLong';
  return errors;
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const triState = (value: unknown): TriState => (typeof value === 'boolean' ? value : null);

/**
 * The screen's state of an observation body kept in the outbox (a refused entry reopened to be
 * fixed): the reverse of `observationBody`.
 */
export function observationFromBody(body: Record<string, unknown>): TerrainObservation {
  const fresh = newTerrainObservation();
  const forces = Array.isArray(body.forces) ? body.forces.filter(isObject) : [];
  const seizures = Array.isArray(body.seizures) ? body.seizures.filter(isObject) : [];
  return {
    ...fresh,
    id: typeof body.id === 'string' ? body.id : fresh.id,
    kind: OBSERVATION_KINDS.has(body.kind) ? body.kind : fresh.kind,
    startedAt: typeof body.startedAt === 'string' ? body.startedAt : fresh.startedAt,
    location: isGeoPoint(body.location) ? body.location : null,
    locationAccuracyM: numberOrNull(body.locationAccuracyM),
    locationSource: isGeoPoint(body.location) ? 'device' : null,
    siteId: typeof body.siteId === 'string' ? body.siteId : null,
    forces: forces.map((force) => ({
      unit: force.unit as ForceUnit,
      vehicles: numberOrNull(force.vehicles),
      officers: numberOrNull(force.officers),
    })),
    seizures: seizures.map((seizure) => ({
      item: seizure.item as SeizureItem,
      quantity: numberOrNull(seizure.quantity),
      destroyed: seizure.destroyed === true,
    })),
    peopleEvicted: numberOrNull(body.peopleEvicted),
    minorsSeen: numberOrNull(body.minorsSeen),
    arrests: numberOrNull(body.arrests),
    interpretersPresent: triState(body.interpretersPresent),
    bailiffPresent: triState(body.bailiffPresent),
    contractorPresent: triState(body.contractorPresent),
    shelterOffered: triState(body.shelterOffered),
    observationObstructed: triState(body.observationObstructed),
    description: typeof body.description === 'string' ? body.description : '',
  };
}

/** The reverse of `incidentBody`, for a refused incident reopened to be fixed. */
export function incidentFromBody(body: Record<string, unknown>): TerrainIncident {
  const fresh = newTerrainIncident();
  const consent = isObject(body.consent) ? body.consent : {};
  return {
    id: typeof body.id === 'string' ? body.id : fresh.id,
    type: INCIDENT_TYPES.has(body.type) ? body.type : null,
    victimCount: numberOrNull(body.victimCount),
    minorCount: numberOrNull(body.minorCount),
    perpetrators: Array.isArray(body.perpetrators)
      ? body.perpetrators.filter((unit): unit is ForceUnit => FORCE_UNITS.has(unit))
      : [],
    consent: {
      publication: consent.publication === true,
      litigation: consent.litigation === true,
      research: consent.research === true,
    },
    description: typeof body.description === 'string' ? body.description : '',
  };
}

/**
 * A refused incident once fixed: the screen edits only what `incidentFromBody` reads, the rest of
 * the body (its link, its time) stays as it was.
 */
export function fixedIncidentBody(
  original: Record<string, unknown> & { id: string },
  incident: TerrainIncident,
): Record<string, unknown> & { id: string } {
  return {
    ...original,
    type: incident.type,
    victimCount: incident.victimCount,
    minorCount: incident.minorCount,
    perpetrators: [...incident.perpetrators],
    consent: { ...incident.consent },
    description: textOrNull(incident.description),
  };
}

/** What the outbox lists for an entry: « Expulsion — Jungle des Dunes, 06/12 08:10 ». */
export function entryLabel(what: string, place: string | null, when: string): string {
  return place ? `${what} — ${place}, ${when}` : `${what} — ${when}`;
}

/** The place of an entry in its label: the known site, or the point to four decimals (~10 m). */
export function placeOf(observation: Pick<TerrainObservation, 'siteName' | 'location'>): string | null {
  if (observation.siteName) return observation.siteName;
  if (!observation.location) return null;
  const [longitude, latitude] = observation.location.coordinates;
  return `${latitude.toFixed(4)}, ${longitude.toFixed(4)}`;
}
