import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommuneRecord } from '@vigie/domain';
import { DataSource } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { runFeatureCollection, runList } from '../common/list-sql';

const COMMUNE_PROPERTIES = `json_build_object(
  'id', c.code, 'code', c.code, 'name', c.name, 'department', c.department,
  'epciCode', c.epci_code, 'epciName', c.epci_name, 'area', c.area, 'population', c.population)`;

@Injectable()
export class CommunesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(query: ParsedListQuery): Promise<ListResult<CommuneRecord>> {
    return runList(this.dataSource, { from: 'communes c', record: COMMUNE_PROPERTIES }, query);
  }

  /** Outlines for maps; 5 decimals (~1 m) is the precision of the source data. */
  geojson(query: ParsedListQuery): Promise<GeoJsonResult> {
    return runFeatureCollection(
      this.dataSource,
      {
        from: 'communes c',
        id: 'c.code',
        geometry: 'c.geometry',
        precision: 5,
        properties: COMMUNE_PROPERTIES,
      },
      query,
    );
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
