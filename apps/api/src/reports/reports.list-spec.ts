import { AREAS } from '@vigie/domain';
import { REPORT_KINDS, REPORT_LANGS } from '@vigie/reporting';
import type { ListSpec } from '../common/list-query/list-spec';
import { REPORT_STATUSES } from './report-request';

/**
 * Filters and sort fields of `GET /api/reports`. A case's dossiers: `?kind=case-dossier&caseId=…`
 * (dossiers exist only for the roles that may read them: the service narrows the list).
 */
export const REPORT_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'r.id', type: 'uuid', ops: ['eq'] },
    kind: { column: 'r.kind', type: 'enum', values: REPORT_KINDS, ops: ['eq'] },
    status: { column: 'r.status', type: 'enum', values: REPORT_STATUSES, ops: ['eq'] },
    lang: { column: 'r.lang', type: 'enum', values: REPORT_LANGS, ops: ['eq'] },
    area: { column: 'r.area', type: 'enum', values: AREAS.codes, ops: ['eq'] },
    caseId: { column: 'r.case_id', type: 'uuid', ops: ['eq'] },
    createdBy: { column: 'r.created_by', type: 'uuid', ops: ['eq'] },
    createdAt: { column: 'r.created_at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: {
    id: 'r.id',
    createdAt: 'r.created_at',
    finishedAt: 'r.finished_at',
    from: 'r.period_from',
    kind: 'r.kind',
    status: 'r.status',
  },
  nullableSorts: ['finishedAt', 'from'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  idColumn: 'r.id',
};
