import { AREAS, SITE_KINDS, SITE_STATUSES } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';

export const SITE_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 's.id', type: 'uuid', ops: ['eq'] },
    kind: { column: 's.kind', type: 'enum', values: SITE_KINDS.codes, ops: ['eq'] },
    status: { column: 's.status', type: 'enum', values: SITE_STATUSES.codes, ops: ['eq'] },
    area: { column: 's.area', type: 'enum', values: AREAS.codes, ops: ['eq'] },
    communeCode: { column: 's.commune_code', type: 'text', ops: ['eq'] },
    updatedAt: { column: 's.updated_at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: {
    id: 's.id',
    name: 's.name',
    kind: 's.kind',
    status: 's.status',
    area: 's.area',
    communeCode: 's.commune_code',
    createdAt: 's.created_at',
    updatedAt: 's.updated_at',
  },
  nullableSorts: ['area', 'communeCode'],
  defaultSort: { field: 'name', order: 'ASC' },
  idColumn: 's.id',
  search: { kind: 'tsvector', column: 's.search' },
  geometry: 's.location',
  deletedAt: 's.deleted_at',
};

/**
 * The same for the roles that may not read deleted sites (communication): no trash; the service
 * keeps deleted sites out, and `deleted` is a 400 as on any list without one.
 */
export const LIVE_SITE_LIST_SPEC: ListSpec = { ...SITE_LIST_SPEC, deletedAt: undefined };
