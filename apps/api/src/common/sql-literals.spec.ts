import { describe, expect, it } from 'vitest';
import { inlineParameters, quoteLiteral } from './sql-literals';

describe(inlineParameters.name, () => {
  it('writes each value as PostgreSQL would have received the parameter, quoted', () => {
    expect(
      inlineParameters('a = $1 AND b >= $2 AND c = ANY($3::text[]) AND d = $4 AND e = $5', [
        "l'Hospital",
        new Date('2025-03-01T00:00:00Z'),
        ['crs', 'a"b'],
        7,
        true,
      ]),
    ).toBe(
      `a = 'l''Hospital' AND b >= '2025-03-01T00:00:00.000Z' AND c = ANY( E'{"crs","a\\\\"b"}'::text[]) AND d = '7' AND e = 'true'`,
    );
  });

  it('tells $1 from $10, and writes null as NULL', () => {
    const values = Array.from({ length: 10 }, (_value, index) => (index === 0 ? null : String(index + 1)));
    expect(inlineParameters('$1, $10', values)).toBe("NULL, '10'");
  });

  it('escapes backslashes whatever standard_conforming_strings says', () => {
    expect(quoteLiteral('a\\b')).toBe(" E'a\\\\b'");
  });

  it('refuses what cannot be sent rather than writing it', () => {
    expect(() => inlineParameters('$2', ['x'])).toThrow(/No value for parameter \$2/);
    expect(() => quoteLiteral('a\0b')).toThrow(/NUL/);
    expect(() => inlineParameters('$1', [Number.NaN])).toThrow(/finite/);
  });
});
