import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GeoPoint, IncidentRecord, ReviewStatus } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { runFeatureCollection, runList, type FeatureSource, type ListSource } from '../common/list-sql';
import { runTile, type TileCoordinates, type TileResult, type TileSource } from '../common/tiles';
import { VersionedTable } from '../common/versioned-table';
import { IncidentEntity } from './entities/incident.entity';
import {
  incidentFeatureProperties,
  incidentFeaturePropertyList,
  incidentJson,
  type IncidentView,
} from './incidents.sql';

/** Column values of an incident as the service writes them (entity property names). */
export type IncidentValues = Partial<
  Omit<IncidentEntity, 'location' | 'communeCode' | 'area' | 'createdAt' | 'updatedAt' | 'creationDigest'>
> & {
  /** null until the service fills it in from the linked observation. */
  location?: GeoPoint | null;
  creationDigest?: string;
};

const incidentList = (view: IncidentView): ListSource => ({
  from: 'incidents i',
  record: incidentJson(view),
});
const incidentFeatures = (view: IncidentView): FeatureSource => ({
  from: 'incidents i',
  id: 'i.id',
  geometry: 'i.location',
  precision: 6,
  properties: incidentFeatureProperties(view),
});
const INCIDENT_LIST = { full: incidentList('full'), public: incidentList('public') };
const INCIDENT_FEATURES = { full: incidentFeatures('full'), public: incidentFeatures('public') };
const incidentTiles = (view: IncidentView): TileSource => ({
  from: 'incidents i',
  layer: 'incidents',
  geometry: 'i.location_3857',
  properties: incidentFeaturePropertyList(view),
  orderBy: 'i.occurred_at DESC, i.id DESC',
});
const INCIDENT_TILES = { full: incidentTiles('full'), public: incidentTiles('public') };
const INCIDENT_JSON = { full: incidentJson('full'), public: incidentJson('public') };

/** An observation an incident may be linked to, as the service checks it. */
export interface LinkableObservation {
  status: ReviewStatus;
  deleted: boolean;
  location: GeoPoint;
}

@Injectable()
export class IncidentsRepository {
  readonly table = new VersionedTable('incidents');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(query: ParsedListQuery, view: IncidentView = 'full'): Promise<ListResult<IncidentRecord>> {
    return runList(this.dataSource, INCIDENT_LIST[view], query);
  }

  geojson(query: ParsedListQuery, view: IncidentView = 'full'): Promise<GeoJsonResult> {
    return runFeatureCollection(this.dataSource, INCIDENT_FEATURES[view], query);
  }

  /** A vector tile of the incidents the query matches, with the properties of `view`. */
  tile(query: ParsedListQuery, tile: TileCoordinates, view: IncidentView = 'full'): Promise<TileResult> {
    return runTile(this.dataSource, INCIDENT_TILES[view], query, tile);
  }

  /**
   * The record in `view`: the `full` one carries the testimony, callers present it for the
   * actor's role.
   */
  async findOne(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    view: IncidentView = 'full',
  ): Promise<IncidentRecord | null> {
    const rows: { record: IncidentRecord }[] = await manager.query(
      `SELECT ${INCIDENT_JSON[view]} AS record FROM incidents i WHERE i.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /** Inserts unless the id exists; false when it did (the caller compares digests). */
  async insert(manager: EntityManager, values: IncidentValues & { id: string }): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(IncidentEntity)
      .values(values as QueryDeepPartialEntity<IncidentEntity>)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async update(
    manager: EntityManager,
    id: string,
    values: IncidentValues,
    actorId: string | null,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(IncidentEntity)
      .set({
        ...(values as QueryDeepPartialEntity<IncidentEntity>),
        updatedBy: actorId,
        version: () => 'version + 1',
      })
      .where('id = :id', { id })
      .execute();
  }

  /** The observation `id` with what linking to it needs; null when there is none. */
  async linkableObservation(manager: EntityManager, id: string): Promise<LinkableObservation | null> {
    const rows: LinkableObservation[] = await manager.query(
      `SELECT status, deleted_at IS NOT NULL AS deleted, ST_AsGeoJSON(location, 7)::json AS location
         FROM observations WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
