import { AREAS } from '@vigie/domain';
import type { ListSpec } from '../common/list-query/list-spec';

export const COMMUNE_LIST_SPEC: ListSpec = {
  filters: {
    id: { column: 'c.code', type: 'text', ops: ['eq'] },
    code: { column: 'c.code', type: 'text', ops: ['eq'] },
    area: { column: 'c.area', type: 'enum', values: AREAS.codes, ops: ['eq'] },
    department: { column: 'c.department', type: 'text', ops: ['eq'] },
    epciCode: { column: 'c.epci_code', type: 'text', ops: ['eq'] },
    population: { column: 'c.population', type: 'integer', ops: ['gte', 'lte'] },
  },
  sorts: {
    id: 'c.code',
    code: 'c.code',
    name: 'c.name',
    area: 'c.area',
    department: 'c.department',
    population: 'c.population',
  },
  nullableSorts: ['population'],
  defaultSort: { field: 'name', order: 'ASC' },
  idColumn: 'c.code',
  search: { kind: 'ilike', columns: ['c.name', 'c.code'] },
  geometry: 'c.geometry',
};
