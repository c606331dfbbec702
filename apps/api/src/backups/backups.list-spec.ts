import { BACKUP_RUN_KINDS, BACKUP_RUN_STATUSES } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';

/** `GET /api/backups`: runs newest first, filtered by kind, status and start time. */
export const BACKUP_RUN_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'r.id', type: 'uuid', ops: ['eq'] },
    kind: { column: 'r.kind', type: 'enum', values: BACKUP_RUN_KINDS, ops: ['eq'] },
    status: { column: 'r.status', type: 'enum', values: BACKUP_RUN_STATUSES, ops: ['eq'] },
    startedAt: { column: 'r.started_at', type: 'timestamp', ops: ['gte', 'lte'] },
  },
  sorts: {
    startedAt: 'r.started_at',
    finishedAt: 'r.finished_at',
    kind: 'r.kind',
    status: 'r.status',
    sizeBytes: 'r.size_bytes',
  },
  nullableSorts: ['finishedAt', 'sizeBytes'],
  defaultSort: { field: 'startedAt', order: 'DESC' },
  idColumn: 'r.id',
};
