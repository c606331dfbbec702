import type { ListSpec } from '../../common/list-query/list-spec';

/** Evidence links with what they point at. */
export const EVIDENCE_FROM = `legal_case_evidence ev
  LEFT JOIN observations o ON o.id = ev.observation_id
  LEFT JOIN incidents i ON i.id = ev.incident_id
  LEFT JOIN observations io ON io.id = i.observation_id
  LEFT JOIN attachments a ON a.id = ev.attachment_id`;

const KIND_SQL = `CASE WHEN ev.observation_id IS NOT NULL THEN 'observation'
                       WHEN ev.incident_id IS NOT NULL THEN 'incident' ELSE 'attachment' END`;

/** When the linked record happened (or the file was taken, else uploaded). */
const AT_SQL = 'coalesce(o.started_at, i.occurred_at, a.captured_at, a.created_at)';

/** The JSON of one link, built in SQL (aliases of EVIDENCE_FROM). */
export const EVIDENCE_JSON = `json_build_object(
  'id', ev.id,
  'caseId', ev.case_id,
  'kind', ${KIND_SQL},
  'observationId', ev.observation_id,
  'incidentId', ev.incident_id,
  'attachmentId', ev.attachment_id,
  'note', ev.note,
  'summary', json_build_object(
    'at', ${AT_SQL},
    'code', coalesce(o.kind, i.type),
    'communeCode', coalesce(o.commune_code, i.commune_code),
    'siteId', coalesce(o.site_id, io.site_id),
    'status', coalesce(o.status, i.status),
    'originalName', a.original_name,
    'mimeType', a.mime_type,
    'sha256', a.sha256,
    'sizeBytes', a.size_bytes),
  'unusable', CASE WHEN coalesce(o.deleted_at, i.deleted_at, a.deleted_at) IS NOT NULL THEN 'deleted'
                   WHEN NOT coalesce(i.consent_litigation, a.consent_litigation, true) THEN 'consent_withdrawn' END,
  'createdAt', ev.created_at,
  'updatedAt', ev.updated_at,
  'createdBy', ev.created_by,
  'updatedBy', ev.updated_by,
  'version', ev.version,
  'deletedAt', ev.deleted_at
)`;

/** `GET /api/legal-cases/:id/evidence`: in the order things happened by default. */
export const EVIDENCE_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'ev.id', type: 'uuid', ops: ['eq'] },
    kind: { column: KIND_SQL, type: 'enum', values: ['observation', 'incident', 'attachment'], ops: ['eq'] },
    observationId: { column: 'ev.observation_id', type: 'uuid', ops: ['eq'] },
    incidentId: { column: 'ev.incident_id', type: 'uuid', ops: ['eq'] },
    attachmentId: { column: 'ev.attachment_id', type: 'uuid', ops: ['eq'] },
  },
  sorts: { id: 'ev.id', at: AT_SQL, createdAt: 'ev.created_at', kind: KIND_SQL },
  defaultSort: { field: 'at', order: 'ASC' },
  idColumn: 'ev.id',
  deletedAt: 'ev.deleted_at',
};
