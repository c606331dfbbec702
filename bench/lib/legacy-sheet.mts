/**
 * A legacy observatory spreadsheet as teams kept them before Vigie (issue 14): one row per
 * operation, a file number, the date typed in a cell (mostly an Excel date shown dd/MM/yyyy, some
 * typed as text), a time column, GPS "lat, lon", a free forces column "CRS, GM", one column per
 * seized item, a head count and a description. Drawn from a fixed seed: same rows every run.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';

export const LEGACY_HEADERS = [
  'N° fiche',
  'Date',
  'Heure',
  'GPS',
  'Forces présentes',
  'Personnes expulsées',
  'Tentes saisies',
  'Bâches saisies',
  'Sacs de couchage saisis',
  'Couvertures saisies',
  'Observateurs',
  'Description',
] as const;

/** The mapping a coordinator gives that sheet (`PUT /api/imports/:id/mapping`). */
export const LEGACY_MAPPING = {
  columns: {
    'N° fiche': 'sourceId',
    Date: 'startedAt.date',
    Heure: 'startedAt.time',
    GPS: 'location',
    'Forces présentes': 'forces',
    'Personnes expulsées': 'peopleEvicted',
    'Tentes saisies': 'seizures.tent.quantity',
    'Bâches saisies': 'seizures.tarp.quantity',
    'Sacs de couchage saisis': 'seizures.sleeping_bag.quantity',
    'Couvertures saisies': 'seizures.blanket.quantity',
    Observateurs: 'ignore',
    Description: 'description',
  },
  values: { forces: { 'Police municipale': 'pm', 'C.R.S.': 'crs' } },
  timezone: 'Europe/Paris',
  dateFormat: 'dd/MM/yyyy',
  sourceIdColumn: 'N° fiche',
  defaults: { kind: 'eviction' },
};

export interface LegacySheetOptions {
  rows: number;
  seed: number;
  /** The period the operations fall in (the bench data set's, so that duplicates are searched for real). */
  from: Date;
  to: Date;
}

interface LegacyRow {
  sourceId: string;
  /** Midnight UTC of the day (Excel stores the wall-clock date). */
  day: Date;
  dateAsText: boolean;
  time: string;
  gps: string;
  forces: string;
  evicted: number | null;
  seizures: (number | null)[];
  observers: string;
  description: string;
}

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FORCE_SPELLINGS = ['CRS', 'GM', 'PN', 'BAC', 'PAF', 'Police municipale', 'C.R.S.', 'crs'];
const OBSERVERS = ['Équipe A', 'Équipe B', 'Marie, Youssef', 'Paul', 'Équipe nuit'];
const PLACES = ['Loon-Plage', 'Calais, zone industrielle', 'Grande-Synthe', 'Coquelles', 'Marck'];
const DAY_MS = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');

function* legacyRows(options: LegacySheetOptions): Generator<LegacyRow> {
  const draw = random(options.seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(draw() * list.length)] as T;
  const days = Math.floor((options.to.getTime() - options.from.getTime()) / DAY_MS);
  const firstDay = Date.UTC(
    options.from.getUTCFullYear(),
    options.from.getUTCMonth(),
    options.from.getUTCDate(),
  );
  for (let i = 0; i < options.rows; i++) {
    const day = new Date(firstDay + Math.floor(draw() * days) * DAY_MS);
    // 05:00–11:55: evictions start at dawn, never in a clock change's skipped hour.
    const time = `${pad(5 + Math.floor(draw() * 7))}:${pad(5 * Math.floor(draw() * 12))}`;
    // Around Calais and Dunkirk, where the reference sites are.
    const lat = 50.93 + draw() * 0.12;
    const lon = 1.8 + draw() * 0.6;
    const forces = new Set<string>();
    const unitCount = 1 + Math.floor(draw() * 3);
    while (forces.size < unitCount) forces.add(pick(FORCE_SPELLINGS));
    const seizures = [0, 1, 2, 3].map(() => (draw() < 0.35 ? 1 + Math.floor(draw() * 40) : null));
    const evicted = draw() < 0.9 ? Math.floor(draw() * 300) : null;
    yield {
      sourceId: `OBS-${day.getUTCFullYear()}-${String(i + 1).padStart(6, '0')}`,
      day,
      dateAsText: draw() < 0.15,
      time,
      gps: `${lat.toFixed(5)}, ${lon.toFixed(5)}`,
      forces: [...forces].join(', '),
      evicted,
      seizures,
      observers: pick(OBSERVERS),
      description:
        `Expulsion à ${pick(PLACES)} : ${evicted ?? 'un nombre inconnu de'} personnes, ` +
        `${[...forces].join(' et ')} sur place. ` +
        (seizures.some((count) => count !== null)
          ? 'Des affaires ont été saisies et emportées par la benne.'
          : 'Pas de saisie constatée.') +
        (draw() < 0.3
          ? ' Les personnes ont été dispersées vers le canal, retour sur site en fin de matinée.'
          : ''),
    };
  }
}

const dayText = (day: Date) =>
  `${pad(day.getUTCDate())}/${pad(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`;

/**
 * The sheet as an XLSX written by exceljs's streaming writer (shared strings, styles), as Excel
 * would save it: dates as date cells formatted dd/mm/yyyy, except the ~15 % typed as text.
 */
export async function writeLegacyXlsx(path: string, options: LegacySheetOptions): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Observations');
  sheet.columns = LEGACY_HEADERS.map((header) => ({
    header,
    key: header,
    width: header === 'Description' ? 60 : 16,
    ...(header === 'Date' ? { style: { numFmt: 'dd/mm/yyyy' } } : {}),
  }));
  for (const row of legacyRows(options)) {
    sheet
      .addRow([
        row.sourceId,
        row.dateAsText ? dayText(row.day) : row.day,
        row.time,
        row.gps,
        row.forces,
        row.evicted,
        ...row.seizures,
        row.observers,
        row.description,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[;"\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The same rows as a French-Excel CSV (semicolons, UTF-8 with BOM), every date as text. */
export async function writeLegacyCsv(path: string, options: LegacySheetOptions): Promise<void> {
  const out = createWriteStream(path);
  const write = (line: string): Promise<void> | undefined =>
    out.write(line) ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  await write(`\uFEFF${LEGACY_HEADERS.map(csvCell).join(';')}\r\n`);
  for (const row of legacyRows(options)) {
    const cells = [
      row.sourceId,
      dayText(row.day),
      row.time,
      row.gps,
      row.forces,
      row.evicted,
      ...row.seizures,
      row.observers,
      row.description,
    ];
    await write(`${cells.map(csvCell).join(';')}\r\n`);
  }
  out.end();
  await finished(out);
}
