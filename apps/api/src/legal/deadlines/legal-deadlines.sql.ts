import { DEADLINE_STATUSES } from '@vigie/domain';
import { DEADLINE_RULES } from '@vigie/domain/legal';
import type { ListSpec } from '../../common/list-query/list-spec';

/**
 * True for a deadline `d` that is the first day an act becomes possible (a rule of nature
 * `earliest`), not a time limit: it is never « overdue ». The codes are trusted constants.
 */
export const EARLIEST_SQL = `(d.rule IS NOT NULL AND d.rule IN (${DEADLINE_RULES.filter(
  (rule) => rule.nature === 'earliest',
)
  .map((rule) => `'${rule.code}'`)
  .join(', ')}))`;

/**
 * Deadlines with their case, whether their rule is confirmed and who closed them (left joins on
 * primary keys: PostgreSQL drops them from the count, which reads none of their columns).
 */
export const DEADLINES_FROM = `legal_deadlines d
  JOIN legal_cases lc ON lc.id = d.case_id
  LEFT JOIN legal_rule_confirmations rc ON rc.rule = d.rule
  LEFT JOIN users cu ON cu.id = d.closed_by`;

/** The JSON of one deadline, built in SQL (aliases of DEADLINES_FROM). */
export const DEADLINE_JSON = `json_build_object(
  'id', d.id,
  'caseId', d.case_id,
  'caseReference', lc.reference,
  'caseTitle', lc.title,
  'title', d.title,
  'dueAt', d.due_on,
  'rule', d.rule,
  'ruleConfirmed', CASE WHEN d.rule IS NULL THEN NULL ELSE rc.rule IS NOT NULL END,
  'nature', CASE WHEN ${EARLIEST_SQL} THEN 'earliest' ELSE 'deadline' END,
  'startsOn', d.starts_on,
  'basis', CASE WHEN d.basis_fr IS NULL THEN NULL ELSE json_build_object('fr', d.basis_fr, 'en', d.basis_en) END,
  'computed', d.computed,
  'source', d.source,
  'sourceEventId', d.source_event_id,
  'status', d.status,
  'closedAt', d.closed_at,
  'closedBy', d.closed_by,
  'closedByName', cu.name,
  'cancelReason', d.cancel_reason,
  'notes', d.notes,
  'createdAt', d.created_at,
  'updatedAt', d.updated_at,
  'createdBy', d.created_by,
  'updatedBy', d.updated_by,
  'version', d.version,
  'deletedAt', d.deleted_at
)`;

/**
 * `GET /api/deadlines` (every case, the « Échéances » page) and `GET /api/legal-cases/:id/deadlines`:
 * soonest first by default. Deadlines of deleted cases are left out by the service.
 */
export const DEADLINE_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'd.id', type: 'uuid', ops: ['eq'] },
    caseId: { column: 'd.case_id', type: 'uuid', ops: ['eq'] },
    status: { column: 'd.status', type: 'enum', values: DEADLINE_STATUSES.codes, ops: ['eq'] },
    dueAt: { column: 'd.due_on', type: 'date', ops: ['eq', 'gte', 'lte'] },
    rule: { column: 'd.rule', type: 'text', ops: ['eq'] },
    computed: { column: 'd.computed', type: 'boolean', ops: ['eq'] },
    sourceEventId: { column: 'd.source_event_id', type: 'uuid', ops: ['eq'] },
  },
  sorts: {
    id: 'd.id',
    dueAt: 'd.due_on',
    title: 'd.title',
    status: 'd.status',
    caseReference: 'lc.reference',
    createdAt: 'd.created_at',
    updatedAt: 'd.updated_at',
  },
  defaultSort: { field: 'dueAt', order: 'ASC' },
  idColumn: 'd.id',
  search: { kind: 'ilike', columns: ['d.title', 'lc.reference', 'lc.title'] },
  deletedAt: 'd.deleted_at',
};
