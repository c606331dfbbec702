import { describe, expect, it } from 'vitest';
import { DomainError } from '../domain-error';
import type { ListSpec } from './list-spec';
import { parseListQuery, type RawQuery } from './parse-list-query';

const SPEC: ListSpec = {
  filters: {
    id: { column: 't.id', type: 'uuid', ops: ['eq'] },
    kind: { column: 't.kind', type: 'enum', values: ['a', 'b'], ops: ['eq'] },
    startedAt: { column: 't.started_at', type: 'timestamp', ops: ['eq', 'gte', 'lte'] },
    arrests: { column: 't.arrests', type: 'integer', ops: ['gte'] },
  },
  sorts: { id: 't.id', startedAt: 't.started_at' },
  defaultSort: { field: 'startedAt', order: 'DESC' },
  idColumn: 't.id',
  search: { kind: 'tsvector', column: 't.search' },
  geometry: 't.location',
  deletedAt: 't.deleted_at',
};

function errorsOf(query: RawQuery): Record<string, string> {
  try {
    parseListQuery(query, SPEC);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details.errors ?? {};
  }
  throw new Error('expected the query to be refused');
}

describe(parseListQuery.name, () => {
  it('pages, sorts and hides deleted rows by default', () => {
    const parsed = parseListQuery({ _start: '50', _end: '75', _sort: 'startedAt', _order: 'asc' }, SPEC);
    expect(parsed).toEqual({
      where: 't.deleted_at IS NULL',
      params: [],
      orderBy: 't.started_at ASC, t.id ASC',
      offset: 50,
      limit: 25,
    });
  });

  it('binds every value as a parameter, never in the SQL text', () => {
    const parsed = parseListQuery({ kind: 'a', q: "tente'; DROP TABLE t; --" }, SPEC);
    expect(parsed.where).toBe(
      "t.kind = $1 AND t.search @@ websearch_to_tsquery('french', $2) AND t.deleted_at IS NULL",
    );
    expect(parsed.params).toEqual(['a', "tente'; DROP TABLE t; --"]);
  });

  it('turns repeated values into ANY of an array', () => {
    const ids = ['6f1c0d3e-0000-4000-8000-000000000001', '6f1c0d3e-0000-4000-8000-000000000002'];
    const parsed = parseListQuery({ id: ids }, SPEC);
    expect(parsed.where).toBe('t.id = ANY($1::uuid[]) AND t.deleted_at IS NULL');
    expect(parsed.params).toEqual([ids]);
  });

  it('reads bare dates as Paris local days, the upper bound inclusive', () => {
    const parsed = parseListQuery({ startedAt_gte: '2025-03-01', startedAt_lte: '2025-03-31' }, SPEC);
    expect(parsed.where).toBe('t.started_at >= $1 AND t.started_at < $2 AND t.deleted_at IS NULL');
    expect((parsed.params[0] as Date).toISOString()).toBe('2025-02-28T23:00:00.000Z');
    expect((parsed.params[1] as Date).toISOString()).toBe('2025-03-31T22:00:00.000Z');
  });

  it('filters within a radius in metres with an index-friendly box first', () => {
    const parsed = parseListQuery({ near: '1.85,50.95', radius: '300' }, SPEC);
    expect(parsed.where).toContain('ST_DWithin(t.location::geography');
    expect(parsed.where).toContain('t.location && ST_Expand(');
    expect(parsed.params).toContain(300);
  });

  it('puts unknown values last only on nullable sort fields', () => {
    const spec = { ...SPEC, nullableSorts: ['startedAt'] };
    expect(parseListQuery({ _sort: 'startedAt', _order: 'DESC' }, spec).orderBy).toBe(
      't.started_at DESC NULLS LAST, t.id DESC',
    );
    expect(parseListQuery({ _sort: 'startedAt', _order: 'DESC' }, SPEC).orderBy).toBe(
      't.started_at DESC, t.id DESC',
    );
  });

  it('lists deleted rows only when asked', () => {
    expect(parseListQuery({ deleted: 'true' }, SPEC).where).toBe('t.deleted_at IS NOT NULL');
  });

  it.each<[string, RawQuery, string]>([
    ['an unknown filter', { colour: 'red' }, 'colour'],
    ['an operator the filter does not have', { kind_gte: 'a' }, 'kind_gte'],
    ['an unknown sort field', { _sort: 'password' }, '_sort'],
    ['a bad order', { _order: 'sideways' }, '_order'],
    ['a page over 1000', { _start: '0', _end: '1001' }, '_end'],
    ['an end before the start', { _start: '10', _end: '5' }, '_end'],
    ['a negative start', { _start: '-1' }, '_start'],
    ['an unknown code', { kind: 'c' }, 'kind'],
    ['a malformed uuid', { id: 'nope' }, 'id'],
    ['a date without offset', { startedAt_gte: '2025-03-01T10:00:00' }, 'startedAt_gte'],
    ['a non-integer', { arrests_gte: '2.5' }, 'arrests_gte'],
    ['a short bbox', { bbox: '1,2,3' }, 'bbox'],
    ['near without radius', { near: '1.8,50.9' }, 'radius'],
    ['radius without near', { radius: '100' }, 'near'],
    ['a negative radius', { near: '1.8,50.9', radius: '-5' }, 'radius'],
    ['a range given twice', { startedAt_gte: ['2025-01-01', '2025-02-01'] }, 'startedAt_gte'],
    ['a parameter named __proto__', JSON.parse('{"__proto__": "x"}') as RawQuery, '__proto__'],
  ])('refuses %s', (_name, query, field) => {
    expect(Object.keys(errorsOf(query))).toContain(field);
  });

  it('reports every problem at once', () => {
    expect(Object.keys(errorsOf({ colour: 'red', _sort: 'password' })).sort()).toEqual(['_sort', 'colour']);
  });
});
