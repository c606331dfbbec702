import {
  AREAS,
  FORCE_UNITS,
  INCIDENT_TYPES,
  LEGAL_BASES,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  SEIZURE_ITEMS,
  TIME_ZONE,
  type Vocabulary,
} from '@vigie/domain';
import { quoteLiteral } from '../common/sql-literals';
import { AGAINST_OBSERVERS_SQL, PUBLIC_OBSERVATION_ID_SQL } from '../incidents/incidents.sql';
import { LIVE_SITE_ID_SQL } from '../observations/observations.sql';

/*
 * The columns of the exported tables, written once: the SQL of each value at each level, and what
 * the data package's Table Schema, the XLSX definitions sheet and the GeoJSON properties say of it.
 * A column without SQL for a level is left out of that level. Values leave PostgreSQL as text in
 * the form the Table Schema type names (ISO dates, `true`/`false`), so the CSV written by COPY and
 * the rows a cursor reads are the same, but for the text of CSV cells, neutralised against formulas
 * (`holdsText`, exports.sql.ts).
 *
 * Aliases the SQL refers to: `o` observations or `i` incidents, `c` the commune, `s` the site, `sz`
 * and `fc` (observations) the seizures and forces of the record, one row each; at research level `g`
 * the graded row (exports.sql.ts): `g.exact` (its commune-day cell is large enough), `g.day` and
 * `g.centre` (the centre of its grid cell).
 */

export type ExportFieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'yearmonth';

export type ExportLevel = 'internal' | 'research';

/** Who reads an internal export: every field (`full`), or communication's view (DESIGN §4). */
export type ExportView = 'full' | 'public';

export interface ExportColumn {
  name: string;
  type: ExportFieldType;
  /** French title, then English. */
  title: { fr: string; en: string };
  description: string;
  unit?: string;
  vocabulary?: Vocabulary<string>;
  uuid?: boolean;
  required?: boolean;
  minimum?: number;
  internal?: string | ((view: ExportView) => string);
  research?: string;
}

export type ExportResource = 'observations' | 'incidents';

const paris = quoteLiteral(TIME_ZONE);
const isoDateTime = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM')`;
const localDate = (column: string) => `to_char(${column} AT TIME ZONE ${paris}, 'YYYY-MM-DD')`;
const localMonth = (column: string) => `to_char(${column} AT TIME ZONE ${paris}, 'YYYY-MM')`;
/** Known only in its exact cell at research level; null for a generalised row. */
const exactOnly = (sql: string) => `CASE WHEN g.exact THEN ${sql} END`;

/** The French label of a code, from the shared vocabulary (trusted constants, quoted). */
function labelSql(vocabulary: Vocabulary<string>, column: string): string {
  const cases = vocabulary.terms.map(
    (term) => `WHEN ${quoteLiteral(term.code)} THEN ${quoteLiteral(term.fr)}`,
  );
  return `CASE ${column} ${cases.join(' ')} END`;
}

/** A code column and its French label column, the same at both levels. */
function coded(
  name: string,
  column: string,
  vocabulary: Vocabulary<string>,
  title: { fr: string; en: string },
  description: string,
  levels: { internal: boolean; research: boolean } = { internal: true, research: true },
  required = false,
): ExportColumn[] {
  const label = labelSql(vocabulary, column);
  return [
    {
      name,
      type: 'string',
      title,
      description: `${description} Code; the labels are in the schema.`,
      vocabulary,
      required,
      internal: levels.internal ? column : undefined,
      research: levels.research ? column : undefined,
    },
    {
      name: `${name}_label`,
      type: 'string',
      title: { fr: `${title.fr} (libellé)`, en: `${title.en} (French label)` },
      description: `French label of \`${name}\`.`,
      internal: levels.internal ? label : undefined,
      research: levels.research ? label : undefined,
    },
  ];
}

const both = (sql: string) => ({ internal: sql, research: sql });

function count(
  name: string,
  column: string,
  title: { fr: string; en: string },
  description: string,
): ExportColumn {
  return { name, type: 'integer', title, description, minimum: 0, unit: 'people', ...both(column) };
}

function flag(
  name: string,
  column: string,
  title: { fr: string; en: string },
  description: string,
): ExportColumn {
  return { name, type: 'boolean', title, description, ...both(`${column}::text`) };
}

function position(alias: 'o' | 'i'): ExportColumn[] {
  const axis = (fn: 'ST_X' | 'ST_Y', name: 'longitude' | 'latitude', fr: string): ExportColumn => ({
    name,
    type: 'number',
    title: { fr, en: name === 'longitude' ? 'Longitude' : 'Latitude' },
    description:
      `WGS84 ${name} in decimal degrees. Internal: the recorded position. Research: the centre of ` +
      'its cell in the Lambert-93 grid (side in the package metadata), empty for a generalised row.',
    unit: 'degrees',
    internal: `round(${fn}(${alias}.location)::numeric, 7)`,
    research: exactOnly(`round(${fn}(g.centre)::numeric, 6)`),
  });
  return [axis('ST_X', 'longitude', 'Longitude'), axis('ST_Y', 'latitude', 'Latitude')];
}

function place(alias: 'o' | 'i'): ExportColumn[] {
  return [
    {
      name: 'commune_code',
      type: 'string',
      title: { fr: 'Code INSEE de la commune', en: 'Commune (INSEE code)' },
      description:
        'INSEE code of the commune the position lies in; empty outside every commune, and for a generalised row.',
      internal: `${alias}.commune_code`,
      research: exactOnly(`${alias}.commune_code`),
    },
    {
      name: 'commune_name',
      type: 'string',
      title: { fr: 'Commune', en: 'Commune' },
      description: 'Name of the commune.',
      internal: 'c.name',
      research: exactOnly('c.name'),
    },
    ...coded(
      'area',
      `${alias}.area`,
      AREAS,
      { fr: 'Territoire', en: 'Area' },
      'Area of the commune (calaisis: CA Grand Calais Terres et Mers; dunkerquois: CU de Dunkerque; littoral: other coastal EPCIs); empty outside every commune.',
    ),
  ];
}

function dates(column: string, instant: { fr: string; en: string }): ExportColumn[] {
  return [
    {
      name: 'date',
      type: 'date',
      title: { fr: 'Date (heure de Paris)', en: 'Date (Paris time)' },
      description: 'Paris local date. Empty at research level for a generalised row (see `month`).',
      internal: localDate(column),
      research: exactOnly(`to_char(g.day, 'YYYY-MM-DD')`),
    },
    {
      name: 'month',
      type: 'yearmonth',
      title: { fr: 'Mois (heure de Paris)', en: 'Month (Paris time)' },
      description: 'Paris local month.',
      internal: localMonth(column),
      research: `to_char(g.day, 'YYYY-MM')`,
    },
    {
      name: `${instant.en}_at`,
      type: 'datetime',
      title: { fr: instant.fr, en: `${instant.en} at` },
      description: 'Instant with its offset from UTC (Europe/Paris). Internal level only.',
      internal: isoDateTime(column),
    },
  ];
}

const GENERALISED: ExportColumn = {
  name: 'generalised',
  type: 'boolean',
  title: { fr: 'Généralisé', en: 'Generalised' },
  description:
    'true when the commune-day cell of the record held fewer records than the minimum count: the ' +
    'row then gives its area and month only (no date, commune or position).',
  research: `(NOT g.exact)::text`,
};

const AUTHORSHIP: ExportColumn[] = [
  {
    name: 'created_at',
    type: 'datetime',
    title: { fr: 'Saisi le', en: 'Created at' },
    description: 'When the record was entered.',
    internal: isoDateTime('x.created_at'),
  },
  {
    name: 'updated_at',
    type: 'datetime',
    title: { fr: 'Modifié le', en: 'Updated at' },
    description: 'When the record last changed.',
    internal: isoDateTime('x.updated_at'),
  },
  {
    name: 'created_by',
    type: 'string',
    uuid: true,
    title: { fr: 'Saisi par (id)', en: 'Created by (user id)' },
    description: 'Id of the user who entered the record. Internal level only.',
    internal: 'x.created_by',
  },
  {
    name: 'updated_by',
    type: 'string',
    uuid: true,
    title: { fr: 'Modifié par (id)', en: 'Updated by (user id)' },
    description: 'Id of the user who last changed the record. Internal level only.',
    internal: 'x.updated_by',
  },
];

/** `x` in the shared columns is the record's own alias. */
function ofAlias(columns: ExportColumn[], alias: 'o' | 'i'): ExportColumn[] {
  const swap = (sql: string) => sql.replace(/\bx\./g, `${alias}.`);
  return columns.map((column) => ({
    ...column,
    internal:
      typeof column.internal === 'function'
        ? (
            (inner) => (view: ExportView) =>
              swap(inner(view))
          )(column.internal)
        : column.internal && swap(column.internal),
    research: column.research && swap(column.research),
  }));
}

function status(alias: 'o' | 'i'): ExportColumn[] {
  return coded(
    'status',
    `${alias}.status`,
    REVIEW_STATUSES,
    { fr: 'Statut de relecture', en: 'Review status' },
    'Review status; research level exports validated records only.',
    { internal: true, research: false },
    true,
  );
}

const seizureColumns: ExportColumn[] = SEIZURE_ITEMS.terms.flatMap((term): ExportColumn[] => [
  {
    name: `seizure_${term.code}`,
    type: 'integer',
    title: { fr: `Saisies : ${term.fr}`, en: `Seized: ${term.en}` },
    description: `Quantity of "${term.en}" seized or destroyed (0 when none was recorded).`,
    unit: 'items',
    minimum: 0,
    ...both(`coalesce(sz.${term.code}_q, 0)`),
  },
  {
    name: `seizure_${term.code}_destroyed`,
    type: 'integer',
    title: { fr: `Détruits : ${term.fr}`, en: `Destroyed: ${term.en}` },
    description: `Of that quantity, how many were destroyed on site.`,
    unit: 'items',
    minimum: 0,
    ...both(`coalesce(sz.${term.code}_d, 0)`),
  },
]);

const forceColumns: ExportColumn[] = FORCE_UNITS.terms.flatMap((term): ExportColumn[] => [
  {
    name: `force_${term.code}`,
    type: 'boolean',
    title: { fr: `Présence : ${term.fr}`, en: `Present: ${term.en}` },
    description: `Whether "${term.en}" took part.`,
    required: true,
    ...both(`(coalesce(fc.${term.code}_n, 0) > 0)::text`),
  },
  {
    name: `force_${term.code}_vehicles`,
    type: 'integer',
    title: { fr: `Véhicules : ${term.fr}`, en: `Vehicles: ${term.en}` },
    description: 'Vehicles counted; empty when not counted.',
    unit: 'vehicles',
    minimum: 0,
    ...both(`fc.${term.code}_v`),
  },
  {
    name: `force_${term.code}_officers`,
    type: 'integer',
    title: { fr: `Agents : ${term.fr}`, en: `Officers: ${term.en}` },
    description: 'Officers counted; empty when not counted.',
    unit: 'people',
    minimum: 0,
    ...both(`fc.${term.code}_o`),
  },
]);

const ID: ExportColumn = {
  name: 'id',
  type: 'string',
  uuid: true,
  required: true,
  title: { fr: 'Identifiant', en: 'Id' },
  description: 'Id of the record (random, stable across exports).',
};

export const OBSERVATION_COLUMNS: readonly ExportColumn[] = [
  { ...ID, ...both('o.id') },
  ...coded(
    'kind',
    'o.kind',
    OBSERVATION_KINDS,
    { fr: 'Type d’opération', en: 'Kind of operation' },
    'What was observed.',
    undefined,
    true,
  ),
  ...dates('o.started_at', { fr: 'Début', en: 'started' }),
  {
    name: 'ended_at',
    type: 'datetime',
    title: { fr: 'Fin', en: 'Ended at' },
    description: 'End of the operation, with its offset. Internal level only.',
    internal: isoDateTime('o.ended_at'),
  },
  ...position('o'),
  {
    name: 'location_accuracy_m',
    type: 'number',
    title: { fr: 'Précision de la position', en: 'Position accuracy' },
    description: 'Accuracy of the recorded position. Internal level only.',
    unit: 'metres',
    minimum: 0,
    internal: 'o.location_accuracy_m',
  },
  {
    name: 'site_id',
    type: 'string',
    uuid: true,
    title: { fr: 'Lieu de vie (id)', en: 'Living site (id)' },
    description: 'Id of the living site. Internal level only.',
    internal: (view) => (view === 'full' ? 'o.site_id' : LIVE_SITE_ID_SQL),
  },
  {
    name: 'site_name',
    type: 'string',
    title: { fr: 'Lieu de vie', en: 'Living site' },
    description: 'Name of the living site. Internal level only.',
    internal: (view) => (view === 'full' ? 's.name' : 'CASE WHEN s.deleted_at IS NULL THEN s.name END'),
  },
  ...place('o'),
  count(
    'people_evicted',
    'o.people_evicted',
    { fr: 'Personnes expulsées', en: 'People evicted' },
    'Estimate; empty when unknown.',
  ),
  count('minors_seen', 'o.minors_seen', { fr: 'Mineurs vus', en: 'Minors seen' }, 'Empty when unknown.'),
  count('arrests', 'o.arrests', { fr: 'Interpellations', en: 'Arrests' }, 'Arrests seen.'),
  ...coded(
    'legal_basis',
    'o.legal_basis',
    LEGAL_BASES,
    { fr: 'Fondement juridique', en: 'Legal basis' },
    'Legal basis as stated on site.',
  ),
  {
    name: 'legal_basis_details',
    type: 'string',
    title: { fr: 'Fondement : précisions', en: 'Legal basis: details' },
    description: 'Free text. Internal level only.',
    internal: 'o.legal_basis_details',
  },
  flag(
    'interpreters_present',
    'o.interpreters_present',
    { fr: 'Interprètes présents', en: 'Interpreters present' },
    'Empty when not known.',
  ),
  flag(
    'bailiff_present',
    'o.bailiff_present',
    { fr: 'Huissier présent', en: 'Bailiff present' },
    'Empty when not known.',
  ),
  flag(
    'contractor_present',
    'o.contractor_present',
    { fr: 'Entreprise présente', en: 'Contractor present' },
    'Empty when not known.',
  ),
  {
    name: 'contractor_name',
    type: 'string',
    title: { fr: 'Entreprise', en: 'Contractor' },
    description: 'Free text. Internal level only.',
    internal: 'o.contractor_name',
  },
  flag(
    'shelter_offered',
    'o.shelter_offered',
    { fr: 'Mise à l’abri proposée', en: 'Shelter offered' },
    'Empty when not known.',
  ),
  {
    name: 'shelter_buses',
    type: 'integer',
    title: { fr: 'Bus de mise à l’abri', en: 'Shelter buses' },
    description: 'Empty when not counted.',
    unit: 'vehicles',
    minimum: 0,
    ...both('o.shelter_buses'),
  },
  count(
    'people_sheltered',
    'o.people_sheltered',
    { fr: 'Personnes mises à l’abri', en: 'People sheltered' },
    'Empty when not counted.',
  ),
  flag(
    'observation_obstructed',
    'o.observation_obstructed',
    { fr: 'Observation entravée', en: 'Observation obstructed' },
    'Observers kept away; empty when not known.',
  ),
  {
    ...flag(
      'counts_reliable',
      'o.counts_reliable',
      { fr: 'Comptages fiables', en: 'Counts reliable' },
      'false when observers could not count.',
    ),
    required: true,
  },
  ...seizureColumns,
  ...forceColumns,
  {
    name: 'force_identifiers',
    type: 'string',
    title: { fr: 'Identifiants des unités', en: 'Unit identifiers' },
    description: 'Free text per unit (`unit: text; …`). Internal level only.',
    internal: 'fc.identifiers',
  },
  {
    name: 'description',
    type: 'string',
    title: { fr: 'Récit', en: 'Description' },
    description: 'Internal narrative (free text). Internal level only.',
    internal: 'o.description',
  },
  ...status('o'),
  ...ofAlias(AUTHORSHIP, 'o'),
  GENERALISED,
];

export const INCIDENT_COLUMNS: readonly ExportColumn[] = [
  { ...ID, ...both('i.id') },
  ...coded(
    'type',
    'i.type',
    INCIDENT_TYPES,
    { fr: 'Type d’incident', en: 'Type of incident' },
    'What happened.',
    undefined,
    true,
  ),
  {
    name: 'against_observers',
    type: 'boolean',
    title: { fr: 'Contre les observateurs', en: 'Against observers' },
    description: 'Whether the type is one of those against observers.',
    required: true,
    ...both(`${AGAINST_OBSERVERS_SQL}::text`),
  },
  ...dates('i.occurred_at', { fr: 'Survenu le', en: 'occurred' }),
  ...position('i'),
  {
    name: 'observation_id',
    type: 'string',
    uuid: true,
    title: { fr: 'Observation liée (id)', en: 'Linked observation (id)' },
    description:
      'Id of the eviction the incident happened during. Research level: only when that observation is itself in research data (validated, outside the embargo).',
    internal: (view) => (view === 'full' ? 'i.observation_id' : PUBLIC_OBSERVATION_ID_SQL),
    research: `(SELECT lo.id FROM observations lo WHERE lo.id = i.observation_id AND lo.status = 'validated'
                  AND lo.deleted_at IS NULL AND lo.started_at < {embargoStart})`,
  },
  ...place('i'),
  count(
    'victim_count',
    'i.victim_count',
    { fr: 'Victimes', en: 'Victims' },
    'Anonymous count; empty when unknown.',
  ),
  count(
    'minor_count',
    'i.minor_count',
    { fr: 'Dont mineurs', en: 'Of whom minors' },
    'Anonymous count; empty when unknown.',
  ),
  flag('injured', 'i.injured', { fr: 'Blessés', en: 'Injured' }, 'Empty when not known.'),
  flag(
    'medical_care',
    'i.medical_care',
    { fr: 'Soins médicaux', en: 'Medical care' },
    'Empty when not known.',
  ),
  ...FORCE_UNITS.terms.map((term): ExportColumn => ({
    name: `perpetrator_${term.code}`,
    type: 'boolean',
    title: { fr: `Auteurs : ${term.fr}`, en: `Perpetrators: ${term.en}` },
    description: `Whether "${term.en}" was among the perpetrators.`,
    required: true,
    ...both(`(${quoteLiteral(term.code)} = ANY(i.perpetrators))::text`),
  })),
  {
    name: 'description',
    type: 'string',
    title: { fr: 'Récit', en: 'Description' },
    description: 'Internal narrative (free text); not given to the communication role. Internal level only.',
    internal: (view) => (view === 'full' ? 'i.description' : 'NULL::text'),
  },
  {
    name: 'public_summary',
    type: 'string',
    title: { fr: 'Résumé publiable', en: 'Public summary' },
    description:
      'Text that may be published; to the communication role only with publication consent. Internal level only.',
    internal: (view) =>
      view === 'full' ? 'i.public_summary' : 'CASE WHEN i.consent_publication THEN i.public_summary END',
  },
  ...(['publication', 'litigation', 'research'] as const).map((scope): ExportColumn => ({
    name: `consent_${scope}`,
    type: 'boolean',
    title: { fr: `Consentement : ${scope}`, en: `Consent: ${scope}` },
    description: `Whether the people concerned agreed to ${scope} use. Internal level only (research data holds consented incidents only).`,
    required: true,
    internal: `i.consent_${scope}::text`,
  })),
  ...status('i'),
  ...ofAlias(AUTHORSHIP, 'i'),
  GENERALISED,
];

export const EXPORT_COLUMNS: Record<ExportResource, readonly ExportColumn[]> = {
  observations: OBSERVATION_COLUMNS,
  incidents: INCIDENT_COLUMNS,
};

/**
 * Whether a column's cells are text that was typed or named (free text, names, labels): what a
 * spreadsheet could read as a formula (common/spreadsheet-cells.ts). Codes and uuids have known
 * shapes; numbers, dates and booleans are typed. A new text column is covered without a word.
 */
export function holdsText(column: ExportColumn): boolean {
  return column.type === 'string' && !column.vocabulary && !column.uuid;
}

/** The columns of a level, in order, each with its SQL. */
export function columnsOf(
  resource: ExportResource,
  level: ExportLevel,
  view: ExportView,
): { column: ExportColumn; sql: string }[] {
  return EXPORT_COLUMNS[resource].flatMap((column) => {
    const sql = level === 'research' ? column.research : column.internal;
    if (sql === undefined) return [];
    return [{ column, sql: typeof sql === 'function' ? sql(view) : sql }];
  });
}
