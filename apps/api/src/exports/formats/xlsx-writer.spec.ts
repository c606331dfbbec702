import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { OBSERVATION_COLUMNS } from '../exports.columns';
import type { ExportRow } from '../exports.repository';
import { XLSX_SHEETS, xlsxStream } from './xlsx-writer';

const HOSTILE = '=HYPERLINK("http://evil","x")';
const columns = OBSERVATION_COLUMNS.filter((column) =>
  ['id', 'kind', 'arrests', 'date', 'counts_reliable', 'contractor_name', 'description'].includes(
    column.name,
  ),
);

async function* batches(rows: ExportRow[]): AsyncGenerator<ExportRow[]> {
  yield rows;
}

async function written(row: ExportRow): Promise<ExcelJS.Row> {
  const bytes = await buffer(
    xlsxStream(columns, batches([row]), (error) => {
      throw error;
    }),
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.getWorksheet(XLSX_SHEETS.data)!.getRow(2);
}

describe(xlsxStream.name, () => {
  it('writes hostile text as a string cell with a leading apostrophe, never as a formula', async () => {
    const row = await written({
      id: '6f1c1c1e-8d59-4a55-9d8e-3c1f0d2b7a10',
      kind: 'eviction',
      arrests: '2',
      date: '2012-05-03',
      counts_reliable: 'true',
      contractor_name: "+cmd|' /C calc'!A0",
      description: HOSTILE,
    });
    const cell = (name: string) => row.getCell(columns.findIndex((column) => column.name === name) + 1);
    expect(cell('description').type).toBe(ExcelJS.ValueType.String);
    expect(cell('description').value).toBe(`'${HOSTILE}`);
    expect(cell('contractor_name').value).toBe(`'+cmd|' /C calc'!A0`);
    row.eachCell((each) => expect(each.formula).toBeUndefined());
    // Typed cells are untouched.
    expect(cell('arrests').value).toBe(2);
    expect(cell('counts_reliable').value).toBe(true);
    expect(cell('kind').value).toBe('eviction');
  });

  it('keeps ordinary text and a negative number in a number column as they are', async () => {
    const row = await written({
      id: '6f1c1c1e-8d59-4a55-9d8e-3c1f0d2b7a10',
      kind: 'eviction',
      arrests: '-5',
      date: null,
      counts_reliable: 'false',
      contractor_name: 'Entreprise = Nord',
      description: '-5',
    });
    const cell = (name: string) => row.getCell(columns.findIndex((column) => column.name === name) + 1);
    expect(cell('arrests').value).toBe(-5);
    expect(cell('contractor_name').value).toBe('Entreprise = Nord');
    // In a text column "-5" is text: neutralised like any other.
    expect(cell('description').value).toBe("'-5");
  });
});
