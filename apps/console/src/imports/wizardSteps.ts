import type { ImportStatus } from '@vigie/domain';

export const WIZARD_STEPS = ['upload', 'mapping', 'check', 'commit'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

/** Where the wizard opens an existing import: at the first step its status has not done yet. */
export function stepOf(status: ImportStatus): WizardStep {
  switch (status) {
    case 'uploaded':
    case 'mapped':
      return 'mapping';
    case 'checked':
      return 'check';
    case 'committed':
    case 'undone':
      return 'commit';
  }
}

/**
 * A few of the column's values from the sample rows, distinct and non-empty, so that a line of the
 * mapping shows what the column holds.
 */
export function sampleValues(sampleRows: readonly string[][], columnIndex: number, limit = 3): string[] {
  const values: string[] = [];
  for (const row of sampleRows) {
    const value = row[columnIndex]?.trim() ?? '';
    if (value !== '' && !values.includes(value)) values.push(value);
    if (values.length === limit) break;
  }
  return values;
}
