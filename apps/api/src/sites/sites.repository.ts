import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SiteRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { runFeatureCollection, runList } from '../common/list-sql';
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

  list(query: ParsedListQuery): Promise<ListResult<SiteRecord>> {
    return runList(this.dataSource, { from: 'sites s', record: SITE_JSON }, query);
  }

  geojson(query: ParsedListQuery): Promise<GeoJsonResult> {
    return runFeatureCollection(
      this.dataSource,
      { from: 'sites s', id: 's.id', geometry: 's.location', precision: 7, properties: SITE_PROPERTIES },
      query,
    );
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
