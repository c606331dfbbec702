import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents (acts of violence, arrests, obstruction; DESIGN §3), evidence files and their stored
 * bytes, and the possible-duplicate pairs of observations with the coordinators' decisions on them.
 */
export class CreateIncidentsAndEvidence1795370000000 implements MigrationInterface {
  name = 'CreateIncidentsAndEvidence1795370000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incidents (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type                  text NOT NULL CONSTRAINT incidents_type_check
                                CHECK (type IN ('physical_violence', 'tear_gas', 'weapon_threat', 'arrest', 'detention',
                                                'destruction_of_belongings', 'insults_threats', 'humanitarian_obstruction',
                                                'observer_obstruction', 'observer_id_check', 'observer_fine',
                                                'observer_intimidation', 'observer_violence', 'other')),
        occurred_at           timestamptz NOT NULL,
        location              geometry(Point, 4326) NOT NULL,
        observation_id        uuid CONSTRAINT incidents_observation_id_fkey REFERENCES observations (id),
        commune_code          text CONSTRAINT incidents_commune_code_fkey REFERENCES communes (code),
        area                  text,
        victim_count          integer CONSTRAINT incidents_victim_count_check CHECK (victim_count >= 0),
        minor_count           integer CONSTRAINT incidents_minor_count_check CHECK (minor_count >= 0),
        injured               boolean,
        medical_care          boolean,
        perpetrators          text[] NOT NULL DEFAULT '{}' CONSTRAINT incidents_perpetrators_check
                                CHECK (perpetrators <@ ARRAY['crs', 'gm', 'pn', 'bac', 'paf', 'gd', 'pm', 'pts', 'other', 'unknown']),
        description           text,
        public_summary        text,
        testimony             text,
        consent_publication   boolean NOT NULL DEFAULT false,
        consent_litigation    boolean NOT NULL DEFAULT false,
        consent_research      boolean NOT NULL DEFAULT false,
        status                text NOT NULL DEFAULT 'draft' CONSTRAINT incidents_status_check
                                CHECK (status IN ('draft', 'submitted', 'validated')),
        review_comment        text,
        -- The restricted testimony stays out of the full-text index: a search must not reveal it.
        search                tsvector GENERATED ALWAYS AS (
                                to_tsvector('french', coalesce(description, '') || ' ' || coalesce(public_summary, ''))
                              ) STORED,
        creation_digest       text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        created_by            uuid CONSTRAINT incidents_created_by_fkey REFERENCES users (id),
        updated_by            uuid CONSTRAINT incidents_updated_by_fkey REFERENCES users (id),
        version               integer NOT NULL DEFAULT 1,
        deleted_at            timestamptz,
        CONSTRAINT incidents_minor_count_victims_check CHECK (minor_count IS NULL OR victim_count IS NULL OR minor_count <= victim_count)
      )`);
    await queryRunner.query(
      `CREATE INDEX incidents_location_idx ON incidents USING gist (location) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incidents_occurred_at_idx ON incidents (occurred_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incidents_commune_occurred_at_idx ON incidents (commune_code, occurred_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX incidents_area_occurred_at_idx ON incidents (area, occurred_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX incidents_observation_id_idx ON incidents (observation_id)`);
    await queryRunner.query(`CREATE INDEX incidents_type_idx ON incidents (type)`);
    await queryRunner.query(`CREATE INDEX incidents_status_idx ON incidents (status)`);
    await queryRunner.query(`CREATE INDEX incidents_search_idx ON incidents USING gin (search)`);
    await queryRunner.query(`
      CREATE TRIGGER incidents_derive_commune
      BEFORE INSERT OR UPDATE OF location ON incidents
      FOR EACH ROW EXECUTE FUNCTION vigie_derive_commune()`);

    // Stored bytes, content-addressed: one row per distinct SHA-256, whatever the number of
    // attachments that share it. The file lives under the data directory at a path derived from
    // the hash; bytes are never deleted by the application (evidence).
    await queryRunner.query(`
      CREATE TABLE stored_files (
        sha256      text PRIMARY KEY CONSTRAINT stored_files_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size_bytes  bigint NOT NULL CONSTRAINT stored_files_size_check CHECK (size_bytes > 0),
        mime_type   text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE attachments (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256                text NOT NULL CONSTRAINT attachments_sha256_fkey REFERENCES stored_files (sha256),
        size_bytes            bigint NOT NULL,
        mime_type             text NOT NULL,
        original_name         text,
        captured_at           timestamptz,
        exif_location         geometry(Point, 4326),
        caption               text,
        consent_publication   boolean NOT NULL DEFAULT false,
        consent_litigation    boolean NOT NULL DEFAULT false,
        consent_research      boolean NOT NULL DEFAULT false,
        observation_id        uuid CONSTRAINT attachments_observation_id_fkey REFERENCES observations (id),
        incident_id           uuid CONSTRAINT attachments_incident_id_fkey REFERENCES incidents (id),
        -- Legal cases arrive with a later migration, which adds the foreign key.
        legal_case_id         uuid,
        publication_sha256    text CONSTRAINT attachments_publication_sha256_fkey REFERENCES stored_files (sha256),
        publication_width     integer,
        publication_height    integer,
        -- A small JPEG for the console's lists and previews (images only).
        thumbnail_sha256      text CONSTRAINT attachments_thumbnail_sha256_fkey REFERENCES stored_files (sha256),
        thumbnail_width       integer,
        thumbnail_height      integer,
        creation_digest       text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        created_by            uuid CONSTRAINT attachments_created_by_fkey REFERENCES users (id),
        updated_by            uuid CONSTRAINT attachments_updated_by_fkey REFERENCES users (id),
        version               integer NOT NULL DEFAULT 1,
        deleted_at            timestamptz,
        CONSTRAINT attachments_one_owner_check CHECK (num_nonnulls(observation_id, incident_id, legal_case_id) = 1)
      )`);
    await queryRunner.query(`CREATE INDEX attachments_observation_id_idx ON attachments (observation_id)`);
    await queryRunner.query(`CREATE INDEX attachments_incident_id_idx ON attachments (incident_id)`);
    await queryRunner.query(`CREATE INDEX attachments_legal_case_id_idx ON attachments (legal_case_id)`);
    await queryRunner.query(`CREATE INDEX attachments_sha256_idx ON attachments (sha256)`);
    await queryRunner.query(`CREATE INDEX attachments_created_by_idx ON attachments (created_by)`);

    // A merged observation points at the one it was merged into (it is soft-deleted too).
    await queryRunner.query(`
      ALTER TABLE observations
        ADD COLUMN merged_into_id uuid CONSTRAINT observations_merged_into_id_fkey REFERENCES observations (id)`);

    // Possible duplicates, kept up to date on every write of an observation: one row per unordered
    // pair (the smaller id first). `dismissed` records a coordinator's "not a duplicate", which
    // later edits do not undo.
    await queryRunner.query(`
      CREATE TABLE observation_duplicates (
        observation_a  uuid NOT NULL CONSTRAINT observation_duplicates_a_fkey REFERENCES observations (id),
        observation_b  uuid NOT NULL CONSTRAINT observation_duplicates_b_fkey REFERENCES observations (id),
        status         text NOT NULL DEFAULT 'possible' CONSTRAINT observation_duplicates_status_check
                         CHECK (status IN ('possible', 'dismissed')),
        detected_at    timestamptz NOT NULL DEFAULT now(),
        decided_at     timestamptz,
        decided_by     uuid CONSTRAINT observation_duplicates_decided_by_fkey REFERENCES users (id),
        PRIMARY KEY (observation_a, observation_b),
        CONSTRAINT observation_duplicates_order_check CHECK (observation_a < observation_b)
      )`);
    await queryRunner.query(
      `CREATE INDEX observation_duplicates_b_idx ON observation_duplicates (observation_b)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE observation_duplicates`);
    await queryRunner.query(`ALTER TABLE observations DROP COLUMN merged_into_id`);
    await queryRunner.query(`DROP TABLE attachments`);
    await queryRunner.query(`DROP TABLE stored_files`);
    await queryRunner.query(`DROP TABLE incidents`);
  }
}
