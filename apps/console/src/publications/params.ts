import type { Area, ReportRecord } from '@vigie/domain';
import { statsQuery } from '../stats/api';
import {
  isDate,
  monthPeriod,
  parisMonth,
  parisToday,
  periodMonth,
  previousMonth,
  type Period,
} from '../stats/period';

export type ReportKind = ReportRecord['kind'];
export type ReportLang = ReportRecord['lang'];

export const REPORT_KINDS: readonly ReportKind[] = ['monthly-note', 'annual-report', 'press-release'];
export const REPORT_LANGS: readonly ReportLang[] = ['fr', 'en'];

/** The form of the Publications page: each kind has its own way to pick a period. */
export interface ReportForm {
  kind: ReportKind;
  /** `YYYY-MM`, for a monthly note. */
  month: string;
  /** For an annual report. */
  year: number;
  /** For a press release. */
  from: string;
  to: string;
  area: Area | null;
  lang: ReportLang;
}

/** The body of `POST /api/reports` (and the preview's query). */
export interface ReportRequest extends Period {
  kind: ReportKind;
  area: Area | null;
  lang: ReportLang;
}

/**
 * Sensible first choices: last month's note (the month just ended), last year's report, a press
 * release on the current month so far.
 */
export function defaultForm(lang: string, now: Date = new Date()): ReportForm {
  const month = parisMonth(now);
  return {
    kind: 'monthly-note',
    month: previousMonth(month),
    year: Number(month.slice(0, 4)) - 1,
    from: `${month}-01`,
    to: parisToday(now),
    area: null,
    lang: lang === 'en' ? 'en' : 'fr',
  };
}

/** The request a form makes, or null when its period is not valid. */
export function reportRequest(form: ReportForm): ReportRequest | null {
  const base = { kind: form.kind, area: form.area, lang: form.lang };
  if (form.kind === 'monthly-note') return { ...base, ...monthPeriod(form.month) };
  if (form.kind === 'annual-report') {
    const year = String(form.year).padStart(4, '0');
    return { ...base, from: `${year}-01-01`, to: `${year}-12-31` };
  }
  if (!isDate(form.from) || !isDate(form.to) || form.from > form.to) return null;
  return { ...base, from: form.from, to: form.to };
}

/** `GET /api/reports/preview?…`: the area is left out for the whole territory. */
export function previewUrl(request: ReportRequest): string {
  const { kind, from, to, area, lang } = request;
  return `/api/reports/preview?${statsQuery({ kind, from, to, area, lang })}`;
}

/** How the list names a period: `mars 2025`, `2025`, or both dates. */
export function periodKind(period: Period): { month: string } | { year: string } | null {
  const month = periodMonth(period);
  if (month) return { month };
  const year = period.from.slice(0, 4);
  if (period.from === `${year}-01-01` && period.to === `${year}-12-31`) return { year };
  return null;
}

export const isActive = (report: Pick<ReportRecord, 'status'>) =>
  report.status === 'queued' || report.status === 'rendering';
