import type { MigrationInterface, QueryRunner } from 'typeorm';

const PROCEDURES = [
  'refere_liberte',
  'refere_suspension',
  'refere_mesures_utiles',
  'recours_annulation',
  'appeal',
  'criminal_complaint',
  'civil_party_complaint',
  'article40_report',
  'defenseur_droits',
  'police_inspectorate',
  'cada_request',
  'un_communication',
  'echr_application',
  'fine_contest',
  'other',
];
const FORUMS = [
  'ta_lille',
  'caa_douai',
  'conseil_etat',
  'tj_boulogne',
  'tj_dunkerque',
  'tribunal_police',
  'parquet_boulogne',
  'parquet_dunkerque',
  'defenseur_droits',
  'igpn_iggn',
  'cada',
  'cncdh',
  'un',
  'echr',
  'other',
];
const STATUSES = ['preparing', 'filed', 'pending', 'decided', 'appealed', 'closed'];
const OUTCOMES = ['granted', 'partially_granted', 'rejected', 'dismissed', 'withdrawn'];
const EVENT_KINDS = [
  'filing',
  'hearing',
  'site_visit',
  'decision',
  'notification',
  'submission',
  'compliance_check',
  'other',
];

/** `'a', 'b'` for a CHECK constraint (trusted constants). */
const list = (codes: readonly string[]) => codes.map((code) => `'${code}'`).join(', ');

/** Columns every mutable record carries (DESIGN §3), for table `table`. */
const tracked = (table: string) => `
        creation_digest       text,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        created_by            uuid CONSTRAINT ${table}_created_by_fkey REFERENCES users (id),
        updated_by            uuid CONSTRAINT ${table}_updated_by_fkey REFERENCES users (id),
        version               integer NOT NULL DEFAULT 1,
        deleted_at            timestamptz`;

/**
 * The legal side (DESIGN §3 Legal case): cases with the act they challenge, their events, their
 * deadlines (computed by the rules of libs/domain or written by hand), the records linked to them as
 * evidence, the legal team's confirmation of each rule, and the per-user secret calendar feeds.
 * Also the outline of France that a challenged act's perimeter must lie in, and the foreign keys
 * that attachments and reports kept waiting for legal cases.
 */
export class CreateLegalCases1795390000000 implements MigrationInterface {
  name = 'CreateLegalCases1795390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Land and territorial waters; loaded by the reference seed (db/seeds/france-50m.geojson).
    await queryRunner.query(`
      CREATE TABLE territories (
        code      text PRIMARY KEY,
        name      text NOT NULL,
        geometry  geometry(MultiPolygon, 4326) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX territories_geometry_idx ON territories USING gist (geometry)`);

    await queryRunner.query(`
      CREATE TABLE legal_cases (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference             text NOT NULL,
        title                 text NOT NULL,
        procedure             text NOT NULL CONSTRAINT legal_cases_procedure_check CHECK (procedure IN (${list(PROCEDURES)})),
        forum                 text NOT NULL CONSTRAINT legal_cases_forum_check CHECK (forum IN (${list(FORUMS)})),
        court_reference       text,
        status                text NOT NULL DEFAULT 'preparing' CONSTRAINT legal_cases_status_check
                                CHECK (status IN (${list(STATUSES)})),
        outcome               text CONSTRAINT legal_cases_outcome_check CHECK (outcome IN (${list(OUTCOMES)})),
        -- Restricted (DESIGN §3): admin and legal only; never in the full-text index.
        claimants             text,
        respondents           text,
        lawyer                text,
        summary               text,
        public_summary        text,
        -- Restricted, like claimants.
        confidential_notes    text,
        parent_case_id        uuid CONSTRAINT legal_cases_parent_case_id_fkey REFERENCES legal_cases (id),
        -- The challenged act (an arrêté): dates are Paris local dates.
        act_reference         text,
        act_title             text,
        act_authority         text,
        act_signed_on         date,
        act_published_on      date,
        act_valid_from        date,
        act_valid_to          date,
        act_perimeter         geometry(Geometry, 4326) CONSTRAINT legal_cases_act_perimeter_check
                                CHECK (act_perimeter IS NULL OR GeometryType(act_perimeter) IN ('POLYGON', 'MULTIPOLYGON')),
        act_document_id       uuid CONSTRAINT legal_cases_act_document_id_fkey REFERENCES attachments (id),
        -- Every field but the restricted ones, for legal and admin.
        search                tsvector GENERATED ALWAYS AS (
                                to_tsvector('french', vigie_join_text(ARRAY[reference, title, court_reference, respondents,
                                  lawyer, summary, public_summary, act_reference, act_title, act_authority]))
                              ) STORED,
        -- The public fields only (DESIGN §4), for communication: a search must not reveal the others.
        public_search         tsvector GENERATED ALWAYS AS (
                                to_tsvector('french', vigie_join_text(ARRAY[title, public_summary]))
                              ) STORED,
        ${tracked('legal_cases')},
        CONSTRAINT legal_cases_parent_check CHECK (parent_case_id <> id),
        CONSTRAINT legal_cases_act_validity_check CHECK (act_valid_to >= act_valid_from),
        CONSTRAINT legal_cases_act_publication_check CHECK (act_published_on >= act_signed_on)
      )`);
    // A reference names one case for good, deleted or not (a restored case keeps it).
    await queryRunner.query(
      `CREATE UNIQUE INDEX legal_cases_reference_key ON legal_cases (lower(reference))`,
    );
    await queryRunner.query(`CREATE INDEX legal_cases_parent_case_id_idx ON legal_cases (parent_case_id)`);
    await queryRunner.query(`CREATE INDEX legal_cases_search_idx ON legal_cases USING gin (search)`);
    await queryRunner.query(
      `CREATE INDEX legal_cases_public_search_idx ON legal_cases USING gin (public_search)`,
    );
    await queryRunner.query(
      `CREATE INDEX legal_cases_act_perimeter_idx ON legal_cases USING gist (act_perimeter) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX legal_cases_updated_at_idx ON legal_cases (updated_at)`);

    await queryRunner.query(`
      CREATE TABLE legal_case_events (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id               uuid NOT NULL CONSTRAINT legal_case_events_case_id_fkey REFERENCES legal_cases (id),
        kind                  text NOT NULL CONSTRAINT legal_case_events_kind_check CHECK (kind IN (${list(EVENT_KINDS)})),
        date                  date NOT NULL,
        time                  time,
        title                 text NOT NULL,
        details               text,
        outcome               text CONSTRAINT legal_case_events_outcome_check CHECK (outcome IN (${list(OUTCOMES)})),
        notified_on           date,
        room                  text,
        judge                 text,
        ${tracked('legal_case_events')},
        CONSTRAINT legal_case_events_decision_check
          CHECK (kind = 'decision' OR (outcome IS NULL AND notified_on IS NULL)),
        CONSTRAINT legal_case_events_notified_check CHECK (notified_on >= date),
        CONSTRAINT legal_case_events_scheduled_check
          CHECK (kind IN ('hearing', 'site_visit') OR (time IS NULL AND room IS NULL AND judge IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX legal_case_events_case_date_idx ON legal_case_events (case_id, date)`,
    );
    await queryRunner.query(
      `CREATE INDEX legal_case_events_hearings_idx ON legal_case_events (date) WHERE kind = 'hearing' AND deleted_at IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE legal_deadlines (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id               uuid NOT NULL CONSTRAINT legal_deadlines_case_id_fkey REFERENCES legal_cases (id),
        title                 text NOT NULL,
        due_on                date NOT NULL,
        -- A code of the rules in libs/domain (data in code, checked by the API).
        rule                  text,
        starts_on             date,
        basis_fr              text,
        basis_en              text,
        computed              boolean NOT NULL DEFAULT false,
        source                text CONSTRAINT legal_deadlines_source_check CHECK (source IN ('event', 'challenged_act')),
        source_event_id       uuid CONSTRAINT legal_deadlines_source_event_id_fkey REFERENCES legal_case_events (id),
        status                text NOT NULL DEFAULT 'open' CONSTRAINT legal_deadlines_status_check
                                CHECK (status IN ('open', 'done', 'cancelled')),
        closed_at             timestamptz,
        closed_by             uuid CONSTRAINT legal_deadlines_closed_by_fkey REFERENCES users (id),
        cancel_reason         text,
        notes                 text,
        ${tracked('legal_deadlines')},
        CONSTRAINT legal_deadlines_computed_check CHECK (computed = (source IS NOT NULL)),
        CONSTRAINT legal_deadlines_source_event_check CHECK ((source = 'event') = (source_event_id IS NOT NULL)),
        CONSTRAINT legal_deadlines_computed_rule_check CHECK (NOT computed OR (rule IS NOT NULL AND starts_on IS NOT NULL)),
        CONSTRAINT legal_deadlines_rule_start_check CHECK (rule IS NULL OR starts_on IS NOT NULL),
        CONSTRAINT legal_deadlines_closed_check CHECK ((status = 'open') = (closed_at IS NULL))
      )`);
    // One computed deadline per rule and source: recomputation updates it rather than adding one.
    await queryRunner.query(
      `CREATE UNIQUE INDEX legal_deadlines_event_rule_key ON legal_deadlines (source_event_id, rule) WHERE source = 'event'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX legal_deadlines_act_rule_key ON legal_deadlines (case_id, rule) WHERE source = 'challenged_act'`,
    );
    // « Échéances »: open deadlines by due date, across cases.
    await queryRunner.query(
      `CREATE INDEX legal_deadlines_status_due_idx ON legal_deadlines (status, due_on, id) WHERE deleted_at IS NULL`,
    );
    // The month calendar: every deadline of a range of days, whatever its status.
    await queryRunner.query(
      `CREATE INDEX legal_deadlines_due_idx ON legal_deadlines (due_on, id) WHERE deleted_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX legal_deadlines_case_id_idx ON legal_deadlines (case_id, due_on)`);

    await queryRunner.query(`
      CREATE TABLE legal_case_evidence (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id               uuid NOT NULL CONSTRAINT legal_case_evidence_case_id_fkey REFERENCES legal_cases (id),
        observation_id        uuid CONSTRAINT legal_case_evidence_observation_id_fkey REFERENCES observations (id),
        incident_id           uuid CONSTRAINT legal_case_evidence_incident_id_fkey REFERENCES incidents (id),
        attachment_id         uuid CONSTRAINT legal_case_evidence_attachment_id_fkey REFERENCES attachments (id),
        note                  text,
        ${tracked('legal_case_evidence')},
        CONSTRAINT legal_case_evidence_one_target_check
          CHECK (num_nonnulls(observation_id, incident_id, attachment_id) = 1)
      )`);
    // A record is linked once to a case (a deleted link may be linked again).
    for (const column of ['observation_id', 'incident_id', 'attachment_id']) {
      await queryRunner.query(
        `CREATE UNIQUE INDEX legal_case_evidence_${column}_key ON legal_case_evidence (case_id, ${column})
          WHERE ${column} IS NOT NULL AND deleted_at IS NULL`,
      );
      await queryRunner.query(
        `CREATE INDEX legal_case_evidence_${column}_idx ON legal_case_evidence (${column})`,
      );
    }

    await queryRunner.query(`
      CREATE TABLE legal_rule_confirmations (
        rule          text PRIMARY KEY,
        confirmed_at  timestamptz NOT NULL DEFAULT now(),
        confirmed_by  uuid CONSTRAINT legal_rule_confirmations_confirmed_by_fkey REFERENCES users (id)
      )`);

    // One secret feed URL per user, stored as the SHA-256 of its token (like sessions).
    await queryRunner.query(`
      CREATE TABLE calendar_feeds (
        user_id       uuid PRIMARY KEY CONSTRAINT calendar_feeds_user_id_fkey REFERENCES users (id),
        token_hash    text NOT NULL CONSTRAINT calendar_feeds_token_hash_key UNIQUE,
        created_at    timestamptz NOT NULL DEFAULT now(),
        last_used_at  timestamptz
      )`);

    await queryRunner.query(`
      ALTER TABLE attachments
        ADD CONSTRAINT attachments_legal_case_id_fkey FOREIGN KEY (legal_case_id) REFERENCES legal_cases (id)`);

    // A case dossier covers its whole case: no period, but a case (and whether restricted text is in).
    await queryRunner.query(`
      ALTER TABLE reports
        ALTER COLUMN period_from DROP NOT NULL,
        ALTER COLUMN period_to DROP NOT NULL,
        ADD COLUMN include_restricted boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT reports_case_id_fkey FOREIGN KEY (case_id) REFERENCES legal_cases (id),
        ADD CONSTRAINT reports_case_dossier_check CHECK (
          CASE WHEN kind = 'case-dossier' THEN case_id IS NOT NULL
               ELSE case_id IS NULL AND period_from IS NOT NULL AND period_to IS NOT NULL
                    AND NOT include_restricted END)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM reports WHERE kind = 'case-dossier'`);
    await queryRunner.query(`
      ALTER TABLE reports
        DROP CONSTRAINT reports_case_dossier_check,
        DROP CONSTRAINT reports_case_id_fkey,
        DROP COLUMN include_restricted,
        ALTER COLUMN period_from SET NOT NULL,
        ALTER COLUMN period_to SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE attachments DROP CONSTRAINT attachments_legal_case_id_fkey`);
    await queryRunner.query(`DROP TABLE calendar_feeds`);
    await queryRunner.query(`DROP TABLE legal_rule_confirmations`);
    await queryRunner.query(`DROP TABLE legal_case_evidence`);
    await queryRunner.query(`DROP TABLE legal_deadlines`);
    await queryRunner.query(`DROP TABLE legal_case_events`);
    await queryRunner.query(`DROP TABLE legal_cases`);
    await queryRunner.query(`DROP TABLE territories`);
  }
}
