import { availableParallelism } from 'node:os';
import type { DataSource, QueryRunner } from 'typeorm';
import { insertDemoLegalCases } from './demo-legal';
import { REFERENCE_SITES } from './reference-sites';
import type { SyntheticObservation, SyntheticOptions } from './synthetic/draw';
import { syntheticObservations } from './synthetic/operations';
import { DEFAULT_SYNTHETIC_MONTHS } from './synthetic/period';
import { DEFAULT_SYNTHETIC_SEED } from './synthetic/random';

/*
 * Synthetic demo data: plausible evictions at Calais and Dunkirk, for demonstrations and benchmarks,
 * never for production. Two halves: a pure part under `synthetic/` that draws one observation from a
 * seeded PRNG (unit tested without a database), and, here, the SQL that inserts the drawn rows in
 * large batches.
 */

// The CLI, the benchmarks (through the compiled `dist/db/seeds/demo.js`) and the tests import the
// generator from here: this module stays its single entry point.
export {
  type SyntheticForce,
  type SyntheticObservation,
  type SyntheticOptions,
  type SyntheticSeizure,
} from './synthetic/draw';
export { drawOperation, SiteSchedule, syntheticObservations } from './synthetic/operations';
export { DEFAULT_SYNTHETIC_MONTHS, createDrawContext, type DrawContext } from './synthetic/period';
export { DEFAULT_SYNTHETIC_SEED, createSyntheticRng } from './synthetic/random';

export const DEMO_FACT_KEY = 'demo';
/** The demo set's rhythm: about 1,500 evictions a year, the order of magnitude observed at the border. */
export const DEMO_EVICTIONS_PER_YEAR = 1500;

/** Large enough to amortise the round trip, small enough to keep each statement at a few MB. */
const BATCH_SIZE = 5000;

/**
 * One statement per batch, parents and children together: the foreign keys are checked at the end
 * of the statement, once the observations exist. `commune_code`/`area` are left to the trigger.
 */
const INSERT_BATCH_SQL = `
  WITH inserted AS (
    INSERT INTO observations (
      id, kind, started_at, ended_at, location, location_accuracy_m, site_id, people_evicted, minors_seen,
      arrests, legal_basis, legal_basis_details, interpreters_present, bailiff_present, contractor_present,
      contractor_name, shelter_offered, shelter_buses, people_sheltered, observation_obstructed,
      counts_reliable, description, status, version, created_at, updated_at)
    SELECT o.id, o.kind, to_timestamp(o.started_s), to_timestamp(o.ended_s),
           ST_SetSRID(ST_MakePoint(o.lon, o.lat), 4326), o.accuracy, o.site_id, o.people_evicted,
           o.minors_seen, o.arrests, o.legal_basis, o.legal_basis_details, o.interpreters_present,
           o.bailiff_present, o.contractor_present, o.contractor_name, o.shelter_offered, o.shelter_buses,
           o.people_sheltered, o.observation_obstructed, o.counts_reliable, o.description, o.status,
           o.version, to_timestamp(o.created_s), to_timestamp(o.updated_s)
      FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                  $7::float8[], $8::uuid[], $9::int[], $10::int[], $11::int[], $12::text[], $13::text[],
                  $14::bool[], $15::bool[], $16::bool[], $17::text[], $18::bool[], $19::int[], $20::int[],
                  $21::bool[], $22::bool[], $23::text[], $24::text[], $25::int[], $26::float8[],
                  $27::float8[])
           AS o(id, kind, started_s, ended_s, lon, lat, accuracy, site_id, people_evicted, minors_seen,
                arrests, legal_basis, legal_basis_details, interpreters_present, bailiff_present,
                contractor_present, contractor_name, shelter_offered, shelter_buses, people_sheltered,
                observation_obstructed, counts_reliable, description, status, version, created_s,
                updated_s)
    RETURNING 1
  ), forces AS (
    INSERT INTO observation_forces (id, observation_id, position, unit, vehicles, officers)
    SELECT * FROM unnest($28::uuid[], $29::uuid[], $30::int[], $31::text[], $32::int[], $33::int[])
  ), seizures AS (
    INSERT INTO observation_seizures (id, observation_id, position, item, quantity, destroyed)
    SELECT * FROM unnest($34::uuid[], $35::uuid[], $36::int[], $37::text[], $38::int[], $39::bool[])
  )
  SELECT count(*)::int AS inserted FROM inserted`;

const seconds = (date: Date) => date.getTime() / 1000;

type Scalar = string | number | boolean | null;

/**
 * A PostgreSQL array literal. Built here rather than by the driver, whose generic conversion of
 * every element was a fifth of the client's time at 200,000 rows.
 */
function arrayLiteral(values: readonly Scalar[]): string {
  return `{${values.map(elementLiteral).join(',')}}`;
}

function elementLiteral(value: Scalar): string {
  if (value === null) return 'NULL';
  return typeof value === 'string' ? `"${value.replace(/["\\]/g, '\\$&')}"` : String(value);
}

const OBSERVATION_COLUMNS: readonly ((o: SyntheticObservation) => Scalar)[] = [
  (o) => o.id,
  (o) => o.kind,
  (o) => seconds(o.startedAt),
  (o) => seconds(o.endedAt),
  (o) => o.longitude,
  (o) => o.latitude,
  (o) => o.locationAccuracyM,
  (o) => o.siteId,
  (o) => o.peopleEvicted,
  (o) => o.minorsSeen,
  (o) => o.arrests,
  (o) => o.legalBasis,
  (o) => o.legalBasisDetails,
  (o) => o.interpretersPresent,
  (o) => o.bailiffPresent,
  (o) => o.contractorPresent,
  (o) => o.contractorName,
  (o) => o.shelterOffered,
  (o) => o.shelterBuses,
  (o) => o.peopleSheltered,
  (o) => o.observationObstructed,
  (o) => o.countsReliable,
  (o) => o.description,
  (o) => o.status,
  (o) => o.version,
  (o) => seconds(o.createdAt),
  (o) => seconds(o.updatedAt),
];

/** Column arrays for `unnest`, in the order of the statement's parameters. */
function toParameters(batch: readonly SyntheticObservation[]): string[] {
  const forces: Scalar[][] = [[], [], [], [], [], []];
  const seizures: Scalar[][] = [[], [], [], [], [], []];
  const push = (columns: Scalar[][], row: readonly Scalar[]) =>
    row.forEach((value, i) => columns[i]?.push(value));
  for (const o of batch) {
    o.forces.forEach((f, position) => push(forces, [f.id, o.id, position, f.unit, f.vehicles, f.officers]));
    o.seizures.forEach((s, position) =>
      push(seizures, [s.id, o.id, position, s.item, s.quantity, s.destroyed]),
    );
  }
  return [...OBSERVATION_COLUMNS.map((column) => batch.map(column)), ...forces, ...seizures].map(
    arrayLiteral,
  );
}

async function insertBatch(runner: QueryRunner, batch: readonly SyntheticObservation[]): Promise<number> {
  const rows: { inserted: number }[] = await runner.query(INSERT_BATCH_SQL, toParameters(batch));
  return rows[0]?.inserted ?? 0;
}

function takeBatch(source: Iterator<SyntheticObservation>, size: number): SyntheticObservation[] {
  const batch: SyntheticObservation[] = [];
  while (batch.length < size) {
    const next = source.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch;
}

/** Where one batch is drawn and the next worker takes over; shared by the workers of one run. */
interface BatchSource {
  observations: Iterator<SyntheticObservation>;
  failed: boolean;
}

/**
 * Inserts batches until the source is exhausted. The draw is synchronous, so two workers never take
 * the same rows, and the rows do not depend on which worker inserts them.
 */
async function insertWorker(runner: QueryRunner, source: BatchSource): Promise<number> {
  let inserted = 0;
  try {
    for (;;) {
      const batch = source.failed ? [] : takeBatch(source.observations, BATCH_SIZE);
      if (batch.length === 0) return inserted;
      inserted += await insertBatch(runner, batch);
    }
  } catch (error) {
    // The other workers stop at their next batch instead of writing on after a failure.
    source.failed = true;
    throw error;
  }
}

/** What a data source and a query runner have in common. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows point at the reference sites: without them every batch would fail on its foreign key, and
 * the driver's log of a failed 5,000-row statement is megabytes long. Say what to do instead.
 */
async function assertReferenceSites(db: Queryable): Promise<void> {
  const ids = REFERENCE_SITES.map((site) => site.id);
  const [{ found }] = (await db.query('SELECT count(*)::int AS found FROM sites WHERE id = ANY($1::uuid[])', [
    ids,
  ])) as { found: number }[];
  if (found !== ids.length) {
    throw new Error(
      `Synthetic observations need the ${ids.length} reference sites (${found} found): seed the reference data first.`,
    );
  }
}

/**
 * Statements in flight at once. The trigger deriving the commune and the full-text column cost more
 * than drawing the rows, so PostgreSQL is the bottleneck: one statement per core keeps all of them
 * busy, while a worker waiting for its statement leaves the CPU to the next draw.
 */
const PARALLEL_STATEMENTS = Math.min(4, availableParallelism());

/**
 * Inserts `count` synthetic observations with their forces and seizures; returns the rows inserted.
 * Each batch is one statement, hence its own transaction: a 200,000-row benchmark interrupted halfway
 * keeps the batches already written.
 */
export async function generateSyntheticObservations(
  dataSource: DataSource,
  options: SyntheticOptions,
): Promise<number> {
  const source: BatchSource = { observations: syntheticObservations(options), failed: false };
  await assertReferenceSites(dataSource);
  // Each worker holds its own connection and gives it back as soon as it is done, so that even a
  // pool of one connection gets through (the workers then simply take turns).
  const results = await Promise.allSettled(
    Array.from({ length: PARALLEL_STATEMENTS }, async () => {
      const runner = dataSource.createQueryRunner();
      try {
        return await insertWorker(runner, source);
      } finally {
        await runner.release();
      }
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.reduce((sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0), 0);
}

/**
 * Incidents linked to the demo observations, derived in SQL from them so that the set stays
 * deterministic (ids and draws come from an MD5 of the observation id): an `arrest` wherever people
 * were arrested, `observer_obstruction` where the observers were kept away, some `tear_gas` during
 * evictions and dispersals, some `destruction_of_belongings` where seized items were destroyed. Most
 * have no consent at all, as on the ground; a few carry a (fictitious) restricted testimony.
 */
const DEMO_INCIDENTS_SQL = `
  WITH source AS (
    SELECT o.id, o.kind, o.started_at, o.location, o.arrests, o.observation_obstructed, o.status,
           o.created_at, o.updated_at,
           get_byte(decode(md5(o.id::text), 'hex'), 0) AS draw,
           coalesce((SELECT array_agg(DISTINCT f.unit ORDER BY f.unit) FROM observation_forces f
                      WHERE f.observation_id = o.id), '{}') AS units,
           EXISTS (SELECT 1 FROM observation_seizures s WHERE s.observation_id = o.id AND s.destroyed)
             AS destroyed
      FROM observations o
     WHERE o.deleted_at IS NULL
  ), drawn AS (
    SELECT s.*, v.type, v.after_minutes, v.victims
      FROM source s
      CROSS JOIN LATERAL (VALUES
        ('arrest', 20, s.arrests, s.arrests > 0),
        ('tear_gas', 10, 2 + s.draw % 6, s.kind IN ('eviction', 'large_eviction', 'dispersal') AND s.draw % 9 = 0),
        ('destruction_of_belongings', 40, NULL::int, s.destroyed AND s.draw % 4 = 1),
        ('observer_obstruction', 5, 2, s.observation_obstructed IS TRUE)
      ) AS v(type, after_minutes, victims, applies)
     WHERE v.applies
  ), inserted AS (
    INSERT INTO incidents (
      id, type, occurred_at, location, observation_id, victim_count, minor_count, injured, medical_care,
      perpetrators, description, public_summary, testimony, consent_publication, consent_litigation,
      consent_research, status, version, created_at, updated_at)
    SELECT md5(d.id::text || d.type)::uuid, d.type, d.started_at + make_interval(mins => d.after_minutes),
           d.location, d.id, d.victims, CASE WHEN d.type = 'arrest' THEN 0 END,
           CASE WHEN d.type = 'tear_gas' THEN d.draw % 3 = 0 END, NULL, d.units,
           CASE d.type
             WHEN 'arrest' THEN 'Interpellations pendant l''expulsion (données synthétiques de démonstration).'
             WHEN 'tear_gas' THEN 'Gaz lacrymogène utilisé pour disperser les personnes (données synthétiques).'
             WHEN 'destruction_of_belongings' THEN 'Affaires lacérées ou jetées à la benne (données synthétiques).'
             ELSE 'Observateurs tenus à distance par un périmètre (données synthétiques de démonstration).'
           END,
           CASE d.type
             WHEN 'arrest' THEN 'Des personnes ont été interpellées lors de l''expulsion.'
             WHEN 'tear_gas' THEN 'Usage de gaz lacrymogène lors de l''opération.'
             WHEN 'destruction_of_belongings' THEN 'Des effets personnels ont été détruits.'
             ELSE 'Les observateurs ont été empêchés d''observer l''opération.'
           END,
           CASE WHEN d.type <> 'observer_obstruction' AND d.draw % 10 = 0
                THEN 'Témoignage fictif, données de démonstration.' END,
           d.draw % 10 = 3, d.draw % 7 = 2, d.draw % 8 = 5,
           d.status, CASE d.status WHEN 'draft' THEN 1 WHEN 'submitted' THEN 2 ELSE 3 END,
           d.created_at, d.updated_at
      FROM drawn d
    ON CONFLICT (id) DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS inserted FROM inserted`;

/**
 * The options the demo set is drawn with, ending at `now`: the duplicates benchmark draws the same
 * rows again to learn which are planted second reports (`duplicateOf`).
 */
export function demoDataSetOptions(now: Date): SyntheticOptions & { seed: number } {
  return {
    count: Math.round((DEMO_EVICTIONS_PER_YEAR * DEFAULT_SYNTHETIC_MONTHS) / 12),
    seed: DEFAULT_SYNTHETIC_SEED,
    end: now,
    months: DEFAULT_SYNTHETIC_MONTHS,
  };
}

/** Any constant works: it only has to be the same for every process that seeds this database. */
const DEMO_SEED_LOCK = 7_260_613;

/**
 * Loads the demo set into an empty database (DESIGN §8) and records it in `dataset_facts`; returns
 * null, changing nothing, when there is any observation at all. Runs in one transaction under an
 * advisory lock, so two instances starting together cannot both seed.
 */
export async function seedDemoIfEmpty(
  dataSource: DataSource,
  options: { now?: Date } = {},
): Promise<{ inserted: number } | null> {
  const now = options.now ?? new Date();
  const demo = demoDataSetOptions(now);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
    const [{ empty }]: { empty: boolean }[] = await runner.query(
      'SELECT NOT EXISTS (SELECT 1 FROM observations) AS empty',
    );
    if (!empty) {
      await runner.rollbackTransaction();
      return null;
    }
    await assertReferenceSites(runner);
    // One connection: the whole demo set belongs to the transaction that holds the lock.
    const inserted = await insertWorker(runner, { observations: syntheticObservations(demo), failed: false });
    const [{ inserted: incidents }]: { inserted: number }[] = await runner.query(DEMO_INCIDENTS_SQL);
    const legalCases = await insertDemoLegalCases(runner, now);
    const fact = {
      generatedAt: now.toISOString(),
      count: inserted,
      incidents,
      legalCases,
      seed: DEFAULT_SYNTHETIC_SEED,
      synthetic: true,
    };
    await runner.query(
      `INSERT INTO dataset_facts (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [DEMO_FACT_KEY, JSON.stringify(fact)],
    );
    await runner.commitTransaction();
    return { inserted };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
