import { AREAS, OBSERVATION_KINDS, REVIEW_STATUSES } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';
import { LIVE_SITE_ID_SQL } from './observations.sql';

/** Filters and sort fields of `GET /api/observations` (and its `.geojson` variant). */
export const OBSERVATION_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'o.id', type: 'uuid', ops: ['eq'] },
    kind: { column: 'o.kind', type: 'enum', values: OBSERVATION_KINDS.codes, ops: ['eq'] },
    status: { column: 'o.status', type: 'enum', values: REVIEW_STATUSES.codes, ops: ['eq'] },
    area: { column: 'o.area', type: 'enum', values: AREAS.codes, ops: ['eq'] },
    communeCode: { column: 'o.commune_code', type: 'text', ops: ['eq'] },
    siteId: { column: 'o.site_id', type: 'uuid', ops: ['eq'] },
    startedAt: { column: 'o.started_at', type: 'timestamp', ops: ['eq', 'gte', 'lte'] },
    createdAt: { column: 'o.created_at', type: 'timestamp', ops: ['gte', 'lte'] },
    updatedAt: { column: 'o.updated_at', type: 'timestamp', ops: ['gte', 'lte'] },
    arrests: { column: 'o.arrests', type: 'integer', ops: ['eq', 'gte', 'lte'] },
    peopleEvicted: { column: 'o.people_evicted', type: 'integer', ops: ['gte', 'lte'] },
    shelterOffered: { column: 'o.shelter_offered', type: 'boolean', ops: ['eq'] },
    observationObstructed: { column: 'o.observation_obstructed', type: 'boolean', ops: ['eq'] },
    interpretersPresent: { column: 'o.interpreters_present', type: 'boolean', ops: ['eq'] },
  },
  sorts: {
    id: 'o.id',
    startedAt: 'o.started_at',
    endedAt: 'o.ended_at',
    kind: 'o.kind',
    status: 'o.status',
    area: 'o.area',
    communeCode: 'o.commune_code',
    arrests: 'o.arrests',
    peopleEvicted: 'o.people_evicted',
    createdAt: 'o.created_at',
    updatedAt: 'o.updated_at',
  },
  nullableSorts: ['endedAt', 'area', 'communeCode', 'peopleEvicted'],
  defaultSort: { field: 'startedAt', order: 'DESC' },
  idColumn: 'o.id',
  search: { kind: 'tsvector', column: 'o.search' },
  geometry: 'o.location',
  deletedAt: 'o.deleted_at',
};

/**
 * The same for the roles that may not read deleted records (communication): no trash; the service
 * keeps deleted observations out, and `deleted` is a 400 as on any list without one.
 */
export const LIVE_OBSERVATION_LIST_SPEC: ListSpec = {
  ...OBSERVATION_LIST_SPEC,
  filters: {
    ...OBSERVATION_LIST_SPEC.filters,
    // Only links to sites they may read (not deleted), as the records they get show them.
    siteId: {
      column: LIVE_SITE_ID_SQL,
      type: 'uuid',
      ops: ['eq'],
      condition: (placeholder) => `${LIVE_SITE_ID_SQL} = ${placeholder}::uuid`,
    },
  },
  deletedAt: undefined,
};
