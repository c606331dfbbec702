import {
  FORCE_UNITS,
  INCIDENT_TYPES,
  type ImportKind,
  LEGAL_BASES,
  OBSERVATION_KINDS,
  SEIZURE_ITEMS,
  type Lang,
  type Vocabulary,
} from '@vigie/domain';

/**
 * The fields a column can be mapped to (imports contract, "Mapping"), with their labels. The API
 * has no endpoint listing them, so the console keeps this copy of the contract's list.
 */
export interface ImportTarget {
  id: string;
  fr: string;
  en: string;
  /**
   * Coded fields take a value map (raw cell value → code): a vocabulary's codes, or yes/no/unknown.
   * Absent: free text, numbers, dates, positions, taken as they are.
   */
  coded?: Vocabulary<string> | 'boolean';
}

export const IGNORE = 'ignore';

interface Label {
  fr: string;
  en: string;
}

const field = (id: string, fr: string, en: string, coded?: ImportTarget['coded']): ImportTarget =>
  coded ? { id, fr, en, coded } : { id, fr, en };

const yesNo = (id: string, fr: string, en: string) => field(id, fr, en, 'boolean');

/** `<prefix>.<code><suffix>` for every code of a vocabulary: one column per force unit or seized item. */
function perCode(
  vocabulary: Vocabulary<string>,
  prefix: string,
  suffix: string,
  label: (term: Label) => Label,
  coded?: ImportTarget['coded'],
): ImportTarget[] {
  return vocabulary.terms.map((term) => {
    const { fr, en } = label(term);
    return field(`${prefix}.${term.code}${suffix}`, fr, en, coded);
  });
}

const LOCATION_TARGETS: ImportTarget[] = [
  field('location', 'Position (« lat,lon » ou point Kobo)', 'Position ("lat,lon" or Kobo geopoint)'),
  field('location.latitude', 'Position : latitude', 'Position: latitude'),
  field('location.longitude', 'Position : longitude', 'Position: longitude'),
];

const COMMON_TAIL: ImportTarget[] = [
  field('sourceId', 'Identifiant dans la source', 'Source id'),
  field(IGNORE, 'Ignorer cette colonne', 'Ignore this column'),
];

const OBSERVATION_TARGETS: readonly ImportTarget[] = [
  field('kind', 'Type d’opération', 'Kind of operation', OBSERVATION_KINDS),
  field('startedAt', 'Début (date et heure)', 'Start (date and time)'),
  field('startedAt.date', 'Début : date', 'Start: date'),
  field('startedAt.time', 'Début : heure', 'Start: time'),
  field('endedAt', 'Fin (date et heure)', 'End (date and time)'),
  field('endedAt.time', 'Fin : heure', 'End: time'),
  field('site', 'Lieu de vie (nom ou alias)', 'Living site (name or alias)'),
  ...LOCATION_TARGETS,
  field('locationAccuracyM', 'Précision de la position (m)', 'Position accuracy (m)'),
  field('peopleEvicted', 'Personnes expulsées', 'People evicted'),
  field('minorsSeen', 'Mineurs vus', 'Minors seen'),
  field('arrests', 'Interpellations', 'Arrests'),
  yesNo('countsReliable', 'Comptages fiables', 'Counts reliable'),
  field('legalBasis', 'Base légale annoncée', 'Stated legal basis', LEGAL_BASES),
  field('legalBasisDetails', 'Précisions sur la base légale', 'Legal basis details'),
  yesNo('interpretersPresent', 'Interprètes présents', 'Interpreters present'),
  yesNo('bailiffPresent', 'Huissier présent', 'Bailiff present'),
  yesNo('contractorPresent', 'Entreprise présente', 'Contractor present'),
  field('contractorName', 'Nom de l’entreprise', 'Contractor name'),
  yesNo('shelterOffered', 'Mise à l’abri proposée', 'Shelter offered'),
  field('shelterBuses', 'Bus de mise à l’abri', 'Shelter buses'),
  field('peopleSheltered', 'Personnes mises à l’abri', 'People sheltered'),
  yesNo('observationObstructed', 'Observation entravée', 'Observation obstructed'),
  field('description', 'Description', 'Description'),
  field('forces', 'Forces présentes (liste d’unités)', 'Forces present (list of units)', FORCE_UNITS),
  ...perCode(
    FORCE_UNITS,
    'forces',
    '',
    (unit) => ({ fr: `Forces : ${unit.fr} (présence)`, en: `Forces: ${unit.en} (present)` }),
    'boolean',
  ),
  ...perCode(FORCE_UNITS, 'forces', '.vehicles', (unit) => ({
    fr: `Forces : ${unit.fr}, véhicules`,
    en: `Forces: ${unit.en}, vehicles`,
  })),
  ...perCode(FORCE_UNITS, 'forces', '.officers', (unit) => ({
    fr: `Forces : ${unit.fr}, agents`,
    en: `Forces: ${unit.en}, officers`,
  })),
  ...perCode(FORCE_UNITS, 'forces', '.identifiers', (unit) => ({
    fr: `Forces : ${unit.fr}, immatriculations`,
    en: `Forces: ${unit.en}, identifiers`,
  })),
  ...perCode(SEIZURE_ITEMS, 'seizures', '.quantity', (item) => ({
    fr: `Saisies : ${item.fr}, quantité`,
    en: `Seizures: ${item.en}, quantity`,
  })),
  ...perCode(
    SEIZURE_ITEMS,
    'seizures',
    '.destroyed',
    (item) => ({ fr: `Saisies : ${item.fr}, détruit sur place`, en: `Seizures: ${item.en}, destroyed` }),
    'boolean',
  ),
  ...COMMON_TAIL,
];

const INCIDENT_TARGETS: readonly ImportTarget[] = [
  field('type', 'Type d’incident', 'Incident type', INCIDENT_TYPES),
  field('occurredAt', 'Date et heure', 'Date and time'),
  field('occurredAt.date', 'Date', 'Date'),
  field('occurredAt.time', 'Heure', 'Time'),
  ...LOCATION_TARGETS,
  field('observationId', 'Observation liée (identifiant)', 'Linked observation (id)'),
  field('victimCount', 'Victimes (nombre)', 'Victims (number)'),
  field('minorCount', 'Dont mineur·es', 'Of whom minors'),
  yesNo('injured', 'Personnes blessées', 'People injured'),
  yesNo('medicalCare', 'Soins médicaux', 'Medical care'),
  field('perpetrators', 'Forces impliquées (liste d’unités)', 'Forces involved (list of units)', FORCE_UNITS),
  field('description', 'Description (interne)', 'Description (internal)'),
  field('publicSummary', 'Résumé publiable', 'Publishable summary'),
  field('testimony', 'Témoignage', 'Testimony'),
  yesNo('consent.publication', 'Consentement : publication', 'Consent: publication'),
  yesNo('consent.litigation', 'Consentement : contentieux', 'Consent: litigation'),
  yesNo('consent.research', 'Consentement : recherche', 'Consent: research'),
  ...COMMON_TAIL,
];

export function importTargets(kind: ImportKind): readonly ImportTarget[] {
  return kind === 'observations' ? OBSERVATION_TARGETS : INCIDENT_TARGETS;
}

export function findTarget(kind: ImportKind, id: string): ImportTarget | undefined {
  return importTargets(kind).find((target) => target.id === id);
}

/** Choices of a target select, labelled in the console's language. */
export function targetChoices(kind: ImportKind, lang: Lang): { id: string; name: string }[] {
  return importTargets(kind).map((target) => ({ id: target.id, name: target[lang] }));
}

/**
 * The value sent for "unknown" in a boolean value map is the empty string, which a select cannot
 * tell from "no choice" (automatic): the form holds this marker instead.
 */
export const UNKNOWN_VALUE = '__unknown__';

export interface ValueCode {
  /** What the form holds (`UNKNOWN_VALUE` for the empty code). */
  id: string;
  fr: string;
  en: string;
}

const BOOLEAN_CODES: readonly ValueCode[] = [
  { id: 'true', fr: 'Oui', en: 'Yes' },
  { id: 'false', fr: 'Non', en: 'No' },
  { id: UNKNOWN_VALUE, fr: 'Ne sait pas', en: 'Unknown' },
];

/** The codes a raw value of a coded target may be mapped to. */
export function valueCodes(target: ImportTarget): readonly ValueCode[] {
  if (!target.coded) return [];
  if (target.coded === 'boolean') return BOOLEAN_CODES;
  return target.coded.terms.map((term) => ({ id: term.code, fr: term.fr, en: term.en }));
}
