import type { ExportFile, ExportParams } from '../dataProvider';

export const EXPORT_FILES: readonly ExportFile[] = [
  'observations.csv',
  'observations.geojson',
  'observations.xlsx',
  'incidents.csv',
  'incidents.xlsx',
  'datapackage.zip',
];

export type ExportLevel = 'research' | 'internal';

/** What the page's form holds. */
export interface ExportOptions {
  file: ExportFile;
  from: string;
  to: string;
  level: ExportLevel;
  /** Empty: the whole territory. */
  area: string;
  /** Empty: every commune. */
  communeCode: string;
  semicolon: boolean;
}

/**
 * The last full calendar year before the research embargo: the first embargoed day (from the API)
 * when known, else today. `2026-11-07` → 2025; `2027-01-05` → 2026 (its last days are embargoed).
 */
export function defaultPeriod(today: string, embargoFrom: string | null): { from: string; to: string } {
  const reference = embargoFrom !== null && embargoFrom < today ? embargoFrom : today;
  const year = Number(reference.slice(0, 4)) - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The export's query: only what is set, `sep` for a CSV only (the API refuses it on the others). */
export function exportParams(options: ExportOptions): ExportParams {
  const params: ExportParams = { from: options.from, to: options.to, level: options.level };
  if (options.area) params.area = options.area;
  if (options.communeCode) params.communeCode = options.communeCode;
  if (options.semicolon && options.file.endsWith('.csv')) params.sep = 'semicolon';
  return params;
}

/**
 * From this estimated size on, the file is not read by the page (which would hold it whole in the
 * tab's memory before saving it) but downloaded by the browser itself from a plain link: streamed
 * to disk, with the browser's own progress. Below it, the page reads it and shows its progress.
 */
export const BROWSER_DOWNLOAD_FROM_BYTES = 50_000_000;

/** Who downloads a file of this estimated size: the page, or the browser from a link. */
export function downloadMode(estimatedBytes: number): 'page' | 'browser' {
  return estimatedBytes >= BROWSER_DOWNLOAD_FROM_BYTES ? 'browser' : 'page';
}

/** A size in bytes as people read it: `12 Ko`, `3,4 Mo` (French), `12 kB`, `3.4 MB` (English). */
export function formatBytes(bytes: number, locale: string): string {
  const french = locale === 'fr';
  const units = french ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  const number = new Intl.NumberFormat(french ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(
    value,
  );
  return `${number} ${units[unit]}`;
}
