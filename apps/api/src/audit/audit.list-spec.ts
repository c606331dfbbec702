import type { ListSpec } from '../common/list-query/list-spec';

/**
 * Filters and sort fields of `GET /api/audit-events`. `action` and `entity` are free text rather
 * than enumerations: new resources bring new codes, and an old code must stay searchable.
 */
export const AUDIT_EVENT_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'e.id', type: 'integer', ops: ['eq'] },
    actorId: { column: 'e.actor_id', type: 'uuid', ops: ['eq'] },
    action: { column: 'e.action', type: 'text', ops: ['eq'] },
    entity: { column: 'e.entity', type: 'text', ops: ['eq'] },
    entityId: { column: 'e.entity_id', type: 'text', ops: ['eq'] },
    at: { column: 'e.at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: { id: 'e.id', at: 'e.at' },
  defaultSort: { field: 'id', order: 'DESC' },
  idColumn: 'e.id',
};

/** `GET /api/<resource>/:id/history`: paging only, newest first. */
export const HISTORY_LIST_SPEC: ListSpec = {
  filters: {},
  sorts: { id: 'e.id', at: 'e.at' },
  defaultSort: { field: 'id', order: 'DESC' },
  idColumn: 'e.id',
};
