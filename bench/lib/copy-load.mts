/**
 * The synthetic data set written through `COPY … FROM STDIN` (pg-copy-streams) rather than the
 * application's batched `INSERT … SELECT FROM unnest`: the same rows (the compiled generator draws
 * them), the same triggers (the commune is still derived row by row, the generated columns still
 * computed), but the secondary indexes of the three tables are dropped first and built once at the
 * end, which is where most of a bulk load's time goes (the full-text GIN index above all).
 *
 * Used only when the schema is the one this loader knows (see `copyCompatible`): a column the
 * application fills in its own code would be left empty here, so then the benchmark falls back on
 * the application's generator and says so.
 */
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

interface Force {
  id: string;
  unit: string;
  vehicles: number | null;
  officers: number | null;
}
interface Seizure {
  id: string;
  item: string;
  quantity: number;
  destroyed: boolean;
}
/** What the compiled generator draws (db/seeds/synthetic/draw.ts), the fields written here. */
interface Drawn {
  id: string;
  kind: string;
  startedAt: Date;
  endedAt: Date | null;
  longitude: number;
  latitude: number;
  locationAccuracyM: number | null;
  siteId: string | null;
  peopleEvicted: number | null;
  minorsSeen: number | null;
  arrests: number;
  legalBasis: string | null;
  legalBasisDetails: string | null;
  interpretersPresent: boolean | null;
  bailiffPresent: boolean | null;
  contractorPresent: boolean | null;
  contractorName: string | null;
  shelterOffered: boolean | null;
  shelterBuses: number | null;
  peopleSheltered: number | null;
  observationObstructed: boolean | null;
  countsReliable: boolean;
  description: string | null;
  status: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  forces: Force[];
  seizures: Seizure[];
}

type Cell = string | number | boolean | Date | null;

/** The columns written, as the application's generator writes them (INSERT_BATCH_SQL). */
const OBSERVATION_COLUMNS: readonly [string, (o: Drawn) => Cell][] = [
  ['id', (o) => o.id],
  ['kind', (o) => o.kind],
  ['started_at', (o) => o.startedAt],
  ['ended_at', (o) => o.endedAt],
  ['location', (o) => `SRID=4326;POINT(${o.longitude} ${o.latitude})`],
  ['location_accuracy_m', (o) => o.locationAccuracyM],
  ['site_id', (o) => o.siteId],
  ['people_evicted', (o) => o.peopleEvicted],
  ['minors_seen', (o) => o.minorsSeen],
  ['arrests', (o) => o.arrests],
  ['legal_basis', (o) => o.legalBasis],
  ['legal_basis_details', (o) => o.legalBasisDetails],
  ['interpreters_present', (o) => o.interpretersPresent],
  ['bailiff_present', (o) => o.bailiffPresent],
  ['contractor_present', (o) => o.contractorPresent],
  ['contractor_name', (o) => o.contractorName],
  ['shelter_offered', (o) => o.shelterOffered],
  ['shelter_buses', (o) => o.shelterBuses],
  ['people_sheltered', (o) => o.peopleSheltered],
  ['observation_obstructed', (o) => o.observationObstructed],
  ['counts_reliable', (o) => o.countsReliable],
  ['description', (o) => o.description],
  ['status', (o) => o.status],
  ['version', (o) => o.version],
  ['created_at', (o) => o.createdAt],
  ['updated_at', (o) => o.updatedAt],
];

/**
 * Every column `observations` had when this loader was written: the generator's, those a trigger
 * or the database fills (commune, area, full-text), and those the generator leaves NULL. Any other
 * stored column may be one the application writes itself: then this loader is not used.
 */
const KNOWN_OBSERVATION_COLUMNS = new Set([
  ...OBSERVATION_COLUMNS.map(([name]) => name),
  'commune_code',
  'area',
  'review_comment',
  'search',
  'creation_digest',
  'created_by',
  'updated_by',
  'deleted_at',
  'merged_into_id',
  'source',
]);
const FORCE_COLUMNS = ['id', 'observation_id', 'position', 'unit', 'vehicles', 'officers'];
const SEIZURE_COLUMNS = ['id', 'observation_id', 'position', 'item', 'quantity', 'destroyed'];
const TABLES = ['observations', 'observation_forces', 'observation_seizures'] as const;

/** Rows per COPY batch, each batch its own transaction (parents and children together). */
const BATCH = 20_000;

function cell(value: Cell): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const line = (cells: readonly Cell[]): string => `${cells.map(cell).join('\t')}\n`;

/**
 * Null when the schema is the one this loader knows; otherwise why not (a stored column it does not
 * know on `observations`, or a NOT NULL column without default on a child table it does not write).
 */
export async function copyIncompatibility(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    required: boolean;
  }>(
    `SELECT table_name, column_name, (is_nullable = 'NO' AND column_default IS NULL) AS required
       FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ANY($1::text[]) AND is_generated = 'NEVER'`,
    [[...TABLES]],
  );
  // A column a database function writes (`UPDATE observations SET <column>`, a trigger keeping it)
  // is filled by COPY as by INSERT; one nothing in the database writes may be the application's.
  const { rows: functions } = await client.query<{ source: string }>(
    `SELECT p.prosrc AS source FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND p.prosrc ILIKE '%UPDATE observations%'`,
  );
  const writtenByDatabase = (column: string): boolean =>
    functions.some(({ source }) => new RegExp(`\\b${column}\\s*=`, 'i').test(source));
  for (const row of rows) {
    if (
      row.table_name === 'observations' &&
      !KNOWN_OBSERVATION_COLUMNS.has(row.column_name) &&
      (row.required || !writtenByDatabase(row.column_name))
    ) {
      return `observations.${row.column_name} is not a column the COPY loader knows nor one a database function writes`;
    }
    const written = row.table_name === 'observation_forces' ? FORCE_COLUMNS : SEIZURE_COLUMNS;
    if (row.table_name !== 'observations' && row.required && !written.includes(row.column_name)) {
      return `${row.table_name}.${row.column_name} is required and not written by the COPY loader`;
    }
  }
  return null;
}

async function copyRows(client: pg.Client, table: string, columns: readonly string[], text: string) {
  if (text === '') return;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from([text]), stream);
}

/**
 * Loads the drawn observations; returns the rows written and the seconds spent loading and then
 * building the indexes. The caller has emptied the tables.
 */
export async function copySyntheticObservations(
  url: string,
  observations: Iterable<unknown>,
  log: (message: string) => void,
): Promise<{ inserted: number; loadSeconds: number; indexSeconds: number }> {
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: url, options: '-c timezone=UTC -c jit=off' });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  const admin = await connect();
  try {
    // Secondary indexes (not those behind a constraint: the keys and the unique positions stay).
    const { rows: indexes } = await admin.query<{ name: string; definition: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
         FROM pg_index i
        WHERE i.indrelid = ANY($1::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
      [[...TABLES]],
    );
    for (const index of indexes) await admin.query(`DROP INDEX ${index.name}`);
    log(`COPY loader: ${indexes.length} secondary index(es) dropped, built again after the load.`);

    const started = performance.now();
    const source = (observations as Iterable<Drawn>)[Symbol.iterator]();
    let inserted = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
      const client = await connect();
      try {
        for (;;) {
          if (failed) return;
          let main = '';
          let forces = '';
          let seizures = '';
          let n = 0;
          for (; n < BATCH; n++) {
            const next = source.next();
            if (next.done) break;
            const o = next.value;
            main += line(OBSERVATION_COLUMNS.map(([, read]) => read(o)));
            o.forces.forEach((f, position) => {
              forces += line([f.id, o.id, position, f.unit, f.vehicles, f.officers]);
            });
            o.seizures.forEach((s, position) => {
              seizures += line([s.id, o.id, position, s.item, s.quantity, s.destroyed]);
            });
          }
          if (n === 0) return;
          await client.query('BEGIN');
          await copyRows(
            client,
            'observations',
            OBSERVATION_COLUMNS.map(([name]) => name),
            main,
          );
          await copyRows(client, 'observation_forces', FORCE_COLUMNS, forces);
          await copyRows(client, 'observation_seizures', SEIZURE_COLUMNS, seizures);
          await client.query('COMMIT');
          inserted += n;
        }
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        await client.end();
      }
    };
    // One COPY per core: the trigger and the generated column are PostgreSQL's work, the drawing
    // ours; while one connection waits for its COPY the next batch is drawn.
    try {
      await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
    } catch (error) {
      // Never leave the tables without their indexes: the next run would keep them so.
      for (const index of indexes) await admin.query(index.definition).catch(() => undefined);
      throw error;
    }
    const loadSeconds = (performance.now() - started) / 1000;
    log(`COPY loader: ${inserted.toLocaleString('en')} observations copied in ${loadSeconds.toFixed(1)} s.`);

    const indexStarted = performance.now();
    await admin.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) await admin.query(index.definition);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    log(`COPY loader: indexes built in ${indexSeconds.toFixed(1)} s.`);
    return { inserted, loadSeconds, indexSeconds };
  } finally {
    await admin.end();
  }
}
