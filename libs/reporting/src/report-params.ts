import type { Area } from '@vigie/domain';

/** The publications Vigie prints (DESIGN §6). */
export const REPORT_KINDS = ['monthly-note', 'annual-report', 'press-release', 'case-dossier'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The publications that cover a period (and an area) of the territory's figures. */
export const PERIODIC_REPORT_KINDS = ['monthly-note', 'annual-report', 'press-release'] as const;
export type PeriodicReportKind = (typeof PERIODIC_REPORT_KINDS)[number];

export const REPORT_LANGS = ['fr', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** A periodic publication: `from` and `to` are Paris local dates (`YYYY-MM-DD`), both included. */
export interface PeriodicReportParams {
  kind: PeriodicReportKind;
  from: string;
  to: string;
  area: Area | null;
  lang: ReportLang;
}

/**
 * The dossier of one legal case, as a whole (no period). `includeRestricted`: print the restricted
 * text (claimants, confidential notes, testimonies) — only when the requester may still read it.
 */
export interface CaseDossierParams {
  kind: 'case-dossier';
  caseId: string;
  lang: ReportLang;
  includeRestricted: boolean;
}

/** What a report is asked for. */
export type ReportParams = PeriodicReportParams | CaseDossierParams;

export function isCaseDossier(params: ReportParams): params is CaseDossierParams {
  return params.kind === 'case-dossier';
}
