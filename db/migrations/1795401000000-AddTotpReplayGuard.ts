import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last TOTP time step accepted per account, so that a code is accepted once (no replay within
 * its 30-second window), and indexes for the retention purge of sign-in attempts and sessions.
 */
export class AddTotpReplayGuard1795401000000 implements MigrationInterface {
  name = 'AddTotpReplayGuard1795401000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN totp_last_step bigint`);
    await queryRunner.query(`CREATE INDEX login_attempts_at_idx ON login_attempts (at)`);
    await queryRunner.query(`CREATE INDEX sessions_last_seen_at_idx ON sessions (last_seen_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sessions_last_seen_at_idx`);
    await queryRunner.query(`DROP INDEX login_attempts_at_idx`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN totp_last_step`);
  }
}
