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
