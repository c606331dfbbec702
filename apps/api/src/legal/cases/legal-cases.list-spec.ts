import { LEGAL_CASE_STATUSES, LEGAL_FORUMS, LEGAL_OUTCOMES, LEGAL_PROCEDURES } from '@vigie/domain';
import type { FilterSpec, ListSpec } from '../../common/list-query/list-spec';
import {
  CASE_SITE_IDS,
  dueBeforeCondition,
  FIRST_EVENT_SQL,
  HAS_OPEN_DEADLINES_SQL,
  LAST_EVENT_SQL,
  NEXT_DUE_SQL,
} from './legal-cases.sql';

/** Filters on the public fields (DESIGN §4): the only ones communication may use. */
const PUBLIC_FILTERS: Readonly<Record<string, FilterSpec>> = {
  id: { column: 'lc.id', type: 'uuid', ops: ['eq'] },
  procedure: { column: 'lc.procedure', type: 'enum', values: LEGAL_PROCEDURES.codes, ops: ['eq'] },
  forum: { column: 'lc.forum', type: 'enum', values: LEGAL_FORUMS.codes, ops: ['eq'] },
  status: { column: 'lc.status', type: 'enum', values: LEGAL_CASE_STATUSES.codes, ops: ['eq'] },
  outcome: { column: 'lc.outcome', type: 'enum', values: LEGAL_OUTCOMES.codes, ops: ['eq'] },
};

const PUBLIC_SORTS = {
  id: 'lc.id',
  title: 'lc.title',
  procedure: 'lc.procedure',
  forum: 'lc.forum',
  status: 'lc.status',
  outcome: 'lc.outcome',
};

/**
 * `GET /api/legal-cases` for admin and legal. `period` is given as `activeOn_gte`/`activeOn_lte`:
 * the cases whose chronology (first to last event) overlaps it. The full-text index leaves out the
 * restricted fields (claimants, confidential notes).
 */
export const LEGAL_CASE_LIST_SPEC: ListSpec = {
  filters: {
    ...PUBLIC_FILTERS,
    // Letter case aside, as references are unique.
    reference: {
      column: 'lower(lc.reference)',
      type: 'text',
      ops: ['eq'],
      condition: (placeholder) => `lower(lc.reference) = lower(${placeholder})`,
    },
    parentCaseId: { column: 'lc.parent_case_id', type: 'uuid', ops: ['eq'] },
    siteId: {
      column: CASE_SITE_IDS,
      type: 'uuid',
      ops: ['eq'],
      condition: (placeholder) => `${placeholder}::uuid = ANY(${CASE_SITE_IDS})`,
    },
    hasOpenDeadlines: { column: HAS_OPEN_DEADLINES_SQL, type: 'boolean', ops: ['eq'] },
    dueBefore: {
      column: NEXT_DUE_SQL,
      type: 'date',
      ops: ['eq'],
      condition: (placeholder) => dueBeforeCondition(placeholder),
    },
    activeOn: {
      column: LAST_EVENT_SQL,
      type: 'date',
      ops: ['gte', 'lte'],
      condition: (placeholder, op) =>
        op === 'gte'
          ? `${LAST_EVENT_SQL} >= ${placeholder}::date`
          : `${FIRST_EVENT_SQL} <= ${placeholder}::date`,
    },
    createdAt: { column: 'lc.created_at', type: 'timestamp', ops: ['gte', 'lte'] },
    updatedAt: { column: 'lc.updated_at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: {
    ...PUBLIC_SORTS,
    reference: 'lc.reference',
    createdAt: 'lc.created_at',
    updatedAt: 'lc.updated_at',
    nextDueAt: NEXT_DUE_SQL,
  },
  nullableSorts: ['outcome', 'nextDueAt'],
  defaultSort: { field: 'updatedAt', order: 'DESC' },
  idColumn: 'lc.id',
  search: { kind: 'tsvector', column: 'lc.search' },
  geometry: 'lc.act_perimeter',
  deletedAt: 'lc.deleted_at',
};

/**
 * The same for communication: filters, sorts and search on the public fields only, so that
 * neither a filter, an order nor `X-Total-Count` tells anything of the other fields. No trash:
 * deleted cases are not theirs to see (the service adds that condition).
 */
export const PUBLIC_LEGAL_CASE_LIST_SPEC: ListSpec = {
  filters: PUBLIC_FILTERS,
  sorts: PUBLIC_SORTS,
  nullableSorts: ['outcome'],
  defaultSort: { field: 'title', order: 'ASC' },
  idColumn: 'lc.id',
  search: { kind: 'tsvector', column: 'lc.public_search' },
};
