import { ROLES } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';

/** Filters and sort fields of `GET /api/users`. */
export const USER_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'u.id', type: 'uuid', ops: ['eq'] },
    role: { column: 'u.role', type: 'enum', values: ROLES.codes, ops: ['eq'] },
    active: { column: 'u.active', type: 'boolean', ops: ['eq'] },
  },
  sorts: {
    id: 'u.id',
    email: 'lower(u.email)',
    name: 'lower(u.name)',
    role: 'u.role',
    createdAt: 'u.created_at',
    lastLoginAt: 'u.last_login_at',
  },
  defaultSort: { field: 'email', order: 'ASC' },
  idColumn: 'u.id',
  search: { kind: 'ilike', columns: ['u.email', 'u.name'] },
};
