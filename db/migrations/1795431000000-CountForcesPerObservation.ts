import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  DIMENSIONS,
  FORCE_MEASURES,
  FORCE_ROWS,
  forceDelta,
  LIVE_OBSERVATION,
  OBSERVATION_DIMENSIONS,
  plpgsql,
  upsert,
} from './1795429000000-ObservationDailyFacts';

/*
 * The force facts' triggers (1795429000000-ObservationDailyFacts) counted, for each (observation,
 * unit) a statement touched, the unit's rows of the observation with a correlated subquery: one
 * probe of `observation_forces` per pair. PL/pgSQL keeps a statement's plan for the whole session,
 * so a connection that first ran the trigger while the table was small (a new installation, a test
 * database) kept a plan that answers each probe from the `unit` index or a sequential scan: every
 * probe then reads a third of the table or all of it, and an import of a few thousand records never
 * ends (seen in the e2e tests once the import's commit ran on another pooled connection). The rows
 * of the touched observations are now counted once per statement, grouped by unit, and joined: at
 * worst one pass over the table per statement, at best (the plan the statistics give) one index
 * range per observation. Same figures: test/integration/stats-facts.spec.ts.
 */

function forceDeltaCountedOnce(changed: string): string {
  return `WITH c AS (${changed}),
          pairs AS (
            SELECT c.observation_id, c.unit, sum(c.sign) AS added_rows, sum(c.sign * c.vehicles) AS vehicles,
                   sum(c.sign * c.officers) AS officers
              FROM c GROUP BY c.observation_id, c.unit),
          after_rows AS (
            SELECT f.observation_id, f.unit, count(*) AS rows
              FROM observation_forces f
             WHERE f.observation_id IN (SELECT p.observation_id FROM pairs p)
             GROUP BY f.observation_id, f.unit)
          ${upsert(
            'observation_daily_force_facts',
            DIMENSIONS,
            FORCE_MEASURES,
            `FROM (SELECT ${OBSERVATION_DIMENSIONS}, c.unit, c.vehicles, c.officers,
                          (coalesce(a.rows, 0) > 0)::int - (coalesce(a.rows, 0) - c.added_rows > 0)::int AS present
                     FROM pairs c
                     LEFT JOIN after_rows a ON a.observation_id = c.observation_id AND a.unit = c.unit
                     ${LIVE_OBSERVATION}) x`,
          )}`;
}

/** The three functions of the force facts' triggers, replaced in place (triggers and grants kept). */
function forceFunctions(delta: (changed: string) => string): string[] {
  const replace = (sql: string) => sql.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION');
  return [
    replace(plpgsql('vigie_force_facts_insert', `${delta(FORCE_ROWS('new_rows', 1))};`)),
    replace(
      plpgsql(
        'vigie_force_facts_update',
        `${delta(`${FORCE_ROWS('new_rows', 1)} UNION ALL ${FORCE_ROWS('old_rows', -1)}`)};`,
      ),
    ),
    replace(plpgsql('vigie_force_facts_delete', `${delta(FORCE_ROWS('old_rows', -1))};`)),
  ];
}

export class CountForcesPerObservation1795431000000 implements MigrationInterface {
  name = 'CountForcesPerObservation1795431000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of forceFunctions(forceDeltaCountedOnce)) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of forceFunctions(forceDelta)) await queryRunner.query(statement);
  }
}
