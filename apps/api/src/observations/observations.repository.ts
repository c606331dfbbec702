import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ObservationRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { VersionedTable } from '../common/versioned-table';
import type { ForceDto, SeizureDto } from './dto/observation-input.dto';
import { ObservationEntity } from './entities/observation.entity';
import { ObservationForceEntity } from './entities/observation-force.entity';
import { ObservationSeizureEntity } from './entities/observation-seizure.entity';
import {
  OBSERVATION_DETAIL_JSON,
  OBSERVATION_FEATURE_PROPERTIES,
  OBSERVATION_JSON,
} from './observations.sql';

/** Column values of an observation as the service writes them (entity property names). */
export type ObservationValues = Partial<
  Omit<ObservationEntity, 'forces' | 'seizures' | 'communeCode' | 'area' | 'createdAt' | 'updatedAt'>
>;

export interface SqlQuery {
  text: string;
  values: unknown[];
}

const EMPTY_COLLECTION = '{"type":"FeatureCollection","features":[]}';

/** A page of records; exported so the benchmark can time the very same SQL outside the API. */
export function observationPageSql(query: ParsedListQuery): SqlQuery {
  const n = query.params.length;
  return {
    text: `SELECT ${OBSERVATION_JSON} AS record FROM observations o
            WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`,
    values: [...query.params, query.limit, query.offset],
  };
}

export function observationCountSql(query: ParsedListQuery): SqlQuery {
  return {
    text: `SELECT count(*)::int AS total FROM observations o WHERE ${query.where}`,
    values: query.params,
  };
}

export function observationGeoJsonSql(query: ParsedListQuery): SqlQuery {
  const n = query.params.length;
  return {
    text: `SELECT json_build_object(
                    'type', 'FeatureCollection',
                    'features', coalesce(json_agg(json_build_object(
                      'type', 'Feature', 'id', page.id,
                      'geometry', ST_AsGeoJSON(page.location, 6)::json,
                      'properties', page.properties)), '[]'::json))::text AS body,
                  count(*)::int AS n
             FROM (SELECT o.id, o.location, ${OBSERVATION_FEATURE_PROPERTIES} AS properties
                     FROM observations o WHERE ${query.where}
                    ORDER BY ${query.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}) AS page`,
    values: [...query.params, query.limit, query.offset],
  };
}

@Injectable()
export class ObservationsRepository {
  readonly table = new VersionedTable('observations');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(query: ParsedListQuery): Promise<ListResult<ObservationRecord>> {
    const page = observationPageSql(query);
    const count = observationCountSql(query);
    const [rows, counts] = await Promise.all([
      this.dataSource.query(page.text, page.values) as Promise<{ record: ObservationRecord }[]>,
      this.dataSource.query(count.text, count.values) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map((row) => row.record), total: counts[0]?.total ?? 0 };
  }

  /**
   * The same filters as `list`, as one GeoJSON FeatureCollection text built by PostgreSQL. The total
   * is counted separately only when the collection is full: otherwise it is known already.
   */
  async geojson(query: ParsedListQuery): Promise<GeoJsonResult> {
    const features = observationGeoJsonSql(query);
    const [row] = (await this.dataSource.query(features.text, features.values)) as {
      body: string;
      n: number;
    }[];
    const returned = row?.n ?? 0;
    if (returned < query.limit && (returned > 0 || query.offset === 0)) {
      return { body: row?.body ?? EMPTY_COLLECTION, total: query.offset + returned };
    }
    const count = observationCountSql(query);
    const [counted] = (await this.dataSource.query(count.text, count.values)) as { total: number }[];
    return { body: row?.body ?? EMPTY_COLLECTION, total: counted?.total ?? 0 };
  }

  async findOne(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ObservationRecord | null> {
    const rows: { record: ObservationRecord }[] = await manager.query(
      `SELECT ${OBSERVATION_DETAIL_JSON} AS record FROM observations o WHERE o.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /** Inserts unless the id exists; false when it did (the caller compares digests). */
  async insert(manager: EntityManager, values: ObservationValues & { id: string }): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ObservationEntity)
      .values(values)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async update(
    manager: EntityManager,
    id: string,
    values: ObservationValues,
    actorId: string | null,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(ObservationEntity)
      .set({ ...values, updatedBy: actorId, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  /** Replaces the child rows given; `undefined` leaves that list as it is. */
  async replaceChildren(
    manager: EntityManager,
    observationId: string,
    forces: ForceDto[] | undefined,
    seizures: SeizureDto[] | undefined,
  ): Promise<void> {
    if (forces !== undefined) {
      await manager.delete(ObservationForceEntity, { observationId });
      if (forces.length > 0) {
        await manager.insert(
          ObservationForceEntity,
          forces.map((force, position) => ({
            observationId,
            position,
            unit: force.unit,
            vehicles: force.vehicles ?? null,
            officers: force.officers ?? null,
            identifiers: force.identifiers ?? null,
          })),
        );
      }
    }
    if (seizures !== undefined) {
      await manager.delete(ObservationSeizureEntity, { observationId });
      if (seizures.length > 0) {
        await manager.insert(
          ObservationSeizureEntity,
          seizures.map((seizure, position) => ({
            observationId,
            position,
            item: seizure.item,
            quantity: seizure.quantity,
            destroyed: seizure.destroyed ?? false,
          })),
        );
      }
    }
  }

  async siteExists(manager: EntityManager, siteId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM sites WHERE id = $1 AND deleted_at IS NULL`, [
      siteId,
    ]);
    return rows.length > 0;
  }
}
