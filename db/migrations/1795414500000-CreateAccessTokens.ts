import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal access tokens for scripts (DESIGN §5): the SHA-256 of each secret (never the secret),
 * the visible prefix that names it in lists, its scopes and expiry, and the per-minute request
 * counter of its rate limit (kept on the row, so that every API process counts the same).
 */
export class CreateAccessTokens1795414500000 implements MigrationInterface {
  name = 'CreateAccessTokens1795414500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_tokens (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id       uuid NOT NULL CONSTRAINT access_tokens_user_id_fkey REFERENCES users (id),
        name          text NOT NULL CONSTRAINT access_tokens_name_check CHECK (char_length(name) BETWEEN 1 AND 100),
        token_hash    text NOT NULL CONSTRAINT access_tokens_token_hash_key UNIQUE,
        prefix        text NOT NULL,
        scopes        text[] NOT NULL CONSTRAINT access_tokens_scopes_check
                        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['exports', 'stats']),
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        last_used_at  timestamptz,
        revoked_at    timestamptz,
        rate_window   timestamptz,
        rate_count    integer NOT NULL DEFAULT 0,
        CONSTRAINT access_tokens_expiry_check CHECK (expires_at > created_at)
      )`);
    await queryRunner.query(`CREATE INDEX access_tokens_user_id_idx ON access_tokens (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_tokens`);
  }
}
