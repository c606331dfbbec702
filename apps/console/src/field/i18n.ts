import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { offlineMessages } from '../offline/i18n';
import { terrainMessages } from '../terrain/i18n';
import type { Translate } from '../terrain/fieldContext';

export type FieldLocale = 'fr' | 'en';

/** The light app's own few words; everything else is the console's messages. */
const fieldMessages = {
  fr: {
    title: 'Vigie — Terrain',
    console: 'Console complète',
    signOut: 'Se déconnecter',
    notAllowed: 'Votre rôle ne permet pas de saisir sur le terrain : utilisez la console complète.',
  },
  en: {
    title: 'Vigie — Field',
    console: 'Full console',
    signOut: 'Sign out',
    notAllowed: 'Your role cannot enter field observations: use the full console.',
  },
} as const;

type Messages = Record<string, unknown>;

/** The console's messages for one language, with the field panels (as `i18nProvider.ts` does). */
function messagesFor(locale: FieldLocale): Messages {
  const base = locale === 'en' ? en : fr;
  return {
    ...base,
    vigie: {
      ...(base.vigie as Messages),
      offline: offlineMessages[locale],
      terrain: terrainMessages[locale],
      field: fieldMessages[locale],
    },
  };
}

function lookup(messages: Messages, key: string): unknown {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Messages)[part];
  }
  return node;
}

/** Polyglot's plural forms: French counts 0 and 1 as singular, English only 1. */
function pluralIndex(locale: FieldLocale, count: number): number {
  return locale === 'fr' ? (count < 2 ? 0 : 1) : count === 1 ? 0 : 1;
}

/**
 * The same `translate(key, options)` as the console's (node-polyglot through react-admin): `%{var}`
 * interpolation, `smart_count` choosing among `||||`-separated forms, `_` as the fallback, and the
 * key itself when a message is missing (the console's `allowMissing`).
 */
export function makeTranslate(locale: FieldLocale): Translate {
  const messages = messagesFor(locale);
  return (key, options = {}) => {
    const found = lookup(messages, key);
    let text = typeof found === 'string' ? found : typeof options._ === 'string' ? options._ : key;
    const count = options.smart_count;
    if (typeof count === 'number' && text.includes('||||')) {
      const forms = text.split('||||');
      text = (forms[pluralIndex(locale, count)] ?? forms[0] ?? '').trim();
    }
    return text.replace(/%\{(\w+)\}/g, (match, name: string) =>
      name in options ? String(options[name]) : match,
    );
  };
}

/** react-admin's store keeps the language chosen in the console under this key. */
const LOCALE_KEY = 'RaStore.locale';

export function storedLocale(): FieldLocale {
  try {
    return JSON.parse(localStorage.getItem(LOCALE_KEY) ?? '"fr"') === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function storeLocale(locale: FieldLocale): void {
  try {
    localStorage.setItem(LOCALE_KEY, JSON.stringify(locale));
  } catch {
    // Private mode: the choice lasts for this page.
  }
}
