import { describe, expect, it } from 'vitest';
import { canonicalJson, contentDigest } from './canonical-digest';

describe(contentDigest.name, () => {
  it('ignores key order at every level', () => {
    expect(contentDigest({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(
      contentDigest({ b: { d: [1, 2], c: 2 }, a: 1 }),
    );
  });

  it('tells apart different content and array order', () => {
    expect(contentDigest({ a: [1, 2] })).not.toBe(contentDigest({ a: [2, 1] }));
    expect(contentDigest({ a: 1 })).not.toBe(contentDigest({ a: '1' }));
  });

  it('writes canonical JSON with sorted keys', () => {
    expect(canonicalJson({ z: 1, a: { y: 2, b: 3 } })).toBe('{"a":{"b":3,"y":2},"z":1}');
  });
});

/** The first implementation, which the audit chain's stored hashes were computed with. */
function referenceCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(
        Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return item;
  });
}

/** A small seeded generator (mulberry32): the same values on every run. */
function randomSource(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'a',
  'b',
  'Z',
  'é',
  '10',
  '9',
  '0',
  '01',
  '-1',
  '4294967295',
  '4294967294',
  '1.5',
  '',
  'forces',
  'startedAt',
  '\u2028',
  '😀',
];
const LEAVES: unknown[] = [
  0,
  -0,
  1.5,
  -12,
  1e21,
  5e-7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'texte « cité »\n',
  '\u0000\u001f"\\',
  '😀\ud800',
  true,
  false,
  null,
  undefined,
  new Date(Date.UTC(2021, 1, 3, 4, 5, 6, 7)),
  () => 1,
];

function randomValue(next: () => number, depth: number): unknown {
  const roll = next();
  if (depth > 3 || roll < 0.45) return LEAVES[Math.floor(next() * LEAVES.length)];
  if (roll < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 6); i > 0; i -= 1) {
    object[KEYS[Math.floor(next() * KEYS.length)]!] = randomValue(next, depth + 1);
  }
  return object;
}

describe(canonicalJson.name, () => {
  it('writes exactly what the first implementation wrote, so stored hashes still verify', () => {
    const next = randomSource(20261207);
    for (let i = 0; i < 5000; i += 1) {
      const value = randomValue(next, 0);
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('orders integer-like keys numerically before the others, as the first implementation did', () => {
    const value = { b: 1, 10: 2, a: 3, 9: 4, '01': 5 };
    expect(canonicalJson(value)).toBe('{"9":4,"10":2,"01":5,"a":3,"b":1}');
    expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
  });

  it('leaves out what JSON leaves out and writes dates as JSON does', () => {
    const value = { gone: undefined, f: () => 1, list: [undefined, Number.NaN], at: new Date(0) };
    expect(canonicalJson(value)).toBe('{"at":"1970-01-01T00:00:00.000Z","list":[null,null]}');
  });
});
