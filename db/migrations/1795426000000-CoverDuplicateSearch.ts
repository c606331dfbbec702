import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The possible-duplicate search reads, for each record, the live records of its kind within ±2 h
 * (`(kind, started_at)`), then their place: with the place and the site in the index, PostgreSQL
 * answers from the index alone on settled pages instead of fetching each candidate's row (an
 * import pairs tens of thousands of records; every write pairs one).
 */
export class CoverDuplicateSearch1795426000000 implements MigrationInterface {
  name = 'CoverDuplicateSearch1795426000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX observations_kind_started_at_cover_idx ON observations (kind, started_at)
         INCLUDE (id, location, site_id) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`DROP INDEX observations_kind_started_at_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX observations_kind_started_at_idx ON observations (kind, started_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`DROP INDEX observations_kind_started_at_cover_idx`);
  }
}
