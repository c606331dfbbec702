import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DeadlineRecord,
  ForceUnit,
  IncidentType,
  LegalCaseEventRecord,
  ObservationKind,
  ReviewStatus,
  SeizureItem,
} from '@vigie/domain';
import type { MultiPolygon, Polygon } from 'geojson';
import { DataSource } from 'typeorm';
import type { ChainVerdict } from '../../../audit/audit-chain';
import { verifyAuditChain } from '../../../audit/audit-verification';
import { DEADLINE_JSON, DEADLINES_FROM } from '../../../legal/deadlines/legal-deadlines.sql';
import { LEGAL_EVENT_JSON } from '../../../legal/events/legal-events.sql';
import type { CommuneOutline } from '../report-composer.repository';

/** Lambert-93 (EPSG:2154) coordinates of a record, for the dossier's map. */
interface Placed {
  x: number | null;
  y: number | null;
}

/** An observation linked to the case as evidence (the link live; the observation maybe deleted). */
export interface LinkedObservation extends Placed {
  id: string;
  startedAt: string;
  kind: ObservationKind;
  communeName: string | null;
  siteName: string | null;
  status: ReviewStatus;
  forces: { unit: ForceUnit; vehicles: number | null; officers: number | null }[];
  seizures: { item: SeizureItem; quantity: number; destroyed: boolean }[];
  note: string | null;
  deleted: boolean;
}

/**
 * An incident linked to the case. `publicSummary` is given only with publication consent, and
 * `testimony` only when the dossier may print restricted text and with litigation consent: what
 * may not be printed never leaves the database.
 */
export interface LinkedIncident extends Placed {
  id: string;
  occurredAt: string;
  type: IncidentType;
  communeName: string | null;
  victimCount: number | null;
  minorCount: number | null;
  status: ReviewStatus;
  publicSummary: string | null;
  testimony: string | null;
  note: string | null;
  litigationConsent: boolean;
  deleted: boolean;
}

/** One audit event of an exhibit (its chain of custody). */
export interface CustodyEvent {
  id: string;
  at: string;
  action: string;
  actorName: string | null;
  /** Downloads: which file (`original`, `publication`). */
  variant: string | null;
  /** Updates: the fields that changed. */
  fields: string[];
}

/** A file of the case (`attachments.legal_case_id`) or a file linked to it as evidence. */
export interface CaseExhibit {
  id: string;
  source: 'case' | 'evidence';
  originalName: string | null;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
  uploaderName: string | null;
  caption: string | null;
  note: string | null;
  /** The text of the challenged act. */
  actDocument: boolean;
  deleted: boolean;
  /** Of a file linked as evidence; a file of the case itself needs none. */
  litigationConsent: boolean;
  custody: CustodyEvent[];
}

/**
 * What a case dossier prints besides the case record itself: the chronology, deadlines, linked
 * observations, incidents and files with their chain of custody, the map's geometries, and the
 * audit trail's head. Deleted rows of the case's own tables are left out here; linked records come
 * with their state, for the dossier to say how many it leaves out.
 */
@Injectable()
export class CaseDossierRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The live events, in the order they happened (a day's events without a time first). */
  events(caseId: string): Promise<LegalCaseEventRecord[]> {
    return this.records(
      `SELECT ${LEGAL_EVENT_JSON} AS record FROM legal_case_events e
        WHERE e.case_id = $1 AND e.deleted_at IS NULL
        ORDER BY e.date, e.time NULLS FIRST, e.created_at, e.id`,
      [caseId],
    );
  }

  /** The live deadlines, soonest first, whatever their status. */
  deadlines(caseId: string): Promise<DeadlineRecord[]> {
    return this.records(
      `SELECT ${DEADLINE_JSON} AS record FROM ${DEADLINES_FROM}
        WHERE d.case_id = $1 AND d.deleted_at IS NULL
        ORDER BY d.due_on, d.id`,
      [caseId],
    );
  }

  /** The perimeter of the challenged act in Lambert-93 (to the decimetre), or null. */
  async perimeter(caseId: string): Promise<Polygon | MultiPolygon | null> {
    const rows: { perimeter: Polygon | MultiPolygon | null }[] = await this.dataSource.query(
      `SELECT ST_AsGeoJSON(ST_Transform(act_perimeter, 2154), 1)::jsonb AS perimeter
         FROM legal_cases WHERE id = $1`,
      [caseId],
    );
    return rows[0]?.perimeter ?? null;
  }

  observations(caseId: string): Promise<LinkedObservation[]> {
    return this.dataSource.query(
      `SELECT o.id, to_json(o.started_at) #>> '{}' AS "startedAt", o.kind, c.name AS "communeName",
              s.name AS "siteName", o.status, ev.note, o.deleted_at IS NOT NULL AS deleted,
              coalesce((SELECT json_agg(json_build_object('unit', f.unit, 'vehicles', f.vehicles,
                                                          'officers', f.officers) ORDER BY f.position)
                          FROM observation_forces f WHERE f.observation_id = o.id), '[]'::json) AS forces,
              coalesce((SELECT json_agg(json_build_object('item', z.item, 'quantity', z.quantity,
                                                          'destroyed', z.destroyed) ORDER BY z.position)
                          FROM observation_seizures z WHERE z.observation_id = o.id), '[]'::json) AS seizures,
              ST_X(ST_Transform(o.location, 2154)) AS x, ST_Y(ST_Transform(o.location, 2154)) AS y
         FROM legal_case_evidence ev
         JOIN observations o ON o.id = ev.observation_id
         LEFT JOIN communes c ON c.code = o.commune_code
         LEFT JOIN sites s ON s.id = o.site_id
        WHERE ev.case_id = $1 AND ev.deleted_at IS NULL
        ORDER BY o.started_at, o.id`,
      [caseId],
    );
  }

  incidents(caseId: string, includeTestimony: boolean): Promise<LinkedIncident[]> {
    return this.dataSource.query(
      `SELECT i.id, to_json(i.occurred_at) #>> '{}' AS "occurredAt", i.type, c.name AS "communeName",
              i.victim_count AS "victimCount", i.minor_count AS "minorCount", i.status, ev.note,
              CASE WHEN i.consent_publication THEN nullif(btrim(i.public_summary), '') END AS "publicSummary",
              CASE WHEN $2 AND i.consent_litigation THEN nullif(btrim(i.testimony), '') END AS testimony,
              i.consent_litigation AS "litigationConsent", i.deleted_at IS NOT NULL AS deleted,
              ST_X(ST_Transform(i.location, 2154)) AS x, ST_Y(ST_Transform(i.location, 2154)) AS y
         FROM legal_case_evidence ev
         JOIN incidents i ON i.id = ev.incident_id
         LEFT JOIN communes c ON c.code = i.commune_code
        WHERE ev.case_id = $1 AND ev.deleted_at IS NULL
        ORDER BY i.occurred_at, i.id`,
      [caseId, includeTestimony],
    );
  }

  /**
   * The case's own files, then the files linked as evidence (each once), in upload order, with
   * every audit event of each: its chain of custody.
   */
  exhibits(caseId: string): Promise<CaseExhibit[]> {
    return this.dataSource.query(
      `WITH exhibit AS (
         SELECT DISTINCT ON (id) id, source, note FROM (
           SELECT a.id, 'case' AS source, NULL::text AS note, 0 AS rank
             FROM attachments a WHERE a.legal_case_id = $1
           UNION ALL
           SELECT ev.attachment_id, 'evidence', ev.note, 1
             FROM legal_case_evidence ev
            WHERE ev.case_id = $1 AND ev.deleted_at IS NULL AND ev.attachment_id IS NOT NULL
         ) linked
         ORDER BY id, rank)
       SELECT a.id, x.source, x.note, a.original_name AS "originalName", a.mime_type AS "mimeType",
              a.size_bytes::float8 AS "sizeBytes", a.sha256, to_json(a.created_at) #>> '{}' AS "createdAt",
              u.name AS "uploaderName", a.caption, a.deleted_at IS NOT NULL AS deleted,
              a.consent_litigation AS "litigationConsent",
              coalesce(a.id = lc.act_document_id, false) AS "actDocument",
              coalesce((
                SELECT json_agg(json_build_object(
                         'id', e.id::text, 'at', to_json(e.at) #>> '{}', 'action', e.action,
                         'actorName', au.name, 'variant', e.context ->> 'variant',
                         'fields', CASE WHEN jsonb_typeof(e.diff) = 'object'
                                        THEN (SELECT coalesce(json_agg(k ORDER BY k), '[]'::json)
                                                FROM jsonb_object_keys(e.diff) k)
                                        ELSE '[]'::json END)
                         ORDER BY e.id)
                  FROM audit_events e
                  LEFT JOIN users au ON au.id = e.actor_id
                 WHERE e.entity = 'attachments' AND e.entity_id = a.id::text), '[]'::json) AS custody
         FROM exhibit x
         JOIN attachments a ON a.id = x.id
         JOIN legal_cases lc ON lc.id = $1
         LEFT JOIN users u ON u.id = a.created_by
        ORDER BY x.source = 'evidence', a.created_at, a.id`,
      [caseId],
    );
  }

  /** Communes whose outline meets the rectangle (Lambert-93), simplified to ~10 m, in Lambert-93. */
  communesAround(frame: {
    minX: number;
    minY: number;
    maxX: number;
    maxY: number;
  }): Promise<CommuneOutline[]> {
    return this.dataSource.query(
      `SELECT code, name, area,
              ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Transform(geometry, 2154), 10), 0)::jsonb AS geometry
         FROM communes
        WHERE ST_Intersects(geometry, ST_Transform(ST_MakeEnvelope($1, $2, $3, $4, 2154), 4326))
        ORDER BY code`,
      [frame.minX, frame.minY, frame.maxX, frame.maxY],
    );
  }

  /** The audit chain verified end to end now: its length and head, or where it breaks. */
  auditHead(): Promise<ChainVerdict> {
    return verifyAuditChain(this.dataSource);
  }

  private async records<T>(sql: string, params: unknown[]): Promise<T[]> {
    const rows: { record: T }[] = await this.dataSource.query(sql, params);
    return rows.map((row) => row.record);
  }
}
