import type { ListSpec } from '../common/list-query/list-spec';

/** Filters and sort fields of `GET /api/attachments`. */
export const ATTACHMENT_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'a.id', type: 'uuid', ops: ['eq'] },
    observationId: { column: 'a.observation_id', type: 'uuid', ops: ['eq'] },
    incidentId: { column: 'a.incident_id', type: 'uuid', ops: ['eq'] },
    legalCaseId: { column: 'a.legal_case_id', type: 'uuid', ops: ['eq'] },
    sha256: { column: 'a.sha256', type: 'text', ops: ['eq'] },
    mimeType: { column: 'a.mime_type', type: 'text', ops: ['eq'] },
    capturedAt: { column: 'a.captured_at', type: 'timestamp', ops: ['gte', 'lte'] },
    createdAt: { column: 'a.created_at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: {
    id: 'a.id',
    createdAt: 'a.created_at',
    updatedAt: 'a.updated_at',
    capturedAt: 'a.captured_at',
    sizeBytes: 'a.size_bytes',
    mimeType: 'a.mime_type',
    originalName: 'a.original_name',
  },
  nullableSorts: ['capturedAt', 'originalName'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  idColumn: 'a.id',
  search: { kind: 'ilike', columns: ['a.caption', 'a.original_name'] },
  deletedAt: 'a.deleted_at',
};

/**
 * The same for communication (scope `publishable`): filters, sorts and search only on what it is
 * told of a file (not the original's name, hash, size or capture time, ORIGINAL_FIELDS_WITHHELD),
 * so that neither a filter, an order nor `X-Total-Count` reveals them; no trash (`deleted` is a
 * 400 as on any list without one; the scope keeps deleted files out).
 */
export const PUBLISHABLE_ATTACHMENT_LIST_SPEC: ListSpec = {
  filters: {
    id: ATTACHMENT_LIST_SPEC.filters.id!,
    observationId: ATTACHMENT_LIST_SPEC.filters.observationId!,
    incidentId: ATTACHMENT_LIST_SPEC.filters.incidentId!,
    // Always an empty answer (the scope has no case files), kept so that the console's filter works.
    legalCaseId: ATTACHMENT_LIST_SPEC.filters.legalCaseId!,
    mimeType: ATTACHMENT_LIST_SPEC.filters.mimeType!,
    createdAt: ATTACHMENT_LIST_SPEC.filters.createdAt!,
  },
  sorts: { id: 'a.id', createdAt: 'a.created_at', updatedAt: 'a.updated_at', mimeType: 'a.mime_type' },
  defaultSort: ATTACHMENT_LIST_SPEC.defaultSort,
  idColumn: 'a.id',
  search: { kind: 'ilike', columns: ['a.caption'] },
};
