import type { Vocabulary } from '@vigie/domain';
import { booleanMatcher, vocabularyMatcher } from './value-synonyms';
import { fold } from './text-folding';

/** A cell read into a value, or the reason it could not be (without the column: the caller adds it). */
export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });

/** Raw → code (or list of codes) given by the mapping for one field, matched as written, then folded. */
export class ValueMap {
  private readonly exactly: Map<string, string>;
  private readonly folded: Map<string, string>;

  constructor(entries: Record<string, string> | undefined) {
    this.exactly = new Map(Object.entries(entries ?? {}));
    this.folded = new Map([...this.exactly].map(([raw, code]) => [fold(raw), code]));
  }

  get(raw: string): string | undefined {
    return this.exactly.get(raw) ?? this.folded.get(fold(raw));
  }
}

/** Remembers what distinct cells read to: coded columns repeat a few values over many rows. */
function memoised<T>(read: (raw: string) => Read<T>): (raw: string) => Read<T> {
  const seen = new Map<string, Read<T>>();
  return (raw) => {
    let result = seen.get(raw);
    if (result === undefined) {
      result = read(raw);
      if (seen.size < 10_000) seen.set(raw, result);
    }
    return result;
  };
}

const quote = (raw: string) => JSON.stringify(raw);

/** Yes/no/unknown → true/false/null; the value map may say `true`, `false` or `` (unknown). */
export function booleanReader(values: ValueMap): (raw: string) => Read<boolean | null> {
  return memoised((raw) => {
    const mapped = values.get(raw);
    if (mapped !== undefined) return ok(mapped === '' ? null : mapped === 'true');
    const folded = fold(raw);
    if (folded === '') return ok(null);
    const word = booleanMatcher.exact(folded);
    if (word !== undefined) return ok(word === 'null' ? null : word === 'true');
    return fail(`${quote(raw)} is not a yes/no value (accepted: oui, non, ne sait pas; yes, no; 1, 0)`);
  });
}

const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;
const THOUSANDS_SPACES = /[\s\u00a0\u202f]/g;

/** "12", "12,5", "1 250" → a number. Integers and ranges are the DTO's to check, in its words. */
export function parseNumber(raw: string): number | undefined {
  let text = raw.replace(THOUSANDS_SPACES, '');
  if (text.includes(',')) {
    if (text.includes('.') || text.indexOf(',') !== text.lastIndexOf(',')) return undefined;
    text = text.replace(',', '.');
  }
  return DECIMAL.test(text) ? Number(text) : undefined;
}

export function numberReader(): (raw: string) => Read<number> {
  return (raw) => {
    const value = parseNumber(raw);
    return value === undefined ? fail(`${quote(raw)} is not a number`) : ok(value);
  };
}

/** A unit's own column: yes/no, or a count (more than 0 means present). */
export function presenceReader(values: ValueMap): (raw: string) => Read<boolean | null> {
  const asBoolean = booleanReader(values);
  return (raw) => {
    if (values.get(raw) === undefined) {
      const count = parseNumber(raw);
      if (count !== undefined) return ok(count > 0);
    }
    const read = asBoolean(raw);
    return read.ok ? read : fail(`${quote(raw)} is neither yes/no nor a count`);
  };
}

function unknownCode(raw: string, vocabulary: Vocabulary<string>, unknown?: string[]): string {
  const which = unknown ? ` (${unknown.map(quote).join(', ')} not recognised)` : '';
  return `${quote(raw)} is not a known value${which}; accepted codes: ${vocabulary.codes.join(', ')}`;
}

/** One code of a vocabulary: the value map first, then its codes, labels and synonyms. */
export function codeReader(vocabulary: Vocabulary<string>, values: ValueMap): (raw: string) => Read<string> {
  const matcher = vocabularyMatcher(vocabulary);
  return memoised((raw) => {
    const code = values.get(raw) ?? matcher.exact(fold(raw));
    return code !== undefined && vocabulary.has(code) ? ok(code) : fail(unknownCode(raw, vocabulary));
  });
}

/** Separators of a list cell; spaces too, but only once phrases are looked for ("police municipale"). */
const LIST_SEPARATORS = /[,;/+&|\n]+/;
const CODE_LIST_SEPARATORS = /[\s,;]+/;

/**
 * A list of codes: KoboToolbox multi-select ("crs gm"), or "CRS, GM", "CRS GM PN", "CRS et GM".
 * A value map entry may name several codes ("crs gm").
 */
export function codeListReader(
  vocabulary: Vocabulary<string>,
  values: ValueMap,
): (raw: string) => Read<string[]> {
  const matcher = vocabularyMatcher(vocabulary);
  const mappedCodes = (mapped: string) => mapped.split(CODE_LIST_SEPARATORS).filter((code) => code !== '');
  return memoised((raw) => {
    const whole = values.get(raw);
    if (whole !== undefined) return ok(mappedCodes(whole));
    const codes = new Set<string>();
    const unknown: string[] = [];
    for (const part of raw.split(LIST_SEPARATORS)) {
      const mapped = values.get(part.trim());
      if (mapped !== undefined) {
        for (const code of mappedCodes(mapped)) codes.add(code);
        continue;
      }
      // A Kobo select_multiple separates its choices with spaces: a value map may name one of them.
      const rest: string[] = [];
      for (const word of part.trim().split(/\s+/)) {
        const wordCodes = values.get(word);
        if (wordCodes === undefined) rest.push(word);
        else for (const code of mappedCodes(wordCodes)) codes.add(code);
      }
      const found = matcher.scan(fold(rest.join(' ')));
      for (const code of found.codes) codes.add(code);
      unknown.push(...found.unknown);
    }
    if (unknown.length > 0) return fail(unknownCode(raw, vocabulary, unknown));
    return ok(vocabulary.codes.filter((code) => codes.has(code)));
  });
}
