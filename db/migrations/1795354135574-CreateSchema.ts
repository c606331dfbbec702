import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The walking skeleton's schema: reference communes, living sites, observations of evictions and
 * their child rows, users, and a key/value table for facts about the data set (demo or not).
 * Commune and area are derived in the database, by trigger, so every writer (API, seeds, imports)
 * gets the same answer.
 */
export class CreateSchema1795354135574 implements MigrationInterface {
  name = 'CreateSchema1795354135574';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS postgis`);

    await queryRunner.query(`
      CREATE TABLE communes (
        code        text PRIMARY KEY,
        name        text NOT NULL,
        department  text NOT NULL,
        epci_code   text NOT NULL,
        epci_name   text NOT NULL,
        area        text NOT NULL CONSTRAINT communes_area_check
                      CHECK (area IN ('calaisis', 'dunkerquois', 'littoral')),
        population  integer,
        geometry    geometry(MultiPolygon, 4326) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX communes_geometry_idx ON communes USING gist (geometry)`);
    await queryRunner.query(`CREATE INDEX communes_area_idx ON communes (area)`);

    await queryRunner.query(`
      CREATE TABLE users (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email          text NOT NULL,
        name           text NOT NULL,
        role           text NOT NULL CONSTRAINT users_role_check
                         CHECK (role IN ('admin', 'coordinator', 'observer', 'legal', 'communication', 'researcher')),
        active         boolean NOT NULL DEFAULT true,
        password_hash  text NOT NULL,
        totp_secret    text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    // Derives commune_code (and area where the table has one) from the location.
    await queryRunner.query(`
      CREATE FUNCTION vigie_derive_commune() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        found_code text;
        found_area text;
      BEGIN
        SELECT c.code, c.area INTO found_code, found_area
          FROM communes c
         WHERE ST_Intersects(c.geometry, NEW.location)
         ORDER BY c.code
         LIMIT 1;
        NEW.commune_code := found_code;
        NEW.area := found_area;
        RETURN NEW;
      END
      $$`);

    // array_to_string is only STABLE (it depends on the element type's output function); for text[]
    // it cannot change, and a generated column needs an IMMUTABLE expression.
    await queryRunner.query(`
      CREATE FUNCTION vigie_join_text(parts text[]) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT array_to_string(parts, ' ') $$`);

    await queryRunner.query(`
      CREATE TABLE sites (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name          text NOT NULL,
        aliases       text[] NOT NULL DEFAULT '{}',
        kind          text NOT NULL CONSTRAINT sites_kind_check
                        CHECK (kind IN ('camp', 'woodland', 'squat', 'under_bridge', 'warehouse', 'street', 'other')),
        location      geometry(Point, 4326) NOT NULL,
        perimeter     geometry(Polygon, 4326),
        commune_code  text CONSTRAINT sites_commune_code_fkey REFERENCES communes (code),
        area          text,
        status        text NOT NULL DEFAULT 'unknown' CONSTRAINT sites_status_check
                        CHECK (status IN ('active', 'dismantled', 'fenced', 'abandoned', 'unknown')),
        notes         text,
        search        tsvector GENERATED ALWAYS AS (
                        to_tsvector('french', name || ' ' || vigie_join_text(aliases) || ' ' || coalesce(notes, ''))
                      ) STORED,
        creation_digest text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        created_by    uuid CONSTRAINT sites_created_by_fkey REFERENCES users (id),
        updated_by    uuid CONSTRAINT sites_updated_by_fkey REFERENCES users (id),
        version       integer NOT NULL DEFAULT 1,
        deleted_at    timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX sites_location_idx ON sites USING gist (location)`);
    await queryRunner.query(`CREATE INDEX sites_commune_code_idx ON sites (commune_code)`);
    await queryRunner.query(`CREATE INDEX sites_search_idx ON sites USING gin (search)`);
    await queryRunner.query(`
      CREATE TRIGGER sites_derive_commune
      BEFORE INSERT OR UPDATE OF location ON sites
      FOR EACH ROW EXECUTE FUNCTION vigie_derive_commune()`);

    await queryRunner.query(`
      CREATE TABLE observations (
        id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind                    text NOT NULL CONSTRAINT observations_kind_check
                                  CHECK (kind IN ('eviction', 'large_eviction', 'site_works', 'dispersal')),
        started_at              timestamptz NOT NULL,
        ended_at                timestamptz,
        location                geometry(Point, 4326) NOT NULL,
        location_accuracy_m     double precision CONSTRAINT observations_location_accuracy_check
                                  CHECK (location_accuracy_m >= 0),
        site_id                 uuid CONSTRAINT observations_site_id_fkey REFERENCES sites (id),
        commune_code            text CONSTRAINT observations_commune_code_fkey REFERENCES communes (code),
        area                    text,
        people_evicted          integer CONSTRAINT observations_people_evicted_check CHECK (people_evicted >= 0),
        minors_seen             integer CONSTRAINT observations_minors_seen_check CHECK (minors_seen >= 0),
        arrests                 integer NOT NULL DEFAULT 0 CONSTRAINT observations_arrests_check CHECK (arrests >= 0),
        legal_basis             text CONSTRAINT observations_legal_basis_check
                                  CHECK (legal_basis IN ('flagrance', 'court_order', 'prefectoral_order', 'municipal_order',
                                                         'sheltering_operation', 'refused', 'none_stated', 'unknown')),
        legal_basis_details     text,
        interpreters_present    boolean,
        bailiff_present         boolean,
        contractor_present      boolean,
        contractor_name         text,
        shelter_offered         boolean,
        shelter_buses           integer CONSTRAINT observations_shelter_buses_check CHECK (shelter_buses >= 0),
        people_sheltered        integer CONSTRAINT observations_people_sheltered_check CHECK (people_sheltered >= 0),
        observation_obstructed  boolean,
        counts_reliable         boolean NOT NULL DEFAULT true,
        description             text,
        status                  text NOT NULL DEFAULT 'draft' CONSTRAINT observations_status_check
                                  CHECK (status IN ('draft', 'submitted', 'validated')),
        review_comment          text,
        search                  tsvector GENERATED ALWAYS AS (
                                  to_tsvector('french', coalesce(description, '') || ' ' || coalesce(legal_basis_details, '')
                                              || ' ' || coalesce(contractor_name, ''))
                                ) STORED,
        creation_digest         text,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        created_by              uuid CONSTRAINT observations_created_by_fkey REFERENCES users (id),
        updated_by              uuid CONSTRAINT observations_updated_by_fkey REFERENCES users (id),
        version                 integer NOT NULL DEFAULT 1,
        deleted_at              timestamptz,
        CONSTRAINT observations_period_check
          CHECK (ended_at IS NULL OR (ended_at >= started_at AND ended_at <= started_at + interval '24 hours'))
      )`);
    // Lists and maps only ever look at live records: partial indexes stay small, and a count over a
    // commune and period becomes an index-only scan.
    await queryRunner.query(
      `CREATE INDEX observations_location_idx ON observations USING gist (location) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX observations_started_at_idx ON observations (started_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX observations_commune_started_at_idx ON observations (commune_code, started_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX observations_area_started_at_idx ON observations (area, started_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX observations_site_id_idx ON observations (site_id)`);
    await queryRunner.query(`CREATE INDEX observations_status_idx ON observations (status)`);
    // Kind alone has four values; with the time it serves the duplicate look-up (same kind, ±2 h).
    await queryRunner.query(
      `CREATE INDEX observations_kind_started_at_idx ON observations (kind, started_at) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX observations_search_idx ON observations USING gin (search)`);
    await queryRunner.query(`
      CREATE TRIGGER observations_derive_commune
      BEFORE INSERT OR UPDATE OF location ON observations
      FOR EACH ROW EXECUTE FUNCTION vigie_derive_commune()`);

    await queryRunner.query(`
      CREATE TABLE observation_forces (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        observation_id  uuid NOT NULL CONSTRAINT observation_forces_observation_id_fkey
                          REFERENCES observations (id) ON DELETE CASCADE,
        position        integer NOT NULL,
        unit            text NOT NULL CONSTRAINT observation_forces_unit_check
                          CHECK (unit IN ('crs', 'gm', 'pn', 'bac', 'paf', 'gd', 'pm', 'pts', 'other', 'unknown')),
        vehicles        integer CONSTRAINT observation_forces_vehicles_check CHECK (vehicles >= 0),
        officers        integer CONSTRAINT observation_forces_officers_check CHECK (officers >= 0),
        identifiers     text,
        CONSTRAINT observation_forces_position_key UNIQUE (observation_id, position)
      )`);
    await queryRunner.query(`CREATE INDEX observation_forces_unit_idx ON observation_forces (unit)`);

    await queryRunner.query(`
      CREATE TABLE observation_seizures (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        observation_id  uuid NOT NULL CONSTRAINT observation_seizures_observation_id_fkey
                          REFERENCES observations (id) ON DELETE CASCADE,
        position        integer NOT NULL,
        item            text NOT NULL CONSTRAINT observation_seizures_item_check
                          CHECK (item IN ('tent', 'tarp', 'sleeping_bag', 'blanket', 'mattress', 'bag', 'phone', 'documents',
                                          'medication', 'bicycle', 'cooking', 'wood_pallets', 'structure', 'other')),
        quantity        integer NOT NULL CONSTRAINT observation_seizures_quantity_check CHECK (quantity >= 0),
        destroyed       boolean NOT NULL DEFAULT false,
        CONSTRAINT observation_seizures_position_key UNIQUE (observation_id, position)
      )`);
    await queryRunner.query(`CREATE INDEX observation_seizures_item_idx ON observation_seizures (item)`);

    await queryRunner.query(`
      CREATE TABLE dataset_facts (
        key         text PRIMARY KEY,
        value       jsonb NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dataset_facts`);
    await queryRunner.query(`DROP TABLE observation_seizures`);
    await queryRunner.query(`DROP TABLE observation_forces`);
    await queryRunner.query(`DROP TABLE observations`);
    await queryRunner.query(`DROP TABLE sites`);
    await queryRunner.query(`DROP FUNCTION vigie_join_text(text[])`);
    await queryRunner.query(`DROP FUNCTION vigie_derive_commune()`);
    await queryRunner.query(`DROP TABLE users`);
    await queryRunner.query(`DROP TABLE communes`);
    // The extension stays: other schemas of the same database may use it, and dropping it is not
    // needed to undo this migration's tables.
  }
}
