/*
 * The fields a column of an imported file can feed (DESIGN §5), with how their cells read and
 * their French and English labels: the API converts by it, the console's mapping step lists it.
 */
import type { ImportKind } from './imports';
import type { Vocabulary } from './vocabulary';
import { FORCE_UNITS, INCIDENT_TYPES, LEGAL_BASES, OBSERVATION_KINDS, SEIZURE_ITEMS } from './vocabularies';

/** How a target reads its cells. */
export type TargetType =
  | 'code'
  | 'codes'
  | 'boolean'
  | 'presence'
  | 'count'
  | 'number'
  | 'text'
  | 'datetime'
  | 'date'
  | 'time'
  | 'location'
  | 'latitude'
  | 'longitude'
  | 'site'
  | 'sourceId'
  | 'ignore';

export interface TargetSpec {
  target: string;
  type: TargetType;
  /** For the console: what the field holds, in French and English. */
  fr: string;
  en: string;
  vocabulary?: Vocabulary<string>;
  /** Several columns may feed it: lists are merged, texts joined, a unit is present if any says so. */
  multi?: boolean;
}

type Spec = TargetSpec;
const spec = (target: string, type: TargetType, fr: string, en: string, more: Partial<Spec> = {}): Spec => ({
  target,
  type,
  fr,
  en,
  ...more,
});

const LOCATION: Spec[] = [
  spec(
    'location',
    'location',
    'Position « lat, lon » (ou point GPS KoboToolbox)',
    'Position "lat, lon" (or KoboToolbox geopoint)',
  ),
  spec('location.latitude', 'latitude', 'Latitude', 'Latitude'),
  spec('location.longitude', 'longitude', 'Longitude', 'Longitude'),
];

const SOURCE_AND_IGNORE: Spec[] = [
  spec('sourceId', 'sourceId', 'Identifiant de la ligne dans la source', "Row's id in the source"),
  spec('ignore', 'ignore', 'Colonne ignorée', 'Column left out', { multi: true }),
];

const FORCE_TARGETS: Spec[] = FORCE_UNITS.terms.flatMap((unit) => [
  spec(
    `forces.${unit.code}`,
    'presence',
    `${unit.fr} : présence (oui/non ou nombre)`,
    `${unit.en}: present (yes/no or a count)`,
    { multi: true },
  ),
  spec(`forces.${unit.code}.vehicles`, 'count', `${unit.fr} : véhicules`, `${unit.en}: vehicles`),
  spec(`forces.${unit.code}.officers`, 'count', `${unit.fr} : agents`, `${unit.en}: officers`),
  spec(
    `forces.${unit.code}.identifiers`,
    'text',
    `${unit.fr} : matricules, immatriculations`,
    `${unit.en}: identifiers, plates`,
  ),
]);

const SEIZURE_TARGETS: Spec[] = SEIZURE_ITEMS.terms.flatMap((item) => [
  spec(
    `seizures.${item.code}.quantity`,
    'count',
    `${item.fr} saisis : nombre`,
    `${item.en} seized: quantity`,
  ),
  spec(
    `seizures.${item.code}.destroyed`,
    'boolean',
    `${item.fr} saisis : détruits (oui/non)`,
    `${item.en} seized: destroyed (yes/no)`,
  ),
]);

const OBSERVATION_TARGETS: Spec[] = [
  spec('kind', 'code', "Type d'opération", 'Kind of operation', { vocabulary: OBSERVATION_KINDS }),
  spec('startedAt', 'datetime', 'Début (date et heure)', 'Start (date and time)'),
  spec('endedAt', 'datetime', 'Fin (date et heure)', 'End (date and time)'),
  spec('startedAt.date', 'date', 'Date', 'Date'),
  spec('startedAt.time', 'time', 'Heure de début', 'Start time'),
  spec(
    'endedAt.time',
    'time',
    'Heure de fin (le même jour, ou le lendemain)',
    'End time (same day, or the next)',
  ),
  spec('locationAccuracyM', 'number', 'Précision de la position (m)', 'Position accuracy (m)'),
  spec('peopleEvicted', 'count', 'Personnes expulsées', 'People evicted'),
  spec('minorsSeen', 'count', 'Mineurs vus', 'Minors seen'),
  spec('arrests', 'count', 'Interpellations', 'Arrests'),
  spec('legalBasis', 'code', 'Cadre légal', 'Legal basis', { vocabulary: LEGAL_BASES }),
  spec('legalBasisDetails', 'text', 'Cadre légal : précisions', 'Legal basis: details', { multi: true }),
  spec('interpretersPresent', 'boolean', 'Interprètes présents', 'Interpreters present'),
  spec('bailiffPresent', 'boolean', 'Huissier présent', 'Bailiff present'),
  spec('contractorPresent', 'boolean', 'Entreprise présente', 'Contractor present'),
  spec('contractorName', 'text', "Nom de l'entreprise", "Contractor's name"),
  spec('shelterOffered', 'boolean', 'Mise à l’abri proposée', 'Shelter offered'),
  spec('shelterBuses', 'count', 'Bus de mise à l’abri', 'Shelter buses'),
  spec('peopleSheltered', 'count', 'Personnes mises à l’abri', 'People sheltered'),
  spec('observationObstructed', 'boolean', 'Observation entravée', 'Observation obstructed'),
  spec('countsReliable', 'boolean', 'Comptages fiables', 'Counts reliable'),
  spec('description', 'text', 'Description', 'Description', { multi: true }),
  spec('site', 'site', 'Lieu (nom ou alias d’un lieu connu)', "Site (a known site's name or alias)"),
  ...LOCATION,
  spec('forces', 'codes', 'Forces présentes (liste : « CRS, GM »)', 'Forces present (a list: "CRS, GM")', {
    vocabulary: FORCE_UNITS,
    multi: true,
  }),
  ...FORCE_TARGETS,
  ...SEIZURE_TARGETS,
  ...SOURCE_AND_IGNORE,
];

const INCIDENT_TARGETS: Spec[] = [
  spec('type', 'code', "Type d'incident", 'Kind of incident', { vocabulary: INCIDENT_TYPES }),
  spec('occurredAt', 'datetime', 'Date et heure', 'Date and time'),
  spec('occurredAt.date', 'date', 'Date', 'Date'),
  spec('occurredAt.time', 'time', 'Heure', 'Time'),
  ...LOCATION,
  spec('observationId', 'text', "Identifiant de l'observation liée", "Linked observation's id"),
  spec('victimCount', 'count', 'Nombre de victimes', 'Number of victims'),
  spec('minorCount', 'count', 'Dont mineurs', 'Of whom minors'),
  spec('injured', 'boolean', 'Blessures', 'Injured'),
  spec('medicalCare', 'boolean', 'Soins médicaux', 'Medical care'),
  spec('perpetrators', 'codes', 'Auteurs (unités : « CRS, GM »)', 'Perpetrators (units: "CRS, GM")', {
    vocabulary: FORCE_UNITS,
    multi: true,
  }),
  spec('description', 'text', 'Description (interne)', 'Description (internal)', { multi: true }),
  spec('publicSummary', 'text', 'Résumé public', 'Public summary', { multi: true }),
  spec('testimony', 'text', 'Témoignage (restreint)', 'Testimony (restricted)', { multi: true }),
  spec('consent.publication', 'boolean', 'Consentement : publication', 'Consent: publication'),
  spec('consent.litigation', 'boolean', 'Consentement : contentieux', 'Consent: litigation'),
  spec('consent.research', 'boolean', 'Consentement : recherche', 'Consent: research'),
  ...SOURCE_AND_IGNORE,
];

const BY_KIND: Record<ImportKind, Map<string, Spec>> = {
  observations: new Map(OBSERVATION_TARGETS.map((target) => [target.target, target])),
  incidents: new Map(INCIDENT_TARGETS.map((target) => [target.target, target])),
};

/** Every target a column may be mapped to, for one kind of record. */
export function importTargets(kind: ImportKind): string[] {
  return [...BY_KIND[kind].keys()];
}

/** Every target of a kind with how it reads, in the order the console lists them. */
export function importTargetSpecs(kind: ImportKind): TargetSpec[] {
  return [...BY_KIND[kind].values()];
}

export function targetSpec(kind: ImportKind, target: string): TargetSpec | undefined {
  return BY_KIND[kind].get(target);
}
