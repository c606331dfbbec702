import { IMPORT_KINDS, IMPORT_STATUSES } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';

/** Filters and sort fields of the import history, `GET /api/imports`. */
export const IMPORT_LIST_SPEC: ListSpec = {
  filters: {
    kind: { column: 'im.kind', type: 'enum', values: IMPORT_KINDS, ops: ['eq'] },
    status: { column: 'im.status', type: 'enum', values: IMPORT_STATUSES, ops: ['eq'] },
    createdBy: { column: 'im.created_by', type: 'uuid', ops: ['eq'] },
    createdAt: { column: 'im.created_at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: { createdAt: 'im.created_at', fileName: 'im.file_name', status: 'im.status', kind: 'im.kind' },
  defaultSort: { field: 'createdAt', order: 'DESC' },
  idColumn: 'im.id',
};
