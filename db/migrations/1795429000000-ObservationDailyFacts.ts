import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Daily facts of the observations, for the statistics (docs/architecture.md, "Statistics"): what
 * `GET /api/stats/summary` and the observation metrics of `/api/stats/series` count, added up per
 * Paris local day and per the dimensions a statistics scope filters or groups on, kept current by
 * triggers in the writing transaction. A year's summary then reads a few thousand rows instead of
 * joining ~100,000 observations with their seizure and force rows.
 *
 * - `observation_daily_facts`: per (day, validated, area, commune, kind), the counts and sums of the
 *   observation's own fields;
 * - `observation_daily_site_facts`: per (day, validated, area, commune, site), the observations at a
 *   site: `distinctSites` is the number of sites whose count over the period is > 0;
 * - `observation_daily_seizure_facts`: per (day, validated, area, commune), per item the quantity
 *   seized and the part destroyed (`seized_<item>`, `destroyed_<item>`);
 * - `observation_daily_force_facts`: per (day, validated, area, commune), per unit the observations
 *   where it was present (once each, however many rows of the unit), its vehicles and officers
 *   (`<unit>_observations`, `<unit>_vehicles`, `<unit>_officers`).
 *
 * Only live observations (`deleted_at IS NULL`; merged ones are soft-deleted) contribute; `validated`
 * is `status = 'validated'`. Each trigger applies a delta: the rows' contribution before the
 * statement is subtracted, after it added, so the facts equal the aggregate of the records after
 * every statement, and a rolled-back transaction leaves them as they were. The raw aggregate stays
 * in StatsRepository as the reference; test/integration/stats-facts.spec.ts compares the two.
 *
 * Rules the triggers rely on: an observation's INSERT adds its own fields only (its child rows are
 * counted by their own INSERT trigger, in the same statement or a later one, as the synthetic
 * generator's single-statement batches do); an UPDATE or soft delete moves the whole contribution,
 * child rows included (they are read as they are: a statement must not change an observation and
 * its child rows at once, other than inserting them together); a hard DELETE subtracts the whole
 * contribution BEFORE the cascade removes the child rows, whose triggers then find no observation.
 *
 * The functions run as the owner (SECURITY DEFINER): the app role may read the facts, never write
 * them (db/database-grants.ts), so a figure can only change through the records.
 */

const TIME_ZONE = 'Europe/Paris';

export const DIMENSIONS = 'day, validated, area, commune_code';

/** The delta columns of observation rows `alias` (a transition table, or OLD/NEW). */
function observationDelta(alias: string, sign: 1 | -1): string {
  return `SELECT ${sign} AS sign, ${alias}.id AS id,
                 (${alias}.started_at AT TIME ZONE '${TIME_ZONE}')::date AS day,
                 ${alias}.status = 'validated' AS validated, ${alias}.area AS area,
                 ${alias}.commune_code AS commune_code, ${alias}.kind AS kind, ${alias}.site_id AS site_id,
                 ${alias}.people_evicted AS people_evicted, ${alias}.minors_seen AS minors_seen,
                 ${alias}.arrests AS arrests, ${alias}.people_sheltered AS people_sheltered,
                 ${alias}.interpreters_present AS interpreters_present,
                 ${alias}.shelter_offered AS shelter_offered,
                 ${alias}.observation_obstructed AS observation_obstructed`;
}

/** The values whose change moves an observation's contribution, of rows `alias`. */
function counted(alias: string): string {
  return `(${alias}.deleted_at IS NULL, (${alias}.started_at AT TIME ZONE '${TIME_ZONE}')::date,
           ${alias}.status = 'validated', ${alias}.area, ${alias}.commune_code, ${alias}.kind, ${alias}.site_id,
           ${alias}.people_evicted, ${alias}.minors_seen, ${alias}.arrests, ${alias}.people_sheltered,
           ${alias}.interpreters_present, ${alias}.shelter_offered, ${alias}.observation_obstructed)`;
}

/**
 * The vocabularies of the child rows as their CHECK constraints hold them: one column per code, so
 * that a day of a commune is one row (a year's summary at 1,000,000 observations reads a few
 * thousand rows, not one per code). A new code needs a migration anyway (its CHECK constraint):
 * the same migration adds its columns and recreates these functions.
 */
export const FACT_SEIZURE_ITEMS = [
  'tent',
  'tarp',
  'sleeping_bag',
  'blanket',
  'mattress',
  'bag',
  'phone',
  'documents',
  'medication',
  'bicycle',
  'cooking',
  'wood_pallets',
  'structure',
  'other',
] as const;
export const FACT_FORCE_UNITS = [
  'crs',
  'gm',
  'pn',
  'bac',
  'paf',
  'gd',
  'pm',
  'pts',
  'other',
  'unknown',
] as const;

/** Per item: the quantity seized, and the part of it destroyed. */
const SEIZURE_MEASURES: [column: string, value: string][] = FACT_SEIZURE_ITEMS.flatMap((item) => [
  [`seized_${item}`, `sum(sign * quantity) FILTER (WHERE item = '${item}')`],
  [`destroyed_${item}`, `sum(sign * quantity) FILTER (WHERE item = '${item}' AND destroyed)`],
]) as [string, string][];

/** Per unit: the observations where it was present (once each), its vehicles and officers. */
export const FORCE_MEASURES: [column: string, value: string][] = FACT_FORCE_UNITS.flatMap((unit) => [
  [`${unit}_observations`, `sum(present) FILTER (WHERE unit = '${unit}')`],
  [`${unit}_vehicles`, `sum(vehicles) FILTER (WHERE unit = '${unit}')`],
  [`${unit}_officers`, `sum(officers) FILTER (WHERE unit = '${unit}')`],
]) as [string, string][];

const MAIN_MEASURES: [column: string, value: string][] = [
  ['observations', 'sum(sign)'],
  ['without_site', 'sum(sign) FILTER (WHERE site_id IS NULL)'],
  ['people_evicted', 'sum(sign * people_evicted)'],
  ['people_evicted_reported', 'sum(sign) FILTER (WHERE people_evicted IS NOT NULL)'],
  ['minors_seen', 'sum(sign * minors_seen)'],
  ['arrests', 'sum(sign * arrests)'],
  ['people_sheltered', 'sum(sign * people_sheltered)'],
  ['without_interpreters', 'sum(sign) FILTER (WHERE interpreters_present = false)'],
  ['interpreters_known', 'sum(sign) FILTER (WHERE interpreters_present IS NOT NULL)'],
  ['with_shelter_offered', 'sum(sign) FILTER (WHERE shelter_offered)'],
  ['shelter_offered_known', 'sum(sign) FILTER (WHERE shelter_offered IS NOT NULL)'],
  ['with_observation_obstructed', 'sum(sign) FILTER (WHERE observation_obstructed)'],
  ['observation_obstructed_known', 'sum(sign) FILTER (WHERE observation_obstructed IS NOT NULL)'],
];

/** `INSERT … ON CONFLICT` adding `measures` to the row of the key; rows in key order (no deadlock). */
export function upsert(
  table: string,
  keys: string,
  measures: [column: string, value: string][],
  from: string,
): string {
  const keyPositions = keys
    .split(',')
    .map((_, index) => index + 1)
    .join(', ');
  return `INSERT INTO ${table} AS f (${keys}, ${measures.map(([column]) => column).join(', ')})
          SELECT ${keys},
                 ${measures.map(([, value]) => `coalesce(${value}, 0)`).join(', ')}
            ${from}
           GROUP BY ${keyPositions}
           ORDER BY ${keyPositions}
          ON CONFLICT (${keys}) DO UPDATE
             SET ${measures.map(([column]) => `${column} = f.${column} + excluded.${column}`).join(', ')}`;
}

/**
 * One statement applying the observation delta `delta` (columns of `observationDelta`) to the
 * facts; with `children`, the seizure and force facts too, read from the current child rows.
 */
function applyObservationDelta(delta: string, children: boolean): string {
  const statements = [
    upsert('observation_daily_facts', `${DIMENSIONS}, kind`, MAIN_MEASURES, 'FROM delta'),
    upsert(
      'observation_daily_site_facts',
      `${DIMENSIONS}, site_id`,
      [['observations', 'sum(sign)']],
      'FROM delta WHERE site_id IS NOT NULL',
    ),
  ];
  if (children) {
    statements.push(
      upsert(
        'observation_daily_seizure_facts',
        DIMENSIONS,
        SEIZURE_MEASURES,
        `FROM (SELECT d.sign, d.day, d.validated, d.area, d.commune_code, s.item, s.quantity, s.destroyed
                 FROM delta d JOIN observation_seizures s ON s.observation_id = d.id) x`,
      ),
      upsert(
        'observation_daily_force_facts',
        DIMENSIONS,
        FORCE_MEASURES,
        `FROM (SELECT d.day, d.validated, d.area, d.commune_code, u.unit, d.sign AS present,
                      d.sign * u.vehicles AS vehicles, d.sign * u.officers AS officers
                 FROM delta d
                 CROSS JOIN LATERAL (SELECT f.unit, coalesce(sum(f.vehicles), 0) AS vehicles,
                                            coalesce(sum(f.officers), 0) AS officers
                                       FROM observation_forces f WHERE f.observation_id = d.id
                                      GROUP BY f.unit) u) x`,
      ),
    );
  }
  // One statement: data-modifying CTEs, the last upsert as the main statement.
  const last = statements.pop() as string;
  const ctes = statements.map((statement, index) => `applied_${index} AS (${statement})`);
  return `WITH delta AS MATERIALIZED (${delta}), ${ctes.join(',\n')} ${last}`;
}

/** The observation of child rows `c`, with the fact dimensions, when it is live. */
export const LIVE_OBSERVATION = `JOIN observations o ON o.id = c.observation_id AND o.deleted_at IS NULL`;
export const OBSERVATION_DIMENSIONS = `(o.started_at AT TIME ZONE '${TIME_ZONE}')::date AS day,
       o.status = 'validated' AS validated, o.area AS area, o.commune_code AS commune_code`;

function seizureDelta(changed: string): string {
  return `WITH c AS (${changed})
          ${upsert(
            'observation_daily_seizure_facts',
            DIMENSIONS,
            SEIZURE_MEASURES,
            `FROM (SELECT c.sign, ${OBSERVATION_DIMENSIONS}, c.item, c.quantity, c.destroyed
                     FROM c ${LIVE_OBSERVATION}) x`,
          )}`;
}

/**
 * The force facts count an observation once per unit present: for each (observation, unit) the
 * statement touched, the rows of the unit now (`after_rows`) and before (`after_rows - added_rows`).
 */
export function forceDelta(changed: string): string {
  return `WITH c AS (${changed}),
          pairs AS (
            SELECT c.observation_id, c.unit, sum(c.sign) AS added_rows, sum(c.sign * c.vehicles) AS vehicles,
                   sum(c.sign * c.officers) AS officers,
                   (SELECT count(*) FROM observation_forces f
                     WHERE f.observation_id = c.observation_id AND f.unit = c.unit) AS after_rows
              FROM c GROUP BY c.observation_id, c.unit)
          ${upsert(
            'observation_daily_force_facts',
            DIMENSIONS,
            FORCE_MEASURES,
            `FROM (SELECT ${OBSERVATION_DIMENSIONS}, c.unit, c.vehicles, c.officers,
                          (c.after_rows > 0)::int - (c.after_rows - c.added_rows > 0)::int AS present
                     FROM pairs c ${LIVE_OBSERVATION}) x`,
          )}`;
}

const SEIZURE_ROWS = (table: string, sign: 1 | -1) =>
  `SELECT ${sign} AS sign, observation_id, item, quantity, destroyed FROM ${table}`;
export const FORCE_ROWS = (table: string, sign: 1 | -1) =>
  `SELECT ${sign} AS sign, observation_id, unit, coalesce(vehicles, 0) AS vehicles,
          coalesce(officers, 0) AS officers FROM ${table}`;

export function plpgsql(name: string, body: string): string {
  return `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql
          SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
          BEGIN
            ${body}
            RETURN NULL;
          END $fn$`;
}

const FACT_TABLES = [
  'observation_daily_facts',
  'observation_daily_site_facts',
  'observation_daily_seizure_facts',
  'observation_daily_force_facts',
];

const FUNCTIONS = [
  'vigie_observation_facts_insert',
  'vigie_observation_facts_update',
  'vigie_observation_facts_delete',
  'vigie_observation_facts_truncate',
  'vigie_seizure_facts_insert',
  'vigie_seizure_facts_update',
  'vigie_seizure_facts_delete',
  'vigie_force_facts_insert',
  'vigie_force_facts_update',
  'vigie_force_facts_delete',
  'vigie_child_facts_truncate',
];

export class ObservationDailyFacts1795429000000 implements MigrationInterface {
  name = 'ObservationDailyFacts1795429000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dimensions = `
        day          date NOT NULL,
        validated    boolean NOT NULL,
        area         text,
        commune_code text`;
    await queryRunner.query(`
      CREATE TABLE observation_daily_facts (${dimensions},
        kind                         text NOT NULL,
        ${MAIN_MEASURES.map(([column]) => `${column} integer NOT NULL DEFAULT 0`).join(',\n        ')},
        CONSTRAINT observation_daily_facts_key UNIQUE NULLS NOT DISTINCT (${DIMENSIONS}, kind)
      ) WITH (fillfactor = 80)`);
    await queryRunner.query(`
      CREATE TABLE observation_daily_site_facts (${dimensions},
        site_id      uuid NOT NULL,
        observations integer NOT NULL DEFAULT 0,
        CONSTRAINT observation_daily_site_facts_key UNIQUE NULLS NOT DISTINCT (${DIMENSIONS}, site_id)
      ) WITH (fillfactor = 80)`);
    for (const [table, measures] of [
      ['observation_daily_seizure_facts', SEIZURE_MEASURES],
      ['observation_daily_force_facts', FORCE_MEASURES],
    ] as const) {
      await queryRunner.query(`
        CREATE TABLE ${table} (${dimensions},
          ${measures.map(([column]) => `${column} integer NOT NULL DEFAULT 0`).join(',\n          ')},
          CONSTRAINT ${table}_key UNIQUE NULLS NOT DISTINCT (${DIMENSIONS})
        ) WITH (fillfactor = 80)`);
    }

    // Observations.
    await queryRunner.query(
      plpgsql(
        'vigie_observation_facts_insert',
        applyObservationDelta(
          `${observationDelta('n', 1)} FROM new_rows n WHERE n.deleted_at IS NULL`,
          false,
        ) + ';',
      ),
    );
    await queryRunner.query(
      plpgsql(
        'vigie_observation_facts_update',
        applyObservationDelta(
          `${observationDelta('o', -1)} FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE o.deleted_at IS NULL AND ${counted('o')} IS DISTINCT FROM ${counted('n')}
           UNION ALL
           ${observationDelta('n', 1)} FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE n.deleted_at IS NULL AND ${counted('o')} IS DISTINCT FROM ${counted('n')}`,
          true,
        ) + ';',
      ),
    );
    // Row level and BEFORE: the child rows are still there (the cascade deletes them after).
    await queryRunner.query(`
      CREATE FUNCTION vigie_observation_facts_delete() RETURNS trigger LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        IF OLD.deleted_at IS NULL THEN
          ${applyObservationDelta(observationDelta('OLD', -1), true)};
        END IF;
        RETURN OLD;
      END $fn$`);
    await queryRunner.query(
      plpgsql('vigie_observation_facts_truncate', `TRUNCATE ${FACT_TABLES.join(', ')};`),
    );
    await queryRunner.query(`
      CREATE TRIGGER observations_facts_insert AFTER INSERT ON observations
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vigie_observation_facts_insert()`);
    await queryRunner.query(`
      CREATE TRIGGER observations_facts_update AFTER UPDATE ON observations
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION vigie_observation_facts_update()`);
    await queryRunner.query(`
      CREATE TRIGGER observations_facts_delete BEFORE DELETE ON observations
        FOR EACH ROW EXECUTE FUNCTION vigie_observation_facts_delete()`);
    await queryRunner.query(`
      CREATE TRIGGER observations_facts_truncate AFTER TRUNCATE ON observations
        FOR EACH STATEMENT EXECUTE FUNCTION vigie_observation_facts_truncate()`);

    // Child rows.
    for (const [child, table, delta, rows] of [
      ['seizure', 'observation_seizures', seizureDelta, SEIZURE_ROWS],
      ['force', 'observation_forces', forceDelta, FORCE_ROWS],
    ] as const) {
      await queryRunner.query(plpgsql(`vigie_${child}_facts_insert`, `${delta(rows('new_rows', 1))};`));
      await queryRunner.query(
        plpgsql(
          `vigie_${child}_facts_update`,
          `${delta(`${rows('new_rows', 1)} UNION ALL ${rows('old_rows', -1)}`)};`,
        ),
      );
      await queryRunner.query(plpgsql(`vigie_${child}_facts_delete`, `${delta(rows('old_rows', -1))};`));
      await queryRunner.query(`
        CREATE TRIGGER ${table}_facts_insert AFTER INSERT ON ${table}
          REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION vigie_${child}_facts_insert()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_facts_update AFTER UPDATE ON ${table}
          REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
          FOR EACH STATEMENT EXECUTE FUNCTION vigie_${child}_facts_update()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_facts_delete AFTER DELETE ON ${table}
          REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION vigie_${child}_facts_delete()`);
    }
    await queryRunner.query(
      plpgsql(
        'vigie_child_facts_truncate',
        `IF TG_TABLE_NAME = 'observation_seizures' THEN
           TRUNCATE observation_daily_seizure_facts;
         ELSE
           TRUNCATE observation_daily_force_facts;
         END IF;`,
      ),
    );
    for (const table of ['observation_seizures', 'observation_forces']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_facts_truncate AFTER TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION vigie_child_facts_truncate()`);
    }

    // Recomputes every fact from the records: the backfill, and a repair should they ever differ.
    await queryRunner.query(`
      CREATE FUNCTION vigie_refresh_observation_facts() RETURNS void LANGUAGE plpgsql
      SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
      BEGIN
        TRUNCATE ${FACT_TABLES.join(', ')};
        ${applyObservationDelta(`${observationDelta('o', 1)} FROM observations o WHERE o.deleted_at IS NULL`, true)};
      END $fn$`);
    await queryRunner.query(`REVOKE EXECUTE ON FUNCTION vigie_refresh_observation_facts() FROM PUBLIC`);
    await queryRunner.query(`SELECT vigie_refresh_observation_facts()`);
    for (const table of FACT_TABLES) await queryRunner.query(`ANALYZE ${table}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['observations', 'observation_seizures', 'observation_forces']) {
      for (const operation of ['insert', 'update', 'delete', 'truncate']) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${table}_facts_${operation} ON ${table}`);
      }
    }
    await queryRunner.query(`DROP FUNCTION vigie_refresh_observation_facts()`);
    for (const name of FUNCTIONS) await queryRunner.query(`DROP FUNCTION ${name}()`);
    await queryRunner.query(`DROP TABLE ${FACT_TABLES.join(', ')}`);
  }
}
