import {
  DEADLINE_READ_ONLY_FIELDS,
  INCIDENT_READ_ONLY_FIELDS,
  LEGAL_CASE_READ_ONLY_FIELDS,
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
  /**
   * How a change is sent: `put` the whole record (the default), or `patch` only the fields that
   * changed, with the version (the sub-resources of a legal case have no PUT; a computed deadline
   * refuses any field it does not take, even unchanged).
   */
  readonly update?: 'put' | 'patch';
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

/** Fields of a sub-record of a legal case (event, deadline, evidence link) the API manages. */
const CASE_CHILD_TRACKED = [
  'caseId',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'deletedAt',
] as const;

/** The keys of a case's challenged act, each one input of the case form. */
export const CHALLENGED_ACT_KEYS = [
  'reference',
  'title',
  'authority',
  'signedOn',
  'publishedOn',
  'validFrom',
  'validTo',
  'perimeter',
  'documentId',
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
  'legal-cases': {
    writable: true,
    clientIds: true,
    readOnly: LEGAL_CASE_READ_ONLY_FIELDS,
    form: {
      fields: [
        'reference',
        'title',
        'procedure',
        'forum',
        'courtReference',
        'status',
        'outcome',
        'claimants',
        'respondents',
        'lawyer',
        'summary',
        'publicSummary',
        'confidentialNotes',
        'parentCaseId',
        'challengedAct',
      ],
      rows: {},
      lists: [],
      geometries: ['challengedAct.perimeter'],
      objects: { challengedAct: CHALLENGED_ACT_KEYS },
    },
  },
  /** A case's chronology: `/api/legal-cases/:caseId/events`. */
  'legal-cases/:caseId/events': {
    writable: true,
    clientIds: true,
    readOnly: CASE_CHILD_TRACKED,
    update: 'patch',
    form: {
      fields: ['kind', 'date', 'time', 'title', 'details', 'outcome', 'notifiedOn', 'room', 'judge'],
      rows: {},
      lists: [],
      geometries: [],
    },
  },
  'legal-cases/:caseId/deadlines': {
    writable: true,
    clientIds: true,
    readOnly: DEADLINE_READ_ONLY_FIELDS,
    update: 'patch',
    form: {
      fields: ['title', 'dueAt', 'rule', 'startsOn', 'notes', 'status'],
      rows: {},
      lists: [],
      geometries: [],
    },
  },
  'legal-cases/:caseId/evidence': {
    writable: true,
    clientIds: true,
    readOnly: [...CASE_CHILD_TRACKED, 'kind', 'summary', 'unusable'],
    update: 'patch',
    form: {
      fields: ['observationId', 'incidentId', 'attachmentId', 'note'],
      rows: {},
      lists: [],
      geometries: [],
    },
  },
  /** Observations inside the challenged act's perimeter while it was in force. */
  'legal-cases/:caseId/evidence/in-perimeter': {
    writable: false,
    clientIds: false,
    readOnly: [],
    form: NO_FORM,
  },
  /**
   * Publications: created (a job queued by the API, which names the id), never changed. The form
   * keeps `from` and `to` as inputs whatever the kind, so the API's errors on them show there.
   */
  reports: {
    writable: true,
    clientIds: false,
    readOnly: [],
    form: { fields: ['kind', 'from', 'to', 'area', 'lang'], rows: {}, lists: [], geometries: [] },
  },
  /** Every case's deadlines (« Échéances »); a deadline is changed through its case. */
  deadlines: { writable: false, clientIds: false, readOnly: [], form: NO_FORM },
} as const satisfies Record<string, ResourceSpec>;

export type ResourceName = keyof typeof RESOURCES;

const UNKNOWN_RESOURCE: ResourceSpec = { writable: true, clientIds: false, readOnly: [], form: NO_FORM };

/** Forms outside the resources: the second factor code, a new password. */
/** The second-factor forms: a code, and the current password when it is one's own change. */
export const CODE_FORM: FormShape = {
  fields: ['code', 'currentPassword'],
  rows: {},
  lists: [],
  geometries: [],
};
/** A new password; `currentPassword` and `totp` when administrators change their own. */
export const PASSWORD_FORM: FormShape = {
  fields: ['password', 'currentPassword', 'totp'],
  rows: {},
  lists: [],
  geometries: [],
};
/** `POST /api/auth/tokens`: a personal access token, with the proofs making one asks for. */
export const ACCESS_TOKEN_FORM: FormShape = {
  fields: ['name', 'scopes', 'expiresAt', 'currentPassword', 'totp'],
  rows: {},
  lists: [],
  geometries: [],
};
/** The comment of `POST /api/<observations|incidents>/:id/return`. */
export const REVIEW_FORM: FormShape = { fields: ['comment'], rows: {}, lists: [], geometries: [] };

/**
 * The key of RESOURCES a resource name falls under: a case's sub-resources are named with the
 * case's id (`legal-cases/<id>/events`, the path of their API), and share one spec.
 */
export function resourceKey(resource: string): string {
  return resource.replace(/^legal-cases\/[^/]+\//, 'legal-cases/:caseId/');
}

export function resourceSpec(resource: string): ResourceSpec {
  const key = resourceKey(resource);
  return Object.hasOwn(RESOURCES, key) ? RESOURCES[key as ResourceName] : UNKNOWN_RESOURCE;
}

/** The resource name of a case's sub-resource, as the data provider and the API name it. */
export function caseResource(caseId: string, child: 'events' | 'deadlines' | 'evidence'): string {
  return `legal-cases/${caseId}/${child}`;
}
