import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import { accessTokenMessages } from '../auth/accessTokensI18n';
import { backupMessages } from '../backups/i18n';
import { dashboardMessages } from '../dashboard/i18n';
import { duplicateMessages } from '../duplicates/i18n';
import { evidenceMessages } from '../evidence/i18n';
import { exportMessages } from '../exports/i18n';
import { importMessages } from '../imports/i18n';
import { koboFeedMessages } from '../koboFeeds/i18n';
import { offlineMessages } from '../offline/i18n';
import { publicationMessages } from '../publications/i18n';
import { terrainMessages } from '../terrain/i18n';
import { en } from './en';
import { fr } from './fr';

export const LOCALES = [
  { locale: 'fr', name: 'Français' },
  { locale: 'en', name: 'English' },
];

/** French first (DESIGN §1.6); the choice made in the app bar is remembered by react-admin's store. */
export const i18nProvider = polyglotI18nProvider(
  (locale) => (locale === 'en' ? withPanels(en, 'en') : withPanels(fr, 'fr')),
  'fr',
  LOCALES,
  { allowMissing: true },
);

/** The messages of the panels that keep their own files (evidence, duplicates), under `vigie`. */
function withPanels(messages: TranslationMessages, lang: 'fr' | 'en'): TranslationMessages {
  return {
    ...messages,
    vigie: {
      ...(messages.vigie as TranslationMessages),
      evidence: evidenceMessages[lang],
      duplicates: duplicateMessages[lang],
      dashboard: dashboardMessages[lang],
      publications: publicationMessages[lang],
      accessTokens: accessTokenMessages[lang],
      exports: exportMessages[lang],
      imports: importMessages[lang],
      backups: backupMessages[lang],
      koboFeeds: koboFeedMessages[lang],
      offline: offlineMessages[lang],
      terrain: terrainMessages[lang],
    },
  };
}
