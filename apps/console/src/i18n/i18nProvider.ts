import polyglotI18nProvider from 'ra-i18n-polyglot';
import { en } from './en';
import { fr } from './fr';

export const LOCALES = [
  { locale: 'fr', name: 'Français' },
  { locale: 'en', name: 'English' },
];

/** French first (DESIGN §1.6); the choice made in the app bar is remembered by react-admin's store. */
export const i18nProvider = polyglotI18nProvider((locale) => (locale === 'en' ? en : fr), 'fr', LOCALES, {
  allowMissing: true,
});
