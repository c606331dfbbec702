/** A code with its French and English labels. */
export interface Term<C extends string = string> {
  readonly code: C;
  readonly fr: string;
  readonly en: string;
}

export type Lang = 'fr' | 'en';

export interface Vocabulary<C extends string> {
  readonly name: string;
  readonly terms: readonly Term<C>[];
  readonly codes: readonly C[];
  has(code: unknown): code is C;
  label(code: C, lang?: Lang): string;
}

/** Builds a vocabulary from its terms; codes keep the order they are given in. */
export function defineVocabulary<const C extends string>(
  name: string,
  terms: readonly Term<C>[],
): Vocabulary<C> {
  const byCode = new Map<string, Term<C>>(terms.map((term) => [term.code, term]));
  if (byCode.size !== terms.length) {
    throw new Error(`Vocabulary ${name} has duplicate codes`);
  }
  return {
    name,
    terms,
    codes: terms.map((term) => term.code),
    has: (code: unknown): code is C => typeof code === 'string' && byCode.has(code),
    label: (code: C, lang: Lang = 'fr') => byCode.get(code)?.[lang] ?? code,
  };
}
