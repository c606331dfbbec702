import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated publications (DESIGN §6): one row per requested report, its job's state, and once done
 * the PDF (content-addressed in `stored_files`), its page count and the figures it was printed from.
 * The job queue itself is pg-boss's, in its own `pgboss` schema, which pg-boss installs and migrates.
 */
export class CreateReports1795380000000 implements MigrationInterface {
  name = 'CreateReports1795380000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reports (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CONSTRAINT reports_kind_check
                        CHECK (kind IN ('monthly-note', 'annual-report', 'press-release', 'case-dossier')),
        period_from   date NOT NULL,
        period_to     date NOT NULL,
        area          text CONSTRAINT reports_area_check CHECK (area IN ('calaisis', 'dunkerquois', 'littoral')),
        lang          text NOT NULL CONSTRAINT reports_lang_check CHECK (lang IN ('fr', 'en')),
        -- Case dossiers arrive with legal cases, whose migration adds the foreign key.
        case_id       uuid,
        status        text NOT NULL DEFAULT 'queued' CONSTRAINT reports_status_check
                        CHECK (status IN ('queued', 'rendering', 'done', 'failed')),
        progress      integer NOT NULL DEFAULT 0 CONSTRAINT reports_progress_check CHECK (progress BETWEEN 0 AND 100),
        error         text,
        attempts      integer NOT NULL DEFAULT 0 CONSTRAINT reports_attempts_check CHECK (attempts >= 0),
        sha256        text CONSTRAINT reports_sha256_fkey REFERENCES stored_files (sha256),
        page_count    integer CONSTRAINT reports_page_count_check CHECK (page_count > 0),
        figures       jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    uuid CONSTRAINT reports_created_by_fkey REFERENCES users (id),
        started_at    timestamptz,
        finished_at   timestamptz,
        CONSTRAINT reports_period_check CHECK (period_from <= period_to),
        CONSTRAINT reports_done_check CHECK (
          status <> 'done' OR (sha256 IS NOT NULL AND page_count IS NOT NULL AND figures IS NOT NULL)),
        CONSTRAINT reports_failed_check CHECK (status <> 'failed' OR error IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX reports_created_at_idx ON reports (created_at)`);
    await queryRunner.query(`CREATE INDEX reports_status_idx ON reports (status)`);
    await queryRunner.query(`CREATE INDEX reports_kind_created_at_idx ON reports (kind, created_at)`);
    await queryRunner.query(`CREATE INDEX reports_created_by_idx ON reports (created_by)`);
    await queryRunner.query(`CREATE INDEX reports_sha256_idx ON reports (sha256)`);
    await queryRunner.query(`CREATE INDEX reports_case_id_idx ON reports (case_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reports`);
  }
}
