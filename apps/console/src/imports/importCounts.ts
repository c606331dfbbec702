import type { ImportRecord } from '@vigie/domain';

/**
 * The counts line of an import: what its commit did once committed (or undone), what its dry run
 * said before that, else only its number of rows. Returns a translation key and its values.
 */
export function importCounts(record: Pick<ImportRecord, 'rowCount' | 'summary' | 'result'>): {
  key: string;
  values: Record<string, number>;
} {
  if (record.result) return { key: 'vigie.imports.counts.result', values: { ...record.result } };
  if (record.summary) return { key: 'vigie.imports.counts.summary', values: { ...record.summary } };
  return { key: 'vigie.imports.counts.rows', values: { smart_count: record.rowCount } };
}
