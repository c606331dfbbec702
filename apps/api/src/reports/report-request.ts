import { AREAS, type Area, isLocalDate } from '@vigie/domain';
import {
  type PeriodicReportKind,
  REPORT_KINDS,
  REPORT_LANGS,
  type ReportLang,
  type ReportParams,
} from '@vigie/reporting';
import { reportErrors } from './reports.errors';

export const REPORT_STATUSES = ['queued', 'rendering', 'done', 'failed'] as const;

/**
 * The longest period of each kind, in days (both ends included). A monthly note covers a month
 * (usually a calendar month, but any period of at most 31 days is accepted, e.g. 15 March–14 April);
 * an annual report and a press release at most a year (366 days: a calendar year, or the
 * observatories' 1 November–31 October year).
 */
export const MAX_PERIOD_DAYS: Record<PeriodicReportKind, number> = {
  'monthly-note': 31,
  'annual-report': 366,
  'press-release': 366,
};

const PERIODIC_FIELDS = ['kind', 'from', 'to', 'area', 'lang'] as const;
const DOSSIER_FIELDS = ['kind', 'caseId', 'lang', 'includeRestricted'] as const;
type Field = (typeof PERIODIC_FIELDS)[number] | (typeof DOSSIER_FIELDS)[number];

const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

const absent = (value: unknown) => value === undefined || value === null || value === '';

/**
 * The kind a request asks for, as sent (before any check), so that the service can check the
 * permission it calls for before anything else.
 */
export function requestedKind(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const kind = (input as Record<string, unknown>).kind;
  return Array.isArray(kind) && kind.length === 1 ? kind[0] : kind;
}

/**
 * Checks a report request (`POST /api/reports` body, or `GET /api/reports/preview` query): every
 * field is named in `errors` when wrong, unknown fields included; nothing is silently dropped.
 * Periodic kinds take `from`, `to`, `lang` and an optional `area` (absent, null or empty: the whole
 * territory); a case dossier takes `caseId`, `lang` and an optional `includeRestricted` (false by
 * default; a boolean in a body, `true`/`false` in a query string), and neither a period nor an area.
 */
export function parseReportRequest(input: unknown, source: 'body' | 'query' = 'body'): ReportParams {
  const errors = Object.create(null) as Record<string, string>;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw reportErrors.invalid({ body: 'must be a JSON object' });
  }
  const raw = input as Record<string, unknown>;
  const value = (name: Field) => single(raw[name], name, errors);

  const kind = value('kind');
  if (absent(kind)) errors.kind ??= 'is required';
  else if (!(REPORT_KINDS as readonly unknown[]).includes(kind)) {
    errors.kind = `must be one of: ${REPORT_KINDS.join(', ')}`;
  }
  const dossier = kind === 'case-dossier';
  const fields: readonly string[] = dossier ? DOSSIER_FIELDS : PERIODIC_FIELDS;
  const others: readonly string[] = dossier ? PERIODIC_FIELDS : DOSSIER_FIELDS;
  for (const key of Object.keys(raw)) {
    if (fields.includes(key)) continue;
    if (others.includes(key)) {
      // Present but empty is as good as absent (a form may send every field it has).
      if (absent(single(raw[key], key, errors))) continue;
      errors[key] = dossier
        ? 'not for a case dossier, which covers its whole case'
        : 'only for a case dossier (kind case-dossier)';
    } else {
      errors[key] = `unknown field; allowed: ${fields.join(', ')}`;
    }
  }

  const lang = value('lang');
  if (absent(lang)) errors.lang ??= 'is required';
  else if (!(REPORT_LANGS as readonly unknown[]).includes(lang)) {
    errors.lang = `must be one of: ${REPORT_LANGS.join(', ')}`;
  }

  if (dossier) {
    const caseId = value('caseId');
    if (absent(caseId)) errors.caseId ??= 'is required';
    else if (typeof caseId !== 'string' || !UUID.test(caseId)) errors.caseId = 'must be a UUID';
    const restricted = value('includeRestricted');
    let includeRestricted = false;
    if (restricted === true || (source === 'query' && restricted === 'true')) includeRestricted = true;
    else if (!absent(restricted) && restricted !== false && !(source === 'query' && restricted === 'false')) {
      errors.includeRestricted = 'must be true or false';
    }
    if (Object.keys(errors).length > 0) throw reportErrors.invalid({ ...errors });
    return {
      kind: 'case-dossier',
      caseId: (caseId as string).toLowerCase(),
      lang: lang as ReportLang,
      includeRestricted,
    };
  }

  const dates: Record<'from' | 'to', string | null> = { from: null, to: null };
  for (const name of ['from', 'to'] as const) {
    const date = value(name);
    if (absent(date)) errors[name] ??= 'is required';
    else if (!isLocalDate(date)) errors[name] = 'must be a Paris local date YYYY-MM-DD';
    else dates[name] = date;
  }
  if (dates.from && dates.to) {
    if (dates.to < dates.from) errors.to = 'must not be before from';
    else if (typeof kind === 'string' && kind in MAX_PERIOD_DAYS) {
      const max = MAX_PERIOD_DAYS[kind as PeriodicReportKind];
      if (days(dates.from, dates.to) > max) errors.to = `a ${kind} covers at most ${max} days`;
    }
  }

  const area = value('area');
  let parsedArea: Area | null = null;
  if (!absent(area)) {
    if (typeof area === 'string' && AREAS.has(area)) parsedArea = area as Area;
    else errors.area = `must be one of: ${AREAS.codes.join(', ')}`;
  }

  if (Object.keys(errors).length > 0) throw reportErrors.invalid({ ...errors });
  return {
    kind: kind as PeriodicReportKind,
    from: dates.from as string,
    to: dates.to as string,
    area: parsedArea,
    lang: lang as ReportLang,
  };
}
