import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommuneRecord } from '@vigie/domain';
import { DataSource } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';

const COMMUNE_PROPERTIES = `json_build_object(
  'id', c.code, 'code', c.code, 'name', c.name, 'department', c.department,
  'epciCode', c.epci_code, 'epciName', c.epci_name, 'area', c.area, 'population', c.population)`;

@Injectable()
export class CommunesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(query: ParsedListQuery): Promise<ListResult<CommuneRecord>> {
    const n = query.params.length;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT ${COMMUNE_PROPERTIES} AS record FROM communes c WHERE ${query.where}
          ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...query.params, query.limit, query.offset],
      ) as Promise<{ record: CommuneRecord }[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM communes c WHERE ${query.where}`,
        query.params,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map((row) => row.record), total: counts[0]?.total ?? 0 };
  }

  /** Outlines for maps; 5 decimals (~1 m) is the precision of the source data. */
  async geojson(query: ParsedListQuery): Promise<GeoJsonResult> {
    const n = query.params.length;
    const rows: { body: string; total: number }[] = await this.dataSource.query(
      `SELECT json_build_object('type', 'FeatureCollection',
                'features', coalesce(json_agg(json_build_object('type', 'Feature', 'id', page.code,
                  'geometry', ST_AsGeoJSON(page.geometry, 5)::json, 'properties', page.properties)), '[]'::json))::text AS body,
              (SELECT count(*)::int FROM communes c WHERE ${query.where}) AS total
         FROM (SELECT c.code, c.geometry, ${COMMUNE_PROPERTIES} AS properties FROM communes c
                WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) AS page`,
      [...query.params, query.limit, query.offset],
    );
    return { body: rows[0]?.body as string, total: rows[0]?.total ?? 0 };
  }

  async findOne(code: string): Promise<(CommuneRecord & { geometry: unknown }) | null> {
    const rows: { record: CommuneRecord & { geometry: unknown } }[] = await this.dataSource.query(
      `SELECT (${COMMUNE_PROPERTIES})::jsonb || jsonb_build_object('geometry', ST_AsGeoJSON(c.geometry, 5)::jsonb) AS record
         FROM communes c WHERE c.code = $1`,
      [code],
    );
    return rows[0]?.record ?? null;
  }
}
