import { fold } from './text-folding';

/** Words that join the items of a list ("CRS et GM", "tents and tarps"). */
const LIST_WORDS = new Set(['et', 'and', 'plus', 'avec', 'ou', 'or']);

/**
 * Finds codes by their phrases (code, French and English labels, synonyms), compared folded.
 * A phrase that two codes share is dropped: it would have to be mapped explicitly.
 */
export class TermMatcher<C extends string = string> {
  private readonly byPhrase = new Map<string, C | null>();
  private readonly longest: number;

  constructor(entries: Iterable<readonly [phrase: string, code: C]>) {
    let longest = 1;
    for (const [phrase, code] of entries) {
      const folded = fold(phrase);
      if (folded === '') continue;
      const known = this.byPhrase.get(folded);
      this.byPhrase.set(folded, known === undefined || known === code ? code : null);
      longest = Math.max(longest, folded.split(' ').length);
    }
    this.longest = longest;
  }

  /** The code whose phrase is exactly `folded`. */
  exact(folded: string): C | undefined {
    return this.byPhrase.get(folded) ?? undefined;
  }

  /**
   * Reads a folded list of phrases written with spaces only ("crs gm pn", "police municipale bac"):
   * at each word the longest phrase wins; words no phrase starts with are returned as unknown.
   */
  scan(folded: string): { codes: C[]; unknown: string[] } {
    const words = folded === '' ? [] : folded.split(' ');
    const codes: C[] = [];
    const unknown: string[] = [];
    let pending: string[] = [];
    let at = 0;
    while (at < words.length) {
      const match = this.longestAt(words, at);
      if (match) {
        if (pending.length > 0) unknown.push(pending.join(' '));
        pending = [];
        if (!codes.includes(match.code)) codes.push(match.code);
        at += match.length;
      } else {
        if (!LIST_WORDS.has(words[at]!)) pending.push(words[at]!);
        else if (pending.length > 0) {
          unknown.push(pending.join(' '));
          pending = [];
        }
        at += 1;
      }
    }
    if (pending.length > 0) unknown.push(pending.join(' '));
    return { codes, unknown };
  }

  private longestAt(words: string[], at: number): { code: C; length: number } | undefined {
    for (let length = Math.min(this.longest, words.length - at); length > 0; length -= 1) {
      const code = this.exact(words.slice(at, at + length).join(' '));
      if (code !== undefined) return { code, length };
    }
    return undefined;
  }
}
