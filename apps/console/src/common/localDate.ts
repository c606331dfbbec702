import { intlLocale } from './parisTime';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A Paris local date `YYYY-MM-DD` (a due date, a hearing day) as `04/05/2026`. It is a day, not an
 * instant: no time zone may move it, so it is formatted as the same day in UTC.
 */
export function formatLocalDate(value: unknown, lang: string = 'fr'): string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), {
    timeZone: 'UTC',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(`${value}T12:00:00Z`));
}

/** `lundi 4 mai 2026`: a day in words, for the calendar and the deadlines' titles. */
export function formatLocalDateLong(value: unknown, lang: string = 'fr'): string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return '';
  return new Intl.DateTimeFormat(intlLocale(lang), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${value}T12:00:00Z`));
}
