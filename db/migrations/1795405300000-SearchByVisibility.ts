import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search by what the reader may read (issue 10, item 3). `incidents.search` covers the
 * internal description and the public summary: run for communication, `X-Total-Count` told which
 * hidden words a record held. Communication now searches `public_search`, the public summary of
 * the incidents whose people agreed to publication, and nothing else (never the description nor the
 * testimony).
 */
export class SearchByVisibility1795405300000 implements MigrationInterface {
  name = 'SearchByVisibility1795405300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE incidents ADD COLUMN public_search tsvector GENERATED ALWAYS AS (
        CASE WHEN consent_publication THEN to_tsvector('french', coalesce(public_summary, ''))
             ELSE ''::tsvector END
      ) STORED`);
    await queryRunner.query(
      `CREATE INDEX incidents_public_search_idx ON incidents USING gin (public_search)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incidents DROP COLUMN public_search`);
  }
}
