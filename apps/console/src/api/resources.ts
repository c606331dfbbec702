import {
  INCIDENT_READ_ONLY_FIELDS,
  OBSERVATION_READ_ONLY_FIELDS,
  SITE_READ_ONLY_FIELDS,
} from '@vigie/domain';

/**
 * The inputs a resource's form registers. A server error is only shown under a field the form
 * registered: react-hook-form keeps an error on an unregistered path forever, which would block
 * every later submission, so other paths are folded into the notification instead.
 */
export interface FormShape {
  /** Top-level inputs. */
  readonly fields: readonly string[];
  /** Array inputs whose rows are objects, with the inputs of one row. */
  readonly rows: Readonly<Record<string, readonly string[]>>;
  /** Array inputs whose rows are plain values (one input per row). */
  readonly lists: readonly string[];
  /** Geometry inputs: an error anywhere inside the geometry is shown under the whole input. */
  readonly geometries: readonly string[];
  /** Object inputs with one input per key (`consent.publication`). */
  readonly objects?: Readonly<Record<string, readonly string[]>>;
}

export interface ResourceSpec {
  /** False for reference data the console may only read. */
  readonly writable: boolean;
  /**
   * The console chooses the id of a new record (idempotent retries). False where the API assigns
   * it and accepts no `id` in the body (accounts).
   */
  readonly clientIds: boolean;
  /** Fields the server computes: never sent back (the API rejects them with a 400). */
  readonly readOnly: readonly string[];
  readonly form: FormShape;
}

const NO_FORM: FormShape = { fields: [], rows: {}, lists: [], geometries: [] };

/**
 * Fields of an account the API computes or manages through its own endpoints. The id is in the
 * URL: the account's PUT body has no `id` field (and refuses unknown ones).
 */
export const USER_READ_ONLY_FIELDS = [
  'id',
  'totpEnabled',
  'lastLoginAt',
  'lockedUntil',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
] as const;

export const RESOURCES = {
  observations: {
    writable: true,
    clientIds: true,
    readOnly: OBSERVATION_READ_ONLY_FIELDS,
    form: {
      fields: [
        'kind',
        'startedAt',
        'endedAt',
        'location',
        'locationAccuracyM',
        'siteId',
        'forces',
        'seizures',
        'peopleEvicted',
        'minorsSeen',
        'arrests',
        'countsReliable',
        'legalBasis',
        'legalBasisDetails',
        'interpretersPresent',
        'bailiffPresent',
        'contractorPresent',
        'contractorName',
        'shelterOffered',
        'shelterBuses',
        'peopleSheltered',
        'observationObstructed',
        'description',
      ],
      rows: {
        forces: ['unit', 'vehicles', 'officers', 'identifiers'],
        seizures: ['item', 'quantity', 'destroyed'],
      },
      lists: [],
      geometries: ['location'],
    },
  },
  incidents: {
    writable: true,
    clientIds: true,
    readOnly: INCIDENT_READ_ONLY_FIELDS,
    form: {
      fields: [
        'type',
        'occurredAt',
        'location',
        'observationId',
        'victimCount',
        'minorCount',
        'injured',
        'medicalCare',
        'perpetrators',
        'description',
        'publicSummary',
        'testimony',
        'consent',
      ],
      rows: {},
      lists: ['perpetrators'],
      geometries: ['location'],
      objects: { consent: ['publication', 'litigation', 'research'] },
    },
  },
  sites: {
    writable: true,
    clientIds: true,
    readOnly: SITE_READ_ONLY_FIELDS,
    form: {
      fields: ['name', 'aliases', 'kind', 'location', 'status', 'notes'],
      rows: {},
      lists: ['aliases'],
      geometries: ['location'],
    },
  },
  communes: { writable: false, clientIds: false, readOnly: [], form: NO_FORM },
  users: {
    writable: true,
    clientIds: false,
    readOnly: USER_READ_ONLY_FIELDS,
    form: {
      fields: ['email', 'name', 'role', 'password', 'active'],
      rows: {},
      lists: [],
      geometries: [],
    },
  },
  /** Append-only: the API refuses any change, and so does the console. */
  'audit-events': { writable: false, clientIds: false, readOnly: [], form: NO_FORM },
} as const satisfies Record<string, ResourceSpec>;

export type ResourceName = keyof typeof RESOURCES;

const UNKNOWN_RESOURCE: ResourceSpec = { writable: true, clientIds: false, readOnly: [], form: NO_FORM };

/** Forms outside the resources: the second factor code, a new password. */
export const CODE_FORM: FormShape = { fields: ['code'], rows: {}, lists: [], geometries: [] };
export const PASSWORD_FORM: FormShape = { fields: ['password'], rows: {}, lists: [], geometries: [] };
/** The comment of `POST /api/<observations|incidents>/:id/return`. */
export const REVIEW_FORM: FormShape = { fields: ['comment'], rows: {}, lists: [], geometries: [] };

export function resourceSpec(resource: string): ResourceSpec {
  return Object.hasOwn(RESOURCES, resource) ? RESOURCES[resource as ResourceName] : UNKNOWN_RESOURCE;
}
