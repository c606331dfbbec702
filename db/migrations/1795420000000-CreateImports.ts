import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports of past data and the live KoboToolbox feed (DESIGN §5, docs/imports.md):
 * - `imports`: one uploaded file, its detected shape, its mapping, the last dry run's summary and
 *   what its commit did; `import_rows`: the file's rows as parsed (strings, as in the file), with
 *   the last dry run's verdict per row.
 * - `import_sources`: where each imported record came from, keyed by its source id (or, without
 *   one, by its content): the key that makes a re-run create nothing and a corrected file update.
 * - `import_changes`: what one commit wrote, with the values it replaced, so that it can be undone
 *   while nothing newer touched the records.
 * - `import_mappings`: mappings saved by name, found again by the headers of a new file.
 * - `kobo_feeds` (token stored hashed) and `kobo_submissions` (every submission received, accepted
 *   or rejected with its reason: never dropped).
 * Observations and incidents gain `source`: the import (or feed), file name, row and source id.
 */
export class CreateImports1795420000000 implements MigrationInterface {
  name = 'CreateImports1795420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE import_mappings (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        text NOT NULL CONSTRAINT import_mappings_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
        kind        text NOT NULL CONSTRAINT import_mappings_kind_check CHECK (kind IN ('observations', 'incidents')),
        columns     text[] NOT NULL,
        header_key  text NOT NULL,
        mapping     jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        created_by  uuid CONSTRAINT import_mappings_created_by_fkey REFERENCES users (id),
        updated_by  uuid CONSTRAINT import_mappings_updated_by_fkey REFERENCES users (id),
        version     integer NOT NULL DEFAULT 1,
        CONSTRAINT import_mappings_kind_name_key UNIQUE (kind, name)
      )`);
    await queryRunner.query(
      `CREATE INDEX import_mappings_header_key_idx ON import_mappings (kind, header_key)`,
    );
    await queryRunner.query(`
      CREATE TABLE imports (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CONSTRAINT imports_kind_check CHECK (kind IN ('observations', 'incidents')),
        status        text NOT NULL DEFAULT 'uploaded' CONSTRAINT imports_status_check
                        CHECK (status IN ('uploaded', 'mapped', 'checked', 'committed', 'undone')),
        format        text NOT NULL CONSTRAINT imports_format_check
                        CHECK (format IN ('csv', 'xlsx', 'kobo-csv', 'kobo-xlsx')),
        file_name     text NOT NULL,
        file_sha256   text NOT NULL,
        size_bytes    bigint NOT NULL,
        encoding      text,
        delimiter     text,
        sheet         text,
        sheets        text[] NOT NULL DEFAULT '{}',
        columns       text[] NOT NULL,
        header_key    text NOT NULL,
        row_count     integer NOT NULL DEFAULT 0,
        preview       jsonb NOT NULL,
        mapping       jsonb,
        mapping_id    uuid CONSTRAINT imports_mapping_id_fkey REFERENCES import_mappings (id) ON DELETE SET NULL,
        summary       jsonb,
        result        jsonb,
        skipped_rows  integer[] NOT NULL DEFAULT '{}',
        as_validated  boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        created_by    uuid NOT NULL CONSTRAINT imports_created_by_fkey REFERENCES users (id),
        committed_at  timestamptz,
        committed_by  uuid CONSTRAINT imports_committed_by_fkey REFERENCES users (id),
        undone_at     timestamptz,
        undone_by     uuid CONSTRAINT imports_undone_by_fkey REFERENCES users (id)
      )`);
    await queryRunner.query(`CREATE INDEX imports_created_at_idx ON imports (created_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE import_rows (
        import_id               uuid NOT NULL CONSTRAINT import_rows_import_id_fkey REFERENCES imports (id),
        row_number              integer NOT NULL,
        cells                   text[] NOT NULL,
        action                  text CONSTRAINT import_rows_action_check
                                  CHECK (action IN ('create', 'update', 'unchanged', 'rejected')),
        record_id               uuid,
        errors                  jsonb,
        possible_duplicate_ids  uuid[],
        PRIMARY KEY (import_id, row_number)
      )`);
    await queryRunner.query(`
      CREATE TABLE kobo_feeds (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name              text NOT NULL CONSTRAINT kobo_feeds_name_check CHECK (char_length(name) BETWEEN 1 AND 200),
        token_hash        text NOT NULL CONSTRAINT kobo_feeds_token_hash_key UNIQUE,
        prefix            text NOT NULL,
        -- Required while the feed is live (the service checks); a revoked feed may outlive its mapping.
        mapping_id        uuid CONSTRAINT kobo_feeds_mapping_id_fkey REFERENCES import_mappings (id) ON DELETE SET NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        created_by        uuid NOT NULL CONSTRAINT kobo_feeds_created_by_fkey REFERENCES users (id),
        revoked_at        timestamptz,
        revoked_by        uuid CONSTRAINT kobo_feeds_revoked_by_fkey REFERENCES users (id),
        last_received_at  timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE kobo_submissions (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feed_id         uuid NOT NULL CONSTRAINT kobo_submissions_feed_id_fkey REFERENCES kobo_feeds (id),
        submission_key  text NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        received_count  integer NOT NULL DEFAULT 1,
        status          text NOT NULL CONSTRAINT kobo_submissions_status_check CHECK (status IN ('accepted', 'rejected')),
        record_id       uuid CONSTRAINT kobo_submissions_record_id_fkey REFERENCES observations (id),
        errors          jsonb,
        payload         jsonb NOT NULL,
        CONSTRAINT kobo_submissions_feed_key UNIQUE (feed_id, submission_key)
      )`);
    await queryRunner.query(
      `CREATE INDEX kobo_submissions_feed_received_idx ON kobo_submissions (feed_id, received_at DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE import_sources (
        kind        text NOT NULL,
        source_key  text NOT NULL,
        record_id   uuid NOT NULL,
        import_id   uuid CONSTRAINT import_sources_import_id_fkey REFERENCES imports (id),
        feed_id     uuid CONSTRAINT import_sources_feed_id_fkey REFERENCES kobo_feeds (id),
        row_number  integer,
        digest      text NOT NULL,
        -- The record's version as the import left it: a later import does not overwrite an edit made in Vigie.
        version     integer,
        PRIMARY KEY (kind, source_key)
      )`);
    await queryRunner.query(`CREATE INDEX import_sources_record_idx ON import_sources (record_id)`);
    await queryRunner.query(`
      CREATE TABLE import_changes (
        import_id      uuid NOT NULL CONSTRAINT import_changes_import_id_fkey REFERENCES imports (id),
        record_id      uuid NOT NULL,
        row_number     integer NOT NULL,
        action         text NOT NULL CONSTRAINT import_changes_action_check CHECK (action IN ('created', 'updated')),
        source_key     text NOT NULL,
        before_values  jsonb,
        before_source  jsonb,
        before_origin  jsonb,
        version_after  integer NOT NULL,
        PRIMARY KEY (import_id, record_id)
      )`);
    for (const table of ['observations', 'incidents']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN source jsonb`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['observations', 'incidents']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN source`);
    }
    for (const table of [
      'import_changes',
      'import_sources',
      'kobo_submissions',
      'kobo_feeds',
      'import_rows',
      'imports',
      'import_mappings',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
