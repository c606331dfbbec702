import { describe, expect, it } from 'vitest';
import { observationFactsCount } from './observation-list-count';

describe('observationFactsCount', () => {
  it('answers a commune, a kind, an area and Paris days from the facts, paging and sorting aside', () => {
    const count = observationFactsCount(
      {
        communeCode: '62193',
        kind: 'eviction',
        area: 'calais',
        startedAt_gte: '2025-01-01',
        startedAt_lte: '2025-03-31',
        _start: '25',
        _end: '50',
        _sort: 'startedAt',
        _order: 'DESC',
      },
      false,
    );
    expect(count?.text).toMatch(/FROM observation_daily_facts/);
    expect(count?.text).toContain('commune_code = $1 AND kind = $2 AND area = $3');
    expect(count?.text).toContain('day >= $4::date AND day <= $5::date');
    expect(count?.text).not.toMatch(/\bvalidated\b/);
    expect(count?.values).toEqual(['62193', 'eviction', 'calais', '2025-01-01', '2025-03-31']);
  });

  it('counts validated records only for a role that sees no others, or when asked', () => {
    expect(observationFactsCount({}, true)?.text).toMatch(/WHERE validated$/);
    expect(observationFactsCount({ status: 'validated' }, false)?.text).toMatch(/WHERE validated$/);
    expect(observationFactsCount({ startedAt: '2026-05-01' }, false)?.text).toContain('day = $1::date');
    expect(observationFactsCount({ deleted: 'false' }, false)?.values).toEqual([]);
  });

  it('leaves to the records what the facts cannot tell', () => {
    const cannot = [
      { q: 'tente' },
      { siteId: '5a1e0001-0000-4000-8000-000000000004' },
      { status: 'submitted' },
      { status: 'draft' },
      { deleted: 'true' },
      { startedAt_gte: '2025-01-01T10:00:00+01:00' },
      { startedAt_lte: '2025-01-01T00:00:00Z' },
      { communeCode: ['62193', '59183'] },
      { arrests_gte: '1' },
      { bbox: '1.8,50.9,1.9,51' },
      { id: '5a1e0001-0000-4000-8000-000000000004' },
      { createdAt_gte: '2025-01-01' },
      { shelterOffered: 'true' },
    ];
    for (const raw of cannot) expect(observationFactsCount(raw, false), JSON.stringify(raw)).toBeNull();
  });
});
