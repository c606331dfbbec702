import { AREAS, type Area, isLocalDate } from '@vigie/domain';
import { REPORT_KINDS, REPORT_LANGS, type ReportParams } from '@vigie/reporting';
import { reportErrors } from './reports.errors';

export const REPORT_STATUSES = ['queued', 'rendering', 'done', 'failed'] as const;

/**
 * The longest period of each kind, in days (both ends included). A monthly note covers a month
 * (usually a calendar month, but any period of at most 31 days is accepted, e.g. 15 March–14 April);
 * an annual report and a press release at most a year (366 days: a calendar year, or the
 * observatories' 1 November–31 October year).
 */
export const MAX_PERIOD_DAYS: Record<ReportParams['kind'], number> = {
  'monthly-note': 31,
  'annual-report': 366,
  'press-release': 366,
};

const FIELDS = ['kind', 'from', 'to', 'area', 'lang'] as const;
const DAY_MS = 86_400_000;

function days(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** One value of a JSON body, or of a query string (where a parameter may be repeated). */
function single(raw: unknown, name: string, errors: Record<string, string>): unknown {
  if (!Array.isArray(raw)) return raw;
  if (raw.length === 1) return raw[0];
  errors[name] = 'must be given once';
  return undefined;
}

/**
 * Checks a report request (`POST /api/reports` body, or `GET /api/reports/preview` query): every
 * field is named in `errors` when wrong, unknown fields included; nothing is silently dropped.
 * `area` absent, null or empty means the whole territory.
 */
export function parseReportRequest(input: unknown): ReportParams {
  const errors = Object.create(null) as Record<string, string>;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw reportErrors.invalid({ body: 'must be a JSON object' });
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      errors[key] =
        key === 'caseId'
          ? 'case dossiers are not available yet'
          : `unknown field; allowed: ${FIELDS.join(', ')}`;
    }
  }
  const value = (name: (typeof FIELDS)[number]) => single(raw[name], name, errors);

  const kind = value('kind');
  if (kind === undefined || kind === null || kind === '') errors.kind ??= 'is required';
  else if (!(REPORT_KINDS as readonly unknown[]).includes(kind)) {
    errors.kind =
      kind === 'case-dossier'
        ? 'case dossiers are not available yet'
        : `must be one of: ${REPORT_KINDS.join(', ')}`;
  }

  const lang = value('lang');
  if (lang === undefined || lang === null || lang === '') errors.lang ??= 'is required';
  else if (!(REPORT_LANGS as readonly unknown[]).includes(lang)) {
    errors.lang = `must be one of: ${REPORT_LANGS.join(', ')}`;
  }

  const dates: Record<'from' | 'to', string | null> = { from: null, to: null };
  for (const name of ['from', 'to'] as const) {
    const date = value(name);
    if (date === undefined || date === null || date === '') errors[name] ??= 'is required';
    else if (!isLocalDate(date)) errors[name] = 'must be a Paris local date YYYY-MM-DD';
    else dates[name] = date;
  }
  if (dates.from && dates.to) {
    if (dates.to < dates.from) errors.to = 'must not be before from';
    else if (typeof kind === 'string' && kind in MAX_PERIOD_DAYS) {
      const max = MAX_PERIOD_DAYS[kind as ReportParams['kind']];
      if (days(dates.from, dates.to) > max) errors.to = `a ${kind} covers at most ${max} days`;
    }
  }

  const area = value('area');
  let parsedArea: Area | null = null;
  if (area !== undefined && area !== null && area !== '') {
    if (typeof area === 'string' && AREAS.has(area)) parsedArea = area as Area;
    else errors.area = `must be one of: ${AREAS.codes.join(', ')}`;
  }

  if (Object.keys(errors).length > 0) throw reportErrors.invalid({ ...errors });
  return {
    kind: kind as ReportParams['kind'],
    from: dates.from as string,
    to: dates.to as string,
    area: parsedArea,
    lang: lang as ReportParams['lang'],
  };
}
