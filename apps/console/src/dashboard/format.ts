import { periodKind, type Period } from '@vigie/domain';
import { intlLocale } from '../common/parisTime';

/** A Paris local date `YYYY-MM-DD` as words: `31 mars 2025`, `31 March 2025`. */
export function formatDay(date: string, lang: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...options,
  }).format(new Date(`${date}T12:00:00Z`));
}

/** `2025-03` → `mars 2025`, `March 2025`. */
export function formatMonth(month: string, lang: string): string {
  return new Intl.DateTimeFormat(intlLocale(lang), {
    timeZone: 'UTC',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${month}-15T12:00:00Z`));
}

/**
 * A period as the publications name it (libs/reporting `formatPeriod`): a whole month or calendar
 * year by its name, else both ends — `avril 2033`, `2024`, `1 novembre 2024 – 31 octobre 2025`.
 */
export function formatPeriod(period: Period, lang: string): string {
  switch (periodKind(period)) {
    case 'month':
      return formatMonth(period.from.slice(0, 7), lang);
    case 'calendar-year':
      return period.from.slice(0, 4);
    default:
      return `${formatDay(period.from, lang)} – ${formatDay(period.to, lang)}`;
  }
}

export function numberFormat(lang: string): (value: number) => string {
  const format = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits: 1 });
  return (value) => format.format(value);
}

/** A fraction as a whole percentage (`0.4286` → `43 %`), or null. */
export function formatPercent(fraction: number | null, lang: string): string | null {
  if (fraction === null) return null;
  return new Intl.NumberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(
    fraction,
  );
}
