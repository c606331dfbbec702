import { OBSERVATION_READ_ONLY_FIELDS, SITE_READ_ONLY_FIELDS } from '@vigie/domain';

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
}

export interface ResourceSpec {
  /** False for reference data the console may only read. */
  readonly writable: boolean;
  /** Fields the server computes: never sent back (the API rejects them with a 400). */
  readonly readOnly: readonly string[];
  readonly form: FormShape;
}

const NO_FORM: FormShape = { fields: [], rows: {}, lists: [], geometries: [] };

export const RESOURCES = {
  observations: {
    writable: true,
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
  sites: {
    writable: true,
    readOnly: SITE_READ_ONLY_FIELDS,
    form: {
      fields: ['name', 'aliases', 'kind', 'location', 'status', 'notes'],
      rows: {},
      lists: ['aliases'],
      geometries: ['location'],
    },
  },
  communes: { writable: false, readOnly: [], form: NO_FORM },
} as const satisfies Record<string, ResourceSpec>;

export type ResourceName = keyof typeof RESOURCES;

const UNKNOWN_RESOURCE: ResourceSpec = { writable: true, readOnly: [], form: NO_FORM };

export function resourceSpec(resource: string): ResourceSpec {
  return Object.hasOwn(RESOURCES, resource) ? RESOURCES[resource as ResourceName] : UNKNOWN_RESOURCE;
}
