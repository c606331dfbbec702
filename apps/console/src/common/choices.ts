import type { Lang, Vocabulary } from '@vigie/domain';

export interface Choice {
  id: string;
  name: string;
}

/** The translation key of a vocabulary term: `vocab.<vocabulary>.<code>`. */
export function termKey(vocabulary: Pick<Vocabulary<string>, 'name'>, code: string): string {
  return `vocab.${vocabulary.name}.${code}`;
}

/** Choices for a SelectInput / SelectField; react-admin translates the names with the UI locale. */
export function vocabularyChoices(vocabulary: Vocabulary<string>): Choice[] {
  return vocabulary.codes.map((code) => ({ id: code, name: termKey(vocabulary, code) }));
}

/** `{ vocab: { <vocabulary>: { <code>: label } } }` for one language, from `@vigie/domain`. */
export function vocabularyMessages(
  vocabularies: readonly Vocabulary<string>[],
  lang: Lang,
): Record<string, Record<string, string>> {
  return Object.fromEntries(
    vocabularies.map((vocabulary) => [
      vocabulary.name,
      Object.fromEntries(vocabulary.terms.map((term) => [term.code, term[lang]])),
    ]),
  );
}
