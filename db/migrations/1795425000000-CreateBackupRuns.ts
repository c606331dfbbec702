import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backups (issue 15): one row per backup, restore drill or restore, started or finished, with what
 * it wrote and why it failed. The admin page and the health endpoint read the last ones; the audit
 * trail holds an event for each finished run. `report` keeps a drill's or restore's checks as the
 * restore printed them. The API's role needs SELECT, INSERT and UPDATE (granted after migrations).
 */
export class CreateBackupRuns1795425000000 implements MigrationInterface {
  name = 'CreateBackupRuns1795425000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE backup_runs (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind           text NOT NULL CONSTRAINT backup_runs_kind_check CHECK (kind IN ('backup', 'drill', 'restore')),
        status         text NOT NULL CONSTRAINT backup_runs_status_check CHECK (status IN ('running', 'succeeded', 'failed')),
        backup_id      text,
        destination    text,
        size_bytes     bigint CONSTRAINT backup_runs_size_bytes_check CHECK (size_bytes >= 0),
        files_copied   integer CONSTRAINT backup_runs_files_copied_check CHECK (files_copied >= 0),
        bytes_written  bigint CONSTRAINT backup_runs_bytes_written_check CHECK (bytes_written >= 0),
        started_at     timestamptz NOT NULL DEFAULT now(),
        finished_at    timestamptz,
        error          text,
        report         jsonb,
        triggered_by   uuid CONSTRAINT backup_runs_triggered_by_fkey REFERENCES users (id),
        CONSTRAINT backup_runs_finished_check CHECK ((status = 'running') = (finished_at IS NULL)),
        CONSTRAINT backup_runs_period_check CHECK (finished_at IS NULL OR started_at <= finished_at),
        CONSTRAINT backup_runs_error_check CHECK (status <> 'failed' OR error IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX backup_runs_kind_started_at_idx ON backup_runs (kind, started_at DESC)`,
    );
    await queryRunner.query(`CREATE INDEX backup_runs_started_at_idx ON backup_runs (started_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE backup_runs`);
  }
}
