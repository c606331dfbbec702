import { LEGAL_EVENT_KINDS, LEGAL_OUTCOMES } from '@vigie/domain';
import type { ListSpec } from '../../common/list-query/list-spec';

/** The JSON of one event, built in SQL; `e` is the legal_case_events alias. */
export const LEGAL_EVENT_JSON = `json_build_object(
  'id', e.id,
  'caseId', e.case_id,
  'kind', e.kind,
  'date', e.date,
  'time', to_char(e.time, 'HH24:MI'),
  'title', e.title,
  'details', e.details,
  'outcome', e.outcome,
  'notifiedOn', e.notified_on,
  'room', e.room,
  'judge', e.judge,
  'createdAt', e.created_at,
  'updatedAt', e.updated_at,
  'createdBy', e.created_by,
  'updatedBy', e.updated_by,
  'version', e.version,
  'deletedAt', e.deleted_at
)`;

/** `GET /api/legal-cases/:id/events`: the chronology, oldest first by default. */
export const LEGAL_EVENT_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'e.id', type: 'uuid', ops: ['eq'] },
    kind: { column: 'e.kind', type: 'enum', values: LEGAL_EVENT_KINDS.codes, ops: ['eq'] },
    outcome: { column: 'e.outcome', type: 'enum', values: LEGAL_OUTCOMES.codes, ops: ['eq'] },
    date: { column: 'e.date', type: 'date', ops: ['eq', 'gte', 'lte'] },
  },
  sorts: {
    id: 'e.id',
    date: `(e.date + coalesce(e.time, time '00:00'))`,
    kind: 'e.kind',
    createdAt: 'e.created_at',
    updatedAt: 'e.updated_at',
  },
  defaultSort: { field: 'date', order: 'ASC' },
  idColumn: 'e.id',
  deletedAt: 'e.deleted_at',
};

/**
 * The same for communication: no trash (deleted events are the legal team's, `deleted` is a 400 as
 * on any list without one; the service keeps them out).
 */
export const PUBLIC_LEGAL_EVENT_LIST_SPEC: ListSpec = { ...LEGAL_EVENT_LIST_SPEC, deletedAt: undefined };
