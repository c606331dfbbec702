import type { HelperDelegate, HelperOptions } from 'handlebars';
import {
  AREAS,
  DEADLINE_STATUSES,
  FORCE_UNITS,
  INCIDENT_TYPES,
  LEGAL_CASE_STATUSES,
  LEGAL_EVENT_KINDS,
  LEGAL_FORUMS,
  LEGAL_OUTCOMES,
  LEGAL_PROCEDURES,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  SEIZURE_ITEMS,
  TIME_ZONE,
  type Vocabulary,
} from '@vigie/domain';
import type { ReportLang } from './report-params';
import { TrustedMarkup } from './trusted-markup';

/*
 * Every Handlebars helper the report templates use, in one place (STYLE.md "Reports"). Each formats
 * in the document's language, read from the root of the model (`lang`). Their return values are
 * plain strings, so Handlebars escapes them; only `trusted` returns markup, and only ours.
 */

/** French groups thousands with a narrow no-break space (U+202F) and writes decimals with a comma. */
export const NARROW_NBSP = '\u202f';
const MINUS = '\u2212';

/** Translations of one language: flat keys (`monthly.title`), `{name}` placeholders. */
export type Translations = Readonly<Record<string, string>>;

const LOCALES: Record<ReportLang, string> = { fr: 'fr-FR', en: 'en-GB' };

/*
 * Intl formatters are costly to build (~0.05 ms each) and a report formats hundreds of values:
 * each one is built once per process for a language and its options (a handful of entries).
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const pluralRules = new Map<ReportLang, Intl.PluralRules>();

function numberFormat(lang: ReportLang, maxDecimals: number): Intl.NumberFormat {
  const key = `${lang}:${maxDecimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: maxDecimals });
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(lang: ReportLang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[lang], options);
    dateFormats.set(key, format);
  }
  return format;
}

function plural(lang: ReportLang, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALES[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

const VOCABULARIES: Record<string, Vocabulary<string>> = {
  area: AREAS,
  observationKind: OBSERVATION_KINDS,
  seizureItem: SEIZURE_ITEMS,
  incidentType: INCIDENT_TYPES,
  forceUnit: FORCE_UNITS,
  reviewStatus: REVIEW_STATUSES,
  legalProcedure: LEGAL_PROCEDURES,
  legalForum: LEGAL_FORUMS,
  legalCaseStatus: LEGAL_CASE_STATUSES,
  legalOutcome: LEGAL_OUTCOMES,
  legalEventKind: LEGAL_EVENT_KINDS,
  deadlineStatus: DEADLINE_STATUSES,
};

export function formatNumber(value: number, lang: ReportLang, maxDecimals = 2): string {
  const text = numberFormat(lang, maxDecimals).format(value);
  // ICU versions differ on the French group separator (U+00A0 or U+202F): always the narrow one.
  return lang === 'fr' ? text.replace(/[\u00a0\u202f ]/g, NARROW_NBSP) : text;
}

/** A fraction (0.125) as a percentage, whole numbers: `13 %` (narrow no-break space) or `13%`. */
export function formatPercent(fraction: number | null, lang: ReportLang): string {
  if (fraction === null) return '—';
  const rounded = formatNumber(Math.round(fraction * 100), lang, 0);
  return lang === 'fr' ? `${rounded}${NARROW_NBSP}%` : `${rounded}%`;
}

function utcDate(localDate: string): Date {
  const [year, month, day] = localDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}

/** A Paris local date (`2025-03-31`) or an instant (ISO with offset, shown on its Paris day). */
export function formatDate(value: string, lang: ReportLang): string {
  const isInstant = value.length > 10;
  return dateFormat(lang, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: isInstant ? TIME_ZONE : 'UTC',
  }).format(isInstant ? new Date(value) : utcDate(value));
}

/** An instant in Paris time: `22 novembre 2026 à 17:40` / `22 November 2026 at 17:40`. */
export function formatDateTime(value: string, lang: ReportLang): string {
  const instant = new Date(value);
  const time = dateFormat(lang, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TIME_ZONE,
  }).format(instant);
  return `${formatDate(value, lang)} ${lang === 'fr' ? 'à' : 'at'} ${time}`;
}

/** A month (`2025-03` or any date in it): `mars 2025` / `March 2025`. */
export function formatMonth(value: string, lang: ReportLang): string {
  return dateFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    utcDate(value.length === 7 ? `${value}-01` : value),
  );
}

/** A short month for chart axes and tables: `mars` / `Mar`. */
export function formatShortMonth(value: string, lang: ReportLang): string {
  return dateFormat(lang, { month: 'short', timeZone: 'UTC' }).format(
    utcDate(value.length === 7 ? `${value}-01` : value),
  );
}

function lastDayOfMonth(localDate: string): string {
  const date = utcDate(localDate);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
}

/** A period of Paris local dates: a whole month or year by its name, else both ends. */
export function formatPeriod(from: string, to: string, lang: ReportLang): string {
  if (from.endsWith('-01') && from.slice(0, 7) === to.slice(0, 7) && to === lastDayOfMonth(from)) {
    return formatMonth(from, lang);
  }
  if (from.endsWith('-01-01') && to === `${from.slice(0, 4)}-12-31`) return from.slice(0, 4);
  return `${formatDate(from, lang)} – ${formatDate(to, lang)}`;
}

const SIZE_UNITS: Record<ReportLang, readonly string[]> = {
  fr: ['ko', 'Mo', 'Go'],
  en: ['kB', 'MB', 'GB'],
};

/**
 * A file size, rounded in decimal units then exact: `1,2 Mo (1 234 567 octets)` /
 * `1.2 MB (1,234,567 bytes)`; below 1 000 bytes only the exact count.
 */
export function formatFileSize(bytes: number, lang: ReportLang): string {
  const exact =
    lang === 'fr'
      ? `${formatNumber(bytes, lang)} ${bytes < 2 ? 'octet' : 'octets'}`
      : `${formatNumber(bytes, lang)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  if (bytes < 1000) return exact;
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS[lang].length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${formatNumber(value, lang, 1)}${lang === 'fr' ? '\u00a0' : ' '}${SIZE_UNITS[lang][unit]} (${exact})`;
}

/** `+3 (+25 %)`, `−2 (−10 %)`, `±0`, or `+3` when the previous value was 0 (no percentage of 0). */
export function formatChange(current: number, previous: number, lang: ReportLang): string {
  const difference = current - previous;
  if (difference === 0) return '±0';
  const signed = (n: number, text: string) => (n > 0 ? `+${text}` : `${MINUS}${text}`);
  const absolute = signed(difference, formatNumber(Math.abs(difference), lang));
  if (previous === 0) return absolute;
  const percent = formatPercent(Math.abs(difference) / previous, lang);
  return `${absolute} (${signed(difference, percent)})`;
}

/** Translation of `key`, with `{name}` replaced by the hash values (numbers formatted). */
export function translate(
  translations: Translations,
  key: string,
  values: Readonly<Record<string, unknown>>,
  lang: ReportLang,
): string {
  let chosen = key;
  const count = values.count;
  if (typeof count === 'number' && translations[`${key}.${plural(lang, count)}`]) {
    chosen = `${key}.${plural(lang, count)}`;
  } else if (typeof count === 'number' && translations[`${key}.other`]) {
    chosen = `${key}.other`;
  }
  const text = translations[chosen];
  if (text === undefined) throw new Error(`Missing ${lang} translation: ${key}`);
  return text.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Translation ${key} needs {${name}}`);
    return typeof value === 'number' ? formatNumber(value, lang) : String(value);
  });
}

function langOf(options: HelperOptions): ReportLang {
  const lang = (options.data as { root?: { lang?: unknown } }).root?.lang;
  if (lang !== 'fr' && lang !== 'en') throw new Error('The report model has no lang');
  return lang;
}

function numberArg(value: unknown, helper: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${helper}: expected a number, got ${JSON.stringify(value)}`);
  }
  return value;
}

function stringArg(value: unknown, helper: string): string {
  if (typeof value !== 'string')
    throw new Error(`${helper}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Handlebars' `SafeString`, from the private instance the helpers are registered on. */
export interface HelperHost {
  registerHelper(name: string, fn: HelperDelegate): void;
  SafeString: new (markup: string) => unknown;
}

/** What a CSS string may hold as it is: letters, digits, spaces and harmless punctuation. */
const CSS_STRING_SAFE = /[\p{L}\p{N} .,:!?'()\-\u2013\u2014/_+#%@°]/u;

/**
 * `text` as a CSS string literal, for a declaration inside a `<style>` element (the pages' footer,
 * printed in a page-margin box): every other character — among them `"`, `\`, `<`, `>`, `&`, `{`,
 * `}`, `;` and line breaks, which could end the string, the rule or the element — is written as a
 * CSS escape (`\22 `), so that a title or a case reference can only ever be text.
 */
export function cssString(text: string): string {
  let literal = '"';
  for (const character of text) {
    literal += CSS_STRING_SAFE.test(character)
      ? character
      : `\\${(character.codePointAt(0) as number).toString(16)} `;
  }
  return `${literal}"`;
}

/** Registers every helper on `hbs` (a private `Handlebars.create()` instance). */
export function registerHelpers(hbs: HelperHost, translations: Record<ReportLang, Translations>): void {
  const helpers: Record<string, (...args: never[]) => unknown> = {
    num: (value: unknown, ...rest: [unknown, HelperOptions] | [HelperOptions]) => {
      const options = rest[rest.length - 1] as HelperOptions;
      const decimals = rest.length === 2 ? numberArg(rest[0], 'num') : 2;
      return formatNumber(numberArg(value, 'num'), langOf(options), decimals);
    },
    pct: (fraction: unknown, options: HelperOptions) =>
      formatPercent(fraction === null ? null : numberArg(fraction, 'pct'), langOf(options)),
    date: (value: unknown, options: HelperOptions) => formatDate(stringArg(value, 'date'), langOf(options)),
    datetime: (value: unknown, options: HelperOptions) =>
      formatDateTime(stringArg(value, 'datetime'), langOf(options)),
    fileSize: (value: unknown, options: HelperOptions) =>
      formatFileSize(numberArg(value, 'fileSize'), langOf(options)),
    month: (value: unknown, options: HelperOptions) =>
      formatMonth(stringArg(value, 'month'), langOf(options)),
    shortMonth: (value: unknown, options: HelperOptions) =>
      formatShortMonth(stringArg(value, 'shortMonth'), langOf(options)),
    period: (from: unknown, to: unknown, options: HelperOptions) =>
      formatPeriod(stringArg(from, 'period'), stringArg(to, 'period'), langOf(options)),
    change: (current: unknown, previous: unknown, options: HelperOptions) =>
      formatChange(numberArg(current, 'change'), numberArg(previous, 'change'), langOf(options)),
    label: (vocabulary: unknown, code: unknown, options: HelperOptions) => {
      const vocab = VOCABULARIES[stringArg(vocabulary, 'label')];
      if (!vocab) throw new Error(`label: unknown vocabulary ${String(vocabulary)}`);
      const value = stringArg(code, 'label');
      if (!vocab.has(value)) throw new Error(`label: ${value} is not in ${vocab.name}`);
      return vocab.label(value, langOf(options));
    },
    t: (key: unknown, options: HelperOptions) => {
      const lang = langOf(options);
      return translate(
        translations[lang],
        stringArg(key, 't'),
        options.hash as Record<string, unknown>,
        lang,
      );
    },
    cssString: (text: unknown) => new hbs.SafeString(cssString(String(text))),
    eq: (a: unknown, b: unknown) => a === b,
    gt: (a: unknown, b: unknown) => numberArg(a, 'gt') > numberArg(b, 'gt'),
    trusted: (markup: unknown) => {
      if (!(markup instanceof TrustedMarkup)) {
        throw new Error('trusted: only markup generated by libs/reporting may be printed unescaped');
      }
      return new hbs.SafeString(markup.markup);
    },
  };
  for (const [name, fn] of Object.entries(helpers)) hbs.registerHelper(name, fn as HelperDelegate);
}
