import { AREAS, INCIDENT_TYPES, REVIEW_STATUSES } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';
import { AGAINST_OBSERVERS_SQL, PUBLIC_OBSERVATION_ID_SQL } from './incidents.sql';

/**
 * Filters and sort fields of `GET /api/incidents` (and its `.geojson` variant). The full-text
 * index covers the description and the public summary, never the restricted testimony.
 */
export const INCIDENT_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'i.id', type: 'uuid', ops: ['eq'] },
    type: { column: 'i.type', type: 'enum', values: INCIDENT_TYPES.codes, ops: ['eq'] },
    againstObservers: { column: AGAINST_OBSERVERS_SQL, type: 'boolean', ops: ['eq'] },
    status: { column: 'i.status', type: 'enum', values: REVIEW_STATUSES.codes, ops: ['eq'] },
    area: { column: 'i.area', type: 'enum', values: AREAS.codes, ops: ['eq'] },
    communeCode: { column: 'i.commune_code', type: 'text', ops: ['eq'] },
    observationId: { column: 'i.observation_id', type: 'uuid', ops: ['eq'] },
    occurredAt: { column: 'i.occurred_at', type: 'timestamp', ops: ['eq', 'gte', 'lte'] },
    createdAt: { column: 'i.created_at', type: 'timestamp', ops: ['gte', 'lte'] },
    updatedAt: { column: 'i.updated_at', type: 'timestamp', ops: ['gte', 'lte'] },
    victimCount: { column: 'i.victim_count', type: 'integer', ops: ['gte', 'lte'] },
    injured: { column: 'i.injured', type: 'boolean', ops: ['eq'] },
  },
  sorts: {
    id: 'i.id',
    occurredAt: 'i.occurred_at',
    type: 'i.type',
    status: 'i.status',
    area: 'i.area',
    communeCode: 'i.commune_code',
    victimCount: 'i.victim_count',
    createdAt: 'i.created_at',
    updatedAt: 'i.updated_at',
  },
  nullableSorts: ['area', 'communeCode', 'victimCount'],
  defaultSort: { field: 'occurredAt', order: 'DESC' },
  idColumn: 'i.id',
  search: { kind: 'tsvector', column: 'i.search' },
  geometry: 'i.location',
  deletedAt: 'i.deleted_at',
};

/**
 * The same for communication (the `public` view): the search covers only the public summaries it
 * may read (those with publication consent, `public_search`), never the description or the
 * testimony, so that `X-Total-Count` tells nothing of hidden text; `observationId` matches only
 * links to observations it may read; no trash (the service keeps deleted records out, `deleted` is
 * a 400 as on any list without one).
 */
export const PUBLIC_INCIDENT_LIST_SPEC: ListSpec = {
  ...INCIDENT_LIST_SPEC,
  filters: {
    ...INCIDENT_LIST_SPEC.filters,
    observationId: {
      column: PUBLIC_OBSERVATION_ID_SQL,
      type: 'uuid',
      ops: ['eq'],
      condition: (placeholder) => `${PUBLIC_OBSERVATION_ID_SQL} = ${placeholder}::uuid`,
    },
  },
  search: { kind: 'tsvector', column: 'i.public_search' },
  deletedAt: undefined,
};
