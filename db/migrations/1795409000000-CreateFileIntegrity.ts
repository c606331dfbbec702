import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The re-hashing of stored files (issue 10, item 9): one row per finished check (when, how many
 * files and bytes, what it found), and the problems found and not yet resolved, one row per stored
 * file, so that each is audited once when first found and once when the file is intact again.
 * The API's role needs SELECT and INSERT on `file_checks`; SELECT, INSERT, UPDATE and DELETE on
 * `stored_file_problems` (no sequence: the keys are not serial).
 */
export class CreateFileIntegrity1795409000000 implements MigrationInterface {
  name = 'CreateFileIntegrity1795409000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE file_checks (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger        text NOT NULL CONSTRAINT file_checks_trigger_check CHECK (trigger IN ('schedule', 'command')),
        started_at     timestamptz NOT NULL,
        finished_at    timestamptz NOT NULL,
        files_checked  integer NOT NULL CONSTRAINT file_checks_files_checked_check CHECK (files_checked >= 0),
        bytes_checked  bigint NOT NULL CONSTRAINT file_checks_bytes_checked_check CHECK (bytes_checked >= 0),
        missing        integer NOT NULL CONSTRAINT file_checks_missing_check CHECK (missing >= 0),
        altered        integer NOT NULL CONSTRAINT file_checks_altered_check CHECK (altered >= 0),
        CONSTRAINT file_checks_period_check CHECK (started_at <= finished_at)
      )`);
    await queryRunner.query(`CREATE INDEX file_checks_finished_at_idx ON file_checks (finished_at)`);

    await queryRunner.query(`
      CREATE TABLE stored_file_problems (
        sha256        text PRIMARY KEY CONSTRAINT stored_file_problems_sha256_fkey REFERENCES stored_files (sha256),
        problem       text NOT NULL CONSTRAINT stored_file_problems_problem_check CHECK (problem IN ('missing', 'altered')),
        detail        text NOT NULL,
        -- The records that use the file when it was found (table name → ids), for the operator.
        used_by       jsonb NOT NULL DEFAULT '{}',
        detected_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE stored_file_problems`);
    await queryRunner.query(`DROP TABLE file_checks`);
  }
}
