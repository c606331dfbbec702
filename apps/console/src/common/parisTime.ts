import { TZDate } from '@date-fns/tz';
import { TIME_ZONE, type Lang } from '@vigie/domain';

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The value of an `<input type="datetime-local">` (`YYYY-MM-DDTHH:mm`) showing an instant in Paris
 * time, whatever the time zone of the device (an observer's phone may still be on UK time).
 */
export function toParisInputValue(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  if (LOCAL_INPUT.test(value)) return value.slice(0, 16);
  const instant = Date.parse(value);
  if (Number.isNaN(instant)) return '';
  const local = new TZDate(instant, TIME_ZONE);
  return (
    `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}` +
    `T${pad(local.getHours())}:${pad(local.getMinutes())}`
  );
}

/**
 * The ISO 8601 timestamp, with its offset, of a Paris wall-clock time typed in a datetime-local
 * input; null when empty or malformed. A time skipped by the spring DST change moves forward an
 * hour; a time repeated in autumn is read in winter time.
 */
export function fromParisInputValue(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = LOCAL_INPUT.exec(value);
  if (!match) return value === '' ? null : isoOrNull(value);
  const [, year, month, day, hours, minutes, seconds = '0'] = match;
  const local = new TZDate(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hours),
    Number(minutes),
    Number(seconds),
    TIME_ZONE,
  );
  return Number.isNaN(local.getTime()) ? null : local.toISOString();
}

function isoOrNull(value: string): string | null {
  return Number.isNaN(Date.parse(value)) ? null : value;
}

const INTL_LOCALES: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

export function intlLocale(lang: string): string {
  return lang === 'en' ? INTL_LOCALES.en : INTL_LOCALES.fr;
}

/** `31/03/2025 23:30` in Paris time (French format; the English console uses day/month too). */
export function formatParisDateTime(value: unknown, lang: string = 'fr'): string {
  const instant = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(instant)) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(instant)
    .replace(',', '');
}

/** The current time as a Paris datetime-local value: the default start of a new observation. */
export function nowParisInputValue(now: Date = new Date()): string {
  return toParisInputValue(now.toISOString());
}
