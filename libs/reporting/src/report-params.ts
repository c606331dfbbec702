import type { Area } from '@vigie/domain';

/** The publications Vigie prints (DESIGN §6); `case-dossier` comes with legal cases. */
export const REPORT_KINDS = ['monthly-note', 'annual-report', 'press-release'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_LANGS = ['fr', 'en'] as const;
export type ReportLang = (typeof REPORT_LANGS)[number];

/** What a report is asked for: `from` and `to` are Paris local dates (`YYYY-MM-DD`), both included. */
export interface ReportParams {
  kind: ReportKind;
  from: string;
  to: string;
  area: Area | null;
  lang: ReportLang;
}
