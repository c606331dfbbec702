import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, sessions, login throttling, security settings, and the append-only, hash-chained audit
 * trail (DESIGN §3). The audit table refuses UPDATE, DELETE and TRUNCATE at the database level, so
 * not even the application can quietly rewrite it.
 */
export class CreateAccessControl1795360000000 implements MigrationInterface {
  name = 'CreateAccessControl1795360000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE users
        ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN last_login_at timestamptz,
        ADD COLUMN created_by uuid CONSTRAINT users_created_by_fkey REFERENCES users (id),
        ADD COLUMN updated_by uuid CONSTRAINT users_updated_by_fkey REFERENCES users (id),
        ADD COLUMN version integer NOT NULL DEFAULT 1`);

    await queryRunner.query(`
      CREATE TABLE sessions (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash    text NOT NULL CONSTRAINT sessions_token_hash_key UNIQUE,
        user_id       uuid NOT NULL CONSTRAINT sessions_user_id_fkey REFERENCES users (id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at    timestamptz,
        mfa_pending   boolean NOT NULL DEFAULT false,
        ip            text,
        user_agent    text
      )`);
    await queryRunner.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);

    await queryRunner.query(`
      CREATE TABLE login_attempts (
        id       bigserial PRIMARY KEY,
        at       timestamptz NOT NULL DEFAULT now(),
        ip       text NOT NULL,
        email    text NOT NULL,
        success  boolean NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX login_attempts_ip_at_idx ON login_attempts (ip, at)`);
    await queryRunner.query(`CREATE INDEX login_attempts_email_at_idx ON login_attempts (email, at)`);

    await queryRunner.query(`
      CREATE TABLE app_settings (
        key         text PRIMARY KEY,
        value       jsonb NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  uuid CONSTRAINT app_settings_updated_by_fkey REFERENCES users (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE audit_events (
        id         bigserial PRIMARY KEY,
        at         timestamptz NOT NULL,
        actor_id   uuid CONSTRAINT audit_events_actor_id_fkey REFERENCES users (id),
        action     text NOT NULL,
        entity     text NOT NULL,
        entity_id  text,
        diff       jsonb,
        context    jsonb,
        prev_hash  text NOT NULL,
        hash       text NOT NULL CONSTRAINT audit_events_hash_key UNIQUE
      )`);
    await queryRunner.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id, id)`);
    await queryRunner.query(`CREATE INDEX audit_events_actor_id_idx ON audit_events (actor_id, id)`);
    await queryRunner.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    await queryRunner.query(`
      CREATE FUNCTION vigie_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_update_delete
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION vigie_audit_events_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION vigie_audit_events_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP FUNCTION vigie_audit_events_append_only()`);
    await queryRunner.query(`DROP TABLE app_settings`);
    await queryRunner.query(`DROP TABLE login_attempts`);
    await queryRunner.query(`DROP TABLE sessions`);
    await queryRunner.query(`
      ALTER TABLE users
        DROP COLUMN version, DROP COLUMN updated_by, DROP COLUMN created_by, DROP COLUMN last_login_at,
        DROP COLUMN locked_until, DROP COLUMN failed_logins, DROP COLUMN totp_enabled`);
  }
}
