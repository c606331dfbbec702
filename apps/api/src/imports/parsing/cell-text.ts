import type { CellValue } from 'exceljs';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE_1904_OFFSET_DAYS = 1462;
const DAY_MS = 24 * 3600 * 1000;

/**
 * An XLSX cell as the text a user reads in it. Formulas give their cached result, never evaluated;
 * dates their wall-clock time without offset (the mapping's time zone applies later).
 */
export function cellText(value: CellValue, numFmt: string | undefined, date1904: boolean): string {
  return rawText(value, numFmt, date1904).trim();
}

function rawText(value: CellValue, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return wallClock(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const { result } = value;
    // exceljs converts a date-formatted number to a Date, but not a formula's result.
    if (typeof result === 'number' && isDateFormat(numFmt)) {
      return wallClock(new Date(EXCEL_EPOCH_MS + (result + (date1904 ? DATE_1904_OFFSET_DAYS : 0)) * DAY_MS));
    }
    if (result !== null && typeof result === 'object' && 'error' in result) return result.error;
    return rawText(result ?? null, numFmt, date1904);
  }
  if ('error' in value) return value.error;
  if ('text' in value) return rawText(value.text, numFmt, date1904);
  return '';
}

/** `YYYY-MM-DDTHH:mm:ss` from the date's UTC fields: exceljs puts the cell's wall clock there. */
function wallClock(date: Date): string {
  // Serial numbers are binary fractions of a day: 10:30 may come back as 10:29:59.999.
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  return Number.isNaN(rounded.getTime()) ? '' : rounded.toISOString().slice(0, 19);
}

/** exceljs's own test: a format with date or time letters once literals and [colours] are removed. */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}
