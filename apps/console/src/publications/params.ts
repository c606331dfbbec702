import {
  calendarYearPeriod,
  isDate,
  isMonth,
  monthPeriod,
  parisMonth,
  periodMonth,
  previousMonth,
  type Area,
  type Period,
  type ReportRecord,
} from '@vigie/domain';
import { statsQuery } from '../stats/query';

export type ReportKind = ReportRecord['kind'];
export type ReportLang = ReportRecord['lang'];
/** The publications of a period; a case dossier is asked for from its case. */
export type PeriodicKind = Exclude<ReportKind, 'case-dossier'>;

export const PERIODIC_KINDS: readonly PeriodicKind[] = ['monthly-note', 'annual-report', 'press-release'];
export const REPORT_KINDS: readonly ReportKind[] = [...PERIODIC_KINDS, 'case-dossier'];
export const REPORT_LANGS: readonly ReportLang[] = ['fr', 'en'];
export const REPORT_STATUSES: readonly ReportRecord['status'][] = ['queued', 'rendering', 'done', 'failed'];

/**
 * The values of the « Nouvelle publication » form. Each kind picks its period its own way (a month,
 * a year, two dates); `from` and `to` always hold the period that will be asked for, so that the
 * API's errors on them show under their inputs.
 */
export interface ReportFormValues {
  kind: PeriodicKind;
  /** `YYYY-MM`, for a monthly note. */
  month: string;
  /** For an annual report. */
  year: number;
  from: string;
  to: string;
  /** Empty or null: the whole territory. */
  area: Area | '' | null;
  lang: ReportLang;
}

/** The body of `POST /api/reports` (and the preview's query). */
export interface ReportRequest extends Period {
  kind: PeriodicKind;
  area: Area | null;
  lang: ReportLang;
}

/** Sensible first choices: the note of the month just ended (and last year's report). */
export function defaultValues(lang: string, now: Date = new Date()): ReportFormValues {
  const month = previousMonth(parisMonth(now));
  return {
    kind: 'monthly-note',
    month,
    year: Number(parisMonth(now).slice(0, 4)) - 1,
    ...monthPeriod(month),
    area: '',
    lang: lang === 'en' ? 'en' : 'fr',
  };
}

/** The period a kind's picker stands for; null for a press release, whose dates are typed. */
export function pickedPeriod(values: Pick<ReportFormValues, 'kind' | 'month' | 'year'>): Period | null {
  if (values.kind === 'monthly-note') return isMonth(values.month) ? monthPeriod(values.month) : null;
  if (values.kind === 'annual-report') {
    return Number.isInteger(Number(values.year)) ? calendarYearPeriod(Number(values.year)) : null;
  }
  return null;
}

/** The request the form makes, or null while its period is not a real one. */
export function reportRequest(values: ReportFormValues): ReportRequest | null {
  if (!isDate(values.from) || !isDate(values.to) || values.from > values.to) return null;
  return {
    kind: values.kind,
    from: values.from,
    to: values.to,
    area: values.area ? values.area : null,
    lang: values.lang,
  };
}

/** What is sent: the area is left out for the whole territory. */
export function requestBody(request: ReportRequest): Record<string, string> {
  const { kind, from, to, area, lang } = request;
  return area ? { kind, from, to, area, lang } : { kind, from, to, lang };
}

/** `GET /api/reports/preview?…`: the area is left out for the whole territory. */
export function previewUrl(request: ReportRequest): string {
  const { kind, from, to, area, lang } = request;
  return `/api/reports/preview?${statsQuery({ kind, from, to, area, lang })}`;
}

/** How a period is named in the list: by its month, its year, or neither (both dates). */
export function namedPeriod(period: Period): { month: string } | { year: string } | null {
  const month = periodMonth(period);
  if (month) return { month };
  const year = period.from.slice(0, 4);
  if (period.from === `${year}-01-01` && period.to === `${year}-12-31`) return { year };
  return null;
}

export const isActive = (report: Pick<ReportRecord, 'status'>) =>
  report.status === 'queued' || report.status === 'rendering';

/** How often a report being rendered is asked for again: its progress moves within a second. */
export const FOLLOW_MS = 500;
