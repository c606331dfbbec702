import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error';
import { parseTile, tileFilters, tileSql } from './tiles';

function errorsOf(work: () => unknown): Record<string, string> | undefined {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return (error as DomainError).details.errors;
  }
  throw new Error('expected a DomainError');
}

describe(parseTile.name, () => {
  it('reads the tiles of the grid, from the whole world to zoom 22', () => {
    expect(parseTile({ z: '0', x: '0', y: '0' })).toEqual({ z: 0, x: 0, y: 0 });
    expect(parseTile({ z: '22', x: '4194303', y: '0' })).toEqual({ z: 22, x: 4194303, y: 0 });
  });

  it('names each coordinate out of the grid or not an integer', () => {
    expect(Object.keys(errorsOf(() => parseTile({ z: '23', x: '0', y: '0' }))!)).toEqual(['z']);
    expect(Object.keys(errorsOf(() => parseTile({ z: '1', x: '2', y: '1' }))!)).toEqual(['x']);
    expect(Object.keys(errorsOf(() => parseTile({ z: '1', x: '0', y: '-1' }))!)).toEqual(['y']);
    expect(Object.keys(errorsOf(() => parseTile({ z: '1e1', x: '0x1', y: ' 1' }))!).sort()).toEqual([
      'x',
      'y',
      'z',
    ]);
    expect(errorsOf(() => parseTile({ z: '2', x: '4', y: '0' }))).toEqual({
      x: 'must be an integer from 0 to 3',
    });
  });
});

describe(tileFilters.name, () => {
  it('keeps the filters and refuses paging and sorting', () => {
    expect(tileFilters({ kind: 'eviction', startedAt_gte: '2025-01-01' })).toEqual({
      kind: 'eviction',
      startedAt_gte: '2025-01-01',
    });
    expect(Object.keys(errorsOf(() => tileFilters({ _start: '0', _order: 'ASC' }))!)).toEqual([
      '_start',
      '_order',
    ]);
  });
});

describe(tileSql.name, () => {
  const source = {
    from: 'observations o',
    layer: 'observations',
    geometry: 'o.location_3857',
    properties: [
      { key: 'id', sql: 'o.id' },
      { key: 'startedAt', sql: 'o.started_at', timestamp: true },
    ],
    orderBy: 'o.started_at DESC',
  };
  const query = { where: 'o.kind = $1', params: ['eviction'], orderBy: 'o.id', offset: 0, limit: 25 };

  it('writes the checked tile into the envelope and binds the filters and the cap after them', () => {
    const sql = tileSql(source, query, { z: 14, x: 8276, y: 5488 });
    expect(sql.text).toContain('ST_TileEnvelope(14, 8276, 5488)');
    expect(sql.text).toContain(`to_json(o.started_at) #>> '{}' AS "startedAt"`);
    expect(sql.text).toContain('LIMIT $2 + 1');
    expect(sql.values).toEqual(['eviction', 10_000]);
  });

  it('never writes anything but a non-negative integer into the statement', () => {
    expect(() => tileSql(source, query, { z: 1, x: 0.5, y: 0 })).toThrow();
    expect(() => tileSql(source, query, { z: Number('1); DROP TABLE x; --'), x: 0, y: 0 })).toThrow();
  });
});
