import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SiteRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { VersionedTable } from '../common/versioned-table';
import { SiteEntity } from './entities/site.entity';

export type SiteValues = Partial<Omit<SiteEntity, 'communeCode' | 'area' | 'createdAt' | 'updatedAt'>>;

const SITE_PROPERTIES = `json_build_object(
  'id', s.id, 'name', s.name, 'aliases', to_json(s.aliases), 'kind', s.kind,
  'communeCode', s.commune_code, 'area', s.area, 'status', s.status, 'notes', s.notes,
  'createdAt', s.created_at, 'updatedAt', s.updated_at, 'createdBy', s.created_by, 'updatedBy', s.updated_by,
  'version', s.version, 'deletedAt', s.deleted_at)`;

const SITE_JSON = `((${SITE_PROPERTIES})::jsonb || jsonb_build_object(
  'location', ST_AsGeoJSON(s.location, 7)::jsonb,
  'perimeter', ST_AsGeoJSON(s.perimeter, 7)::jsonb))`;

@Injectable()
export class SitesRepository {
  readonly table = new VersionedTable('sites');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(query: ParsedListQuery): Promise<ListResult<SiteRecord>> {
    const n = query.params.length;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SITE_JSON} AS record FROM sites s WHERE ${query.where}
          ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...query.params, query.limit, query.offset],
      ) as Promise<{ record: SiteRecord }[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM sites s WHERE ${query.where}`,
        query.params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map((row) => row.record), total: counts[0]?.total ?? 0 };
  }

  async geojson(query: ParsedListQuery): Promise<GeoJsonResult> {
    const n = query.params.length;
    const rows: { body: string; total: number }[] = await this.dataSource.query(
      `SELECT json_build_object('type', 'FeatureCollection',
                'features', coalesce(json_agg(json_build_object('type', 'Feature', 'id', page.id,
                  'geometry', ST_AsGeoJSON(page.location, 7)::json, 'properties', page.properties)), '[]'::json))::text AS body,
              (SELECT count(*)::int FROM sites s WHERE ${query.where}) AS total
         FROM (SELECT s.id, s.location, ${SITE_PROPERTIES} AS properties FROM sites s
                WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) AS page`,
      [...query.params, query.limit, query.offset],
    );
    return { body: rows[0]?.body as string, total: rows[0]?.total ?? 0 };
  }

  async findOne(id: string, manager: EntityManager = this.dataSource.manager): Promise<SiteRecord | null> {
    const rows: { record: SiteRecord }[] = await manager.query(
      `SELECT ${SITE_JSON} AS record FROM sites s WHERE s.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  async insert(manager: EntityManager, values: SiteValues & { id: string }): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(SiteEntity)
      .values(values)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  /** PostGIS's reason when a polygon is not valid (self-intersection…), null when it is. */
  async polygonProblem(manager: EntityManager, polygon: unknown): Promise<string | null> {
    const rows: { valid: boolean; reason: string }[] = await manager.query(
      `SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM ST_GeomFromGeoJSON($1) AS g`,
      [JSON.stringify(polygon)],
    );
    return rows[0]?.valid ? null : (rows[0]?.reason ?? 'invalid geometry');
  }

  async update(
    manager: EntityManager,
    id: string,
    values: SiteValues,
    actorId: string | null,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(SiteEntity)
      .set({ ...values, updatedBy: actorId, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }
}
