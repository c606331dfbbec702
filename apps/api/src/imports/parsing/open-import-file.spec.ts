import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { ZipFile } from 'yazl';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../common/domain-error';
import { ImportFileErrorCode } from './import-file.errors';
import type { ImportRow } from './import-file.types';
import { openImportFile } from './open-import-file';

const directory = mkdtempSync(join(tmpdir(), 'vigie-import-parsing-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let fileCount = 0;
function writeFile(name: string, content: string | Uint8Array): string {
  const path = join(directory, `${++fileCount}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string, fileName: string, sheet?: string) {
  const { info, rows } = await openImportFile(path, { fileName, sheet });
  const all: ImportRow[] = [];
  for await (const row of rows) all.push(row);
  return { info, rows: all };
}

/** The DomainError `action` throws (the file is refused when opened or while its rows are read). */
async function refusal(action: () => Promise<unknown>): Promise<DomainError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

/** Windows-1252 bytes, as a legacy Excel "CSV (séparateur : point-virgule)" export writes them. */
function windows1252(text: string): Buffer {
  const beyondLatin1: Record<string, number> = { '€': 0x80, '’': 0x92, '–': 0x96, œ: 0x9c, Œ: 0x8c };
  return Buffer.from([...text].map((char) => beyondLatin1[char] ?? char.charCodeAt(0)));
}

/** A full collection, so the memory test measures from a clean heap (the flag is not set by default). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const excelSerial = (utc: number) => (utc - EXCEL_EPOCH) / 86_400_000;

async function writeWorkbook(name: string, build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const path = join(directory, `${++fileCount}-${name}`);
  await workbook.xlsx.writeFile(path);
  return path;
}

/** A KoboToolbox XLSX export with labels: group prefixes, metadata columns, a repeat group sheet. */
function koboExport(workbook: ExcelJS.Workbook): void {
  const main = workbook.addWorksheet('Observation expulsions');
  main.addRow([
    'start',
    'end',
    'groupe_expulsion/date_expulsion',
    'groupe_expulsion/Lieu de l’expulsion',
    'groupe_forces/Forces présentes',
    'groupe_expulsion/Personnes expulsées',
    'groupe_expulsion/Description',
    '_gps_latitude',
    '_gps_longitude',
    '_geolocation',
    '_id',
    '_uuid',
    '_submission_time',
    '_validation_status',
    '_index',
  ]);
  main.addRow([
    '2021-03-14T06:12:33.000+01:00',
    '2021-03-14T08:02:10.000+01:00',
    excelSerial(Date.UTC(2021, 2, 14, 6, 30)),
    'Calais — Hôpital',
    'crs gm',
    12,
    '  Tentes saisies,\nvêtements jetés  ',
    50.9513,
    1.8587,
    '[50.9513, 1.8587]',
    123456,
    'b7c0a3d8-5f2e-4c1b-9a6e-1f2d3c4b5a69',
    '2021-03-14T07:00:05',
    'validation_status_approved',
    1,
  ]);
  main.getCell('C2').numFmt = 'dd/mm/yyyy hh:mm';
  const repeat = workbook.addWorksheet('groupe_saisies');
  repeat.addRow(['Objet saisi', 'Quantité', '_parent_index', '_submission__uuid']);
  repeat.addRow(['tentes', 14, 1, 'b7c0a3d8-5f2e-4c1b-9a6e-1f2d3c4b5a69']);
}

describe(openImportFile.name, () => {
  describe('CSV', () => {
    it('reads a KoboToolbox CSV export: semicolons, group-field headers, a quoted line break', async () => {
      const csv = [
        '"start";"end";"groupe_expulsion-date_expulsion";"groupe_expulsion-lieu";"groupe_forces-forces_presentes";"groupe_expulsion-description";"_gps_latitude";"_gps_longitude";"_id";"_uuid";"_submission_time";"_index"',
        '"2021-03-14T06:12:33.000+01:00";"2021-03-14T08:02:10.000+01:00";"2021-03-14";"calais_hopital";"crs gm";"Tentes saisies;\nvêtements jetés";"50,9513";"1,8587";"123456";"b7c0a3d8-5f2e-4c1b-9a6e-1f2d3c4b5a69";"2021-03-14T07:00:05";"1"',
        '"2021-03-15T06:00:00.000+01:00";"2021-03-15T07:00:00.000+01:00";"2021-03-15";"loon_plage";"";"";"";"";"123457";"c1d2e3f4-0000-4000-8000-000000000001";"2021-03-15T07:30:00";"2"',
        '',
      ].join('\r\n');
      const { info, rows } = await readAll(
        writeFile('kobo.csv', csv),
        'Observations_-_latest_version_-_labels.csv',
      );

      expect(info).toEqual({
        format: 'kobo-csv',
        encoding: 'utf-8',
        delimiter: ';',
        sheet: null,
        sheets: [],
        columns: [
          'start',
          'end',
          'groupe_expulsion-date_expulsion',
          'groupe_expulsion-lieu',
          'groupe_forces-forces_presentes',
          'groupe_expulsion-description',
          '_gps_latitude',
          '_gps_longitude',
          '_id',
          '_uuid',
          '_submission_time',
          '_index',
        ],
      });
      expect(rows.map(({ row }) => row)).toEqual([2, 3]);
      expect(rows[0].cells[5]).toBe('Tentes saisies;\nvêtements jetés');
      expect(rows[0].cells[6]).toBe('50,9513');
      expect(rows[1].cells).toHaveLength(12);
    });

    it('decodes a legacy Windows-1252 file', async () => {
      const csv =
        'Date;Lieu;Opération;Commentaire\r\n14/03/2021;Calais – Hôpital;Cœur;L’expulsion a duré 2 h\r\n';
      const { info, rows } = await readAll(writeFile('legacy.csv', windows1252(csv)), 'expulsions 2018.csv');

      expect(info.encoding).toBe('windows-1252');
      expect(info.format).toBe('csv');
      expect(info.columns).toEqual(['Date', 'Lieu', 'Opération', 'Commentaire']);
      expect(rows).toEqual([
        { row: 2, cells: ['14/03/2021', 'Calais – Hôpital', 'Cœur', 'L’expulsion a duré 2 h'] },
      ]);
    });

    it('drops the BOM of a UTF-8 file from the first header', async () => {
      const csv = '\uFEFFDate,Lieu,Nombre\n2021-03-14,Grande-Synthe,"12"\n';
      const { info, rows } = await readAll(writeFile('bom.csv', csv), 'bom.csv');

      expect(info).toMatchObject({ encoding: 'utf-8', delimiter: ',', columns: ['Date', 'Lieu', 'Nombre'] });
      expect(rows).toEqual([{ row: 2, cells: ['2021-03-14', 'Grande-Synthe', '12'] }]);
    });

    it('skips blank lines but keeps the row numbers a spreadsheet shows, quoted line breaks included', async () => {
      const csv = 'a\tb\tc\n"x\ny"\t1\t2\n\n\t \t\n3\t4\n 5 \n';
      const { info, rows } = await readAll(writeFile('blank.tsv', csv), 'blank.tsv');

      expect(info.delimiter).toBe('\t');
      expect(rows).toEqual([
        { row: 2, cells: ['x\ny', '1', '2'] },
        { row: 5, cells: ['3', '4', ''] },
        { row: 6, cells: ['5', '', ''] },
      ]);
    });

    it('keeps a formula as literal text, never evaluated', async () => {
      const csv = 'Lieu|Lien\nCalais|=HYPERLINK("http://x","y")\n';
      const { info, rows } = await readAll(writeFile('formula.csv', csv), 'formula.csv');

      expect(info.delimiter).toBe('|');
      expect(rows[0].cells).toEqual(['Calais', '=HYPERLINK("http://x","y")']);
    });

    it('accepts an unnamed column as long as it holds nothing, and empty cells beyond the header', async () => {
      const { info, rows } = await readAll(writeFile('gap.csv', 'a;;c\n1;;3;;\n'), 'gap.csv');

      expect(info.columns).toEqual(['a', '', 'c']);
      expect(rows).toEqual([{ row: 2, cells: ['1', '', '3'] }]);
    });

    it('reads a ~30 MB file with flat memory', { timeout: 20_000 }, async () => {
      const path = join(directory, `${++fileCount}-large.csv`);
      const fd = openSync(path, 'w');
      writeSync(fd, 'id;date;lieu;description;nombre\n');
      let size = 0;
      let count = 0;
      while (size < 30_000_000) {
        let chunk = '';
        for (let k = 0; k < 5_000; k++, count++) {
          chunk += `${count};2021-03-14 06:30;Calais;"Une description, avec des virgules; et des accents é";${count % 50}\n`;
        }
        size += writeSync(fd, chunk);
      }
      closeSync(fd);

      collectGarbage();
      const before = process.memoryUsage().heapUsed;
      let peak = before;
      let read = 0;
      let last: ImportRow | undefined;
      const { rows } = await openImportFile(path, { fileName: 'large.csv' });
      for await (const row of rows) {
        read++;
        last = row;
        if (read % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
      }

      expect(read).toBe(count);
      expect(last?.row).toBe(count + 1);
      expect(last?.cells[0]).toBe(String(count - 1));
      // Holding the rows would take several hundred MB; garbage awaiting collection stays well below.
      expect((peak - before) / 1e6).toBeLessThan(60);
    });
  });

  describe('XLSX', () => {
    it('reads a KoboToolbox XLSX export: first sheet, dates as wall clock, numbers as written', async () => {
      const path = await writeWorkbook('kobo.xlsx', koboExport);
      const zone = process.env.TZ;
      // The wall clock must not depend on the server's zone.
      process.env.TZ = 'Pacific/Auckland';
      try {
        const { info, rows } = await readAll(path, 'Observations_-_latest_version_-_labels.xlsx');

        expect(info).toMatchObject({
          format: 'kobo-xlsx',
          encoding: null,
          delimiter: null,
          sheet: 'Observation expulsions',
          sheets: ['Observation expulsions', 'groupe_saisies'],
        });
        expect(info.columns.slice(0, 4)).toEqual([
          'start',
          'end',
          'groupe_expulsion/date_expulsion',
          'groupe_expulsion/Lieu de l’expulsion',
        ]);
        expect(rows).toEqual([
          {
            row: 2,
            cells: [
              '2021-03-14T06:12:33.000+01:00',
              '2021-03-14T08:02:10.000+01:00',
              '2021-03-14T06:30:00',
              'Calais — Hôpital',
              'crs gm',
              '12',
              'Tentes saisies,\nvêtements jetés',
              '50.9513',
              '1.8587',
              '[50.9513, 1.8587]',
              '123456',
              'b7c0a3d8-5f2e-4c1b-9a6e-1f2d3c4b5a69',
              '2021-03-14T07:00:05',
              'validation_status_approved',
              '1',
            ],
          },
        ]);
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('reads a named second sheet', async () => {
      const path = await writeWorkbook('kobo.xlsx', koboExport);
      const { info, rows } = await readAll(path, 'export.xlsx', 'groupe_saisies');

      // A repeat group's sheet has `_submission__uuid`, not the contract's `_uuid`: plain xlsx.
      expect(info).toMatchObject({ format: 'xlsx', sheet: 'groupe_saisies' });
      expect(info.columns).toEqual(['Objet saisi', 'Quantité', '_parent_index', '_submission__uuid']);
      expect(rows).toEqual([
        { row: 2, cells: ['tentes', '14', '1', 'b7c0a3d8-5f2e-4c1b-9a6e-1f2d3c4b5a69'] },
      ]);
    });

    it('gives a formula its cached result only, and rich text, booleans and dates as text', async () => {
      const path = await writeWorkbook('legacy.xlsx', (workbook) => {
        const sheet = workbook.addWorksheet('2019');
        sheet.addRow(['Date', 'Lien', 'Total', 'Notes', 'Huissier', 'Jour']);
        sheet.addRow([
          new Date(Date.UTC(2019, 10, 1, 23, 45)),
          { formula: 'HYPERLINK("http://x","y")', result: 'y' },
          { formula: 'SUM(1,2)', result: 3 },
          { richText: [{ text: 'Tentes ' }, { font: { bold: true }, text: 'détruites' }] },
          true,
          { formula: 'DATE(2019,11,2)', result: excelSerial(Date.UTC(2019, 10, 2)) },
        ]);
        sheet.getCell('A2').numFmt = 'dd/mm/yyyy hh:mm';
        sheet.getCell('F2').numFmt = 'dd/mm/yyyy';
        sheet.addRow([]);
        sheet.addRow(['', { formula: 'A1&B1' }]);
        sheet.addRow(['fin']);
      });
      const { info, rows } = await readAll(path, 'Tableau de bord.XLSX');

      expect(info).toMatchObject({ format: 'xlsx', sheet: '2019', sheets: ['2019'] });
      expect(rows).toEqual([
        {
          row: 2,
          cells: ['2019-11-01T23:45:00', 'y', '3', 'Tentes détruites', 'true', '2019-11-02T00:00:00'],
        },
        { row: 5, cells: ['fin', '', '', '', '', ''] },
      ]);
    });
  });

  describe('closing', () => {
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

    it('closes the file when the reader stops early or never starts', async () => {
      const csv = writeFile('many.csv', `a;b\n${'1;2\n'.repeat(100_000)}`);
      const xlsx = await writeWorkbook('kobo.xlsx', koboExport);
      const before = openFiles();
      for (let i = 0; i < 10; i++) {
        for (const [path, fileName] of [
          [csv, 'many.csv'],
          [xlsx, 'kobo.xlsx'],
        ]) {
          const first = await openImportFile(path, { fileName });
          for await (const row of first.rows) {
            expect(row.row).toBe(2);
            break;
          }
          const unread = await openImportFile(path, { fileName });
          await unread.rows[Symbol.asyncIterator]().return?.();
        }
      }
      await settle();
      expect(openFiles() - before).toBeLessThan(5);
    });
  });

  describe('refused files', () => {
    it.each([
      ['an empty file', ''],
      ['a file of blank lines', '\uFEFF\r\n  \r\n\r\n'],
    ])('refuses %s', async (_, content) => {
      const error = await refusal(() =>
        openImportFile(writeFile('empty.csv', content), { fileName: 'empty.csv' }),
      );
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.Empty });
    });

    it.each([
      ['only delimiters', ';;;\n;;;\n'],
      ['a first row of data', '14/03/2021;12;50,95\n15/03/2021;3;50,9\n'],
    ])('refuses a CSV without a header row: %s', async (_, content) => {
      const error = await refusal(() =>
        openImportFile(writeFile('data.csv', content), { fileName: 'data.csv' }),
      );
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.NoHeaderRow });
    });

    it('refuses an empty sheet', async () => {
      const path = await writeWorkbook('blank.xlsx', (workbook) => workbook.addWorksheet('Feuil1'));
      const error = await refusal(() => openImportFile(path, { fileName: 'blank.xlsx' }));
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.NoHeaderRow });
      expect(error.message).toContain('Sheet "Feuil1"');
    });

    it('refuses a PNG named .csv as unsupported media', async () => {
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      const error = await refusal(() =>
        openImportFile(writeFile('photo.csv', png), { fileName: 'photo.csv' }),
      );
      expect(error).toMatchObject({
        kind: 'unsupported_media_type',
        code: ImportFileErrorCode.BinaryContent,
      });
      expect(error.message).toContain('image/png');
    });

    it('refuses a workbook named .csv, and NUL bytes deep in a text file', async () => {
      const workbook = await writeWorkbook('renamed.xlsx', koboExport);
      const renamed = await refusal(() => openImportFile(workbook, { fileName: 'export.csv' }));
      expect(renamed).toMatchObject({
        kind: 'unsupported_media_type',
        code: ImportFileErrorCode.BinaryContent,
      });

      const text = `a,b\n${'1,2\n'.repeat(50_000)}3,\u0000\n`;
      const nul = await refusal(() => openImportFile(writeFile('nul.csv', text), { fileName: 'nul.csv' }));
      expect(nul).toMatchObject({ kind: 'unsupported_media_type', code: ImportFileErrorCode.BinaryContent });
    });

    it('refuses a text file or a zip without a workbook named .xlsx', async () => {
      const text = await refusal(() =>
        openImportFile(writeFile('t.xlsx', 'a,b\n1,2\n'), { fileName: 't.xlsx' }),
      );
      expect(text).toMatchObject({ kind: 'unsupported_media_type', code: ImportFileErrorCode.NotXlsx });

      const zip = new ZipFile();
      zip.addBuffer(Buffer.from('<html></html>'), 'index.html');
      zip.end();
      const chunks: Buffer[] = [];
      for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
      const path = writeFile('site.xlsx', Buffer.concat(chunks));
      const notWorkbook = await refusal(() => openImportFile(path, { fileName: 'site.xlsx' }));
      expect(notWorkbook).toMatchObject({
        kind: 'unsupported_media_type',
        code: ImportFileErrorCode.NotXlsx,
      });
      expect(notWorkbook.message).toContain('no Excel workbook');
    });

    it('refuses an unknown sheet, listing the sheets', async () => {
      const path = await writeWorkbook('kobo.xlsx', koboExport);
      const error = await refusal(() => openImportFile(path, { fileName: 'kobo.xlsx', sheet: 'Feuil1' }));
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.UnknownSheet });
      expect(error.details.errors).toEqual({
        sheet: 'must be one of "Observation expulsions", "groupe_saisies"',
      });
    });

    it('refuses duplicated headers, naming them and their columns', async () => {
      const path = writeFile('dup.csv', 'Date;Lieu;Date;Nombre;Lieu ;Date\n1;2;3;4;5;6\n');
      const error = await refusal(() => openImportFile(path, { fileName: 'dup.csv' }));
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.DuplicatedHeaders });
      expect(error.message).toBe(
        'Column names must be unique: "Date" is the header of columns 1, 3, 6; "Lieu" is the header of columns 2, 5',
      );
    });

    it('refuses a value under an empty header, naming the column and the row', async () => {
      const path = writeFile('gap.csv', 'a,,c,\n1,,3,\n\n4,5,6,\n');
      const error = await refusal(() => readAll(path, 'gap.csv'));
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.EmptyHeader });
      expect(error.message).toContain('Column 2 has no header but holds a value on row 4');

      const trailing = await refusal(() =>
        readAll(writeFile('trailing.csv', 'a,b,\n1,2,3\n'), 'trailing.csv'),
      );
      expect(trailing.message).toContain('Column 3 has no header but holds a value on row 2');
    });

    it('refuses a row with more values than headers, naming the row', async () => {
      const path = writeFile('wide.csv', 'a;b\n1;2\n1;2;;\n1;2;3\n');
      const error = await refusal(() => readAll(path, 'wide.csv'));
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.TooManyCells });
      expect(error.message).toContain('row 4');
    });

    it('refuses a quoted field that is never closed', async () => {
      const path = writeFile('quote.csv', 'a,b\n1,"2\n3,4\n');
      const error = await refusal(() => readAll(path, 'quote.csv'));
      expect(error).toMatchObject({ kind: 'invalid', code: ImportFileErrorCode.MalformedCsv });
    });
  });
});
