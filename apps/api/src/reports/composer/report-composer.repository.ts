import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Area,
  type LegalCaseStatus,
  type LegalEventKind,
  type LegalForum,
  type LegalOutcome,
  type LegalProcedure,
  parisDayEnd,
  parisDayStart,
} from '@vigie/domain';
import type { MultiPolygon, Polygon } from 'geojson';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { PUBLICLY_VISIBLE_CASE } from '../../legal/cases/legal-cases.sql';
import type { MapPrivacy } from '../../stats/stats.repository';

export interface CommuneOutline {
  code: string;
  name: string;
  area: Area;
  /** Lambert-93 (EPSG:2154), simplified to ~50 m: enough for a page, a fraction of the bytes. */
  geometry: Polygon | MultiPolygon;
}

export interface PublicIncident {
  occurredAt: string;
  type: string;
  communeName: string | null;
  publicSummary: string;
}

/** A case in the « Actualité contentieuse » of a publication: public fields only (DESIGN §4). */
export interface LitigationNews {
  title: string;
  procedure: LegalProcedure;
  forum: LegalForum;
  status: LegalCaseStatus;
  outcome: LegalOutcome | null;
  publicSummary: string | null;
  /** Its events of the period, in date order. */
  events: { date: string; kind: LegalEventKind; title: string; outcome: LegalOutcome | null }[];
}

interface Scope {
  from: string;
  to: string;
  area: Area | null;
}

/**
 * What a report needs besides the figures of StatsService: the commune outlines of the map and how
 * its points are de-identified (StatsService counts them), the public summaries that may be
 * printed, the litigation news, and whether the data set is the demo one. Nothing here counts
 * (DESIGN §1.4). Only published-grade rows: validated, not deleted.
 */
@Injectable()
export class ReportComposerRepository {
  private outlines: Promise<CommuneOutline[]> | null = null;
  /**
   * How the map de-identifies positions (VIGIE_LOCATION_GRID_METRES, VIGIE_REPORT_MAP_MIN_COUNT;
   * defaults without configuration, as in unit tests).
   */
  readonly mapPrivacy: MapPrivacy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional()
    @Inject(AppConfig)
    config?: Pick<AppConfig, 'VIGIE_LOCATION_GRID_METRES' | 'VIGIE_REPORT_MAP_MIN_COUNT'>,
  ) {
    this.mapPrivacy = {
      gridMetres: config?.VIGIE_LOCATION_GRID_METRES ?? 500,
      minCount: config?.VIGIE_REPORT_MAP_MIN_COUNT ?? 3,
    };
  }

  /**
   * Every commune of the territory, in Lambert-93. Communes are read-only reference data (seeded,
   * never written by the API), so the outlines are read once per process.
   */
  communeOutlines(): Promise<CommuneOutline[]> {
    this.outlines ??= this.readOutlines();
    this.outlines.catch(() => {
      this.outlines = null;
    });
    return this.outlines;
  }

  private readOutlines(): Promise<CommuneOutline[]> {
    return this.dataSource.query(
      `SELECT code, name, area,
              ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Transform(geometry, 2154), 50), 0)::jsonb AS geometry
         FROM communes
        ORDER BY code`,
    );
  }

  /**
   * Public summaries that may be printed (DESIGN §3): validated incidents whose people consented
   * to publication, with a non-empty summary. Never the description or the testimony.
   */
  async publicIncidents(scope: Scope, limit: number): Promise<PublicIncident[]> {
    return this.dataSource.query(
      `SELECT to_json(i.occurred_at) #>> '{}' AS "occurredAt", i.type, c.name AS "communeName",
              i.public_summary AS "publicSummary"
         FROM incidents i
         LEFT JOIN communes c ON c.code = i.commune_code
        WHERE i.deleted_at IS NULL AND i.status = 'validated' AND i.consent_publication
          AND nullif(btrim(i.public_summary), '') IS NOT NULL
          AND i.occurred_at >= $1 AND i.occurred_at < $2
          AND ($3::text IS NULL OR i.area = $3)
        ORDER BY i.occurred_at, i.id
        LIMIT $4`,
      [parisDayStart(scope.from), parisDayEnd(scope.to), scope.area, limit],
    );
  }

  /**
   * Cases communication may read (not deleted, no longer in preparation) with a live event dated in
   * the period (Paris local dates, both included), and those events; public fields only, so that
   * neither the reference, the claimants, the notes nor the internal summary ever leave the
   * database for a publication. In the order their first event of the period came.
   */
  litigationNews(period: { from: string; to: string }): Promise<LitigationNews[]> {
    return this.dataSource.query(
      `SELECT lc.title, lc.procedure, lc.forum, lc.status, lc.outcome,
              nullif(btrim(lc.public_summary), '') AS "publicSummary", ev.events
         FROM legal_cases lc
         JOIN LATERAL (
           SELECT json_agg(json_build_object('date', e.date, 'kind', e.kind, 'title', e.title, 'outcome', e.outcome)
                           ORDER BY e.date, e.time NULLS FIRST, e.id) AS events,
                  min(e.date) AS first
             FROM legal_case_events e
            WHERE e.case_id = lc.id AND e.deleted_at IS NULL AND e.date BETWEEN $1::date AND $2::date
         ) ev ON ev.events IS NOT NULL
        WHERE ${PUBLICLY_VISIBLE_CASE}
        ORDER BY ev.first, lc.title, lc.id`,
      [period.from, period.to],
    );
  }

  /** True when the database holds the synthetic demo data set (`dataset_facts`). */
  async isDemoData(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM dataset_facts WHERE key = 'demo'`);
    return rows.length > 0;
  }
}
