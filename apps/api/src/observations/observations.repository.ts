import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ObservationRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import {
  DEFAULT_DUPLICATE_RULE,
  duplicateRuleOf,
  type DuplicateRule,
} from '../config/duplicate-rule-settings';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import {
  countSql,
  featureCollectionSql,
  pageSql,
  runFeatureCollection,
  runList,
  type FeatureSource,
  type ListSource,
  type SqlQuery,
} from '../common/list-sql';
import { runTile, tileSql, type TileCoordinates, type TileResult, type TileSource } from '../common/tiles';
import { VersionedTable } from '../common/versioned-table';
import type { ForceDto, SeizureDto } from './dto/observation-input.dto';
import { ObservationEntity } from './entities/observation.entity';
import { ObservationForceEntity } from './entities/observation-force.entity';
import { ObservationSeizureEntity } from './entities/observation-seizure.entity';
import {
  DUPLICATES_LOCK_KEY,
  INSERT_PAIRS_SQL,
  recordParameters,
  REMOVE_STALE_PAIRS_SQL,
} from './duplicates.sql';
import {
  OBSERVATION_FEATURE_PROPERTIES,
  observationFeatureProperties,
  observationFeaturePropertyList,
  OBSERVATION_JSON,
  OBSERVATION_VALIDATED_VIEW_JSON,
  type DuplicatesView,
} from './observations.sql';

/** Column values of an observation as the service writes them (entity property names). */
export type ObservationValues = Partial<
  Omit<ObservationEntity, 'forces' | 'seizures' | 'communeCode' | 'area' | 'createdAt' | 'updatedAt'>
>;

const OBSERVATION_LIST: ListSource = { from: 'observations o', record: OBSERVATION_JSON };
const OBSERVATION_VALIDATED_VIEW_LIST: ListSource = {
  from: 'observations o',
  record: OBSERVATION_VALIDATED_VIEW_JSON,
};
const RECORD_JSON: Record<DuplicatesView, string> = {
  all: OBSERVATION_JSON,
  validated: OBSERVATION_VALIDATED_VIEW_JSON,
};
const OBSERVATION_FEATURES: FeatureSource = {
  from: 'observations o',
  id: 'o.id',
  geometry: 'o.location',
  precision: 6,
  properties: OBSERVATION_FEATURE_PROPERTIES,
};
const OBSERVATION_VALIDATED_VIEW_FEATURES: FeatureSource = {
  ...OBSERVATION_FEATURES,
  properties: observationFeatureProperties('validated'),
};
const observationTiles = (view: DuplicatesView): TileSource => ({
  from: 'observations o',
  layer: 'observations',
  geometry: 'o.location_3857',
  properties: observationFeaturePropertyList(view),
  orderBy: 'o.started_at DESC, o.id DESC',
});
const OBSERVATION_TILES: Record<DuplicatesView, TileSource> = {
  all: observationTiles('all'),
  validated: observationTiles('validated'),
};

/** The SQL of a list page; exported so the benchmark times the very same statements outside the API. */
export function observationPageSql(query: ParsedListQuery): SqlQuery {
  return pageSql(OBSERVATION_LIST, query);
}

export function observationCountSql(query: ParsedListQuery): SqlQuery {
  return countSql(OBSERVATION_LIST.from, query);
}

export function observationGeoJsonSql(query: ParsedListQuery): SqlQuery {
  return featureCollectionSql(OBSERVATION_FEATURES, query);
}

export function observationTileSql(
  query: ParsedListQuery,
  tile: TileCoordinates,
  view: DuplicatesView = 'all',
): SqlQuery {
  return tileSql(OBSERVATION_TILES[view], query, tile);
}

@Injectable()
export class ObservationsRepository {
  readonly table = new VersionedTable('observations');
  /** The possible-duplicate thresholds (`VIGIE_DUPLICATE_*`); the defaults without a configuration. */
  readonly duplicateRule: DuplicateRule;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional()
    @Inject(AppConfig)
    config?: Pick<AppConfig, 'VIGIE_DUPLICATE_RADIUS_M' | 'VIGIE_DUPLICATE_WINDOW_MINUTES'>,
  ) {
    this.duplicateRule = config ? duplicateRuleOf(config) : { ...DEFAULT_DUPLICATE_RULE };
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * `view`: which possible duplicates the records name (see `DuplicatesView`); `count`: a statement
   * answering the total otherwise (observation-list-count.ts), else the records are counted.
   */
  list(
    query: ParsedListQuery,
    view: DuplicatesView = 'all',
    count?: SqlQuery,
  ): Promise<ListResult<ObservationRecord>> {
    return runList(
      this.dataSource,
      view === 'all' ? OBSERVATION_LIST : OBSERVATION_VALIDATED_VIEW_LIST,
      query,
      count,
    );
  }

  geojson(query: ParsedListQuery, view: DuplicatesView = 'all'): Promise<GeoJsonResult> {
    const source = view === 'all' ? OBSERVATION_FEATURES : OBSERVATION_VALIDATED_VIEW_FEATURES;
    return runFeatureCollection(this.dataSource, source, query);
  }

  /** A vector tile of the observations the query matches, with the properties of `view`. */
  tile(query: ParsedListQuery, tile: TileCoordinates, view: DuplicatesView = 'all'): Promise<TileResult> {
    return runTile(this.dataSource, OBSERVATION_TILES[view], query, tile);
  }

  async findOne(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    view: DuplicatesView = 'all',
  ): Promise<ObservationRecord | null> {
    const rows: { record: ObservationRecord }[] = await manager.query(
      `SELECT ${RECORD_JSON[view]} AS record FROM observations o WHERE o.id = $1`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /**
   * Serialises the writers of observations until the end of the transaction, so that two records
   * of the same eviction written at the same moment see each other when their pairs are refreshed.
   * Taken first, before any row lock: the pairs' foreign keys wait on rows another writer may hold.
   */
  async lockDuplicates(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [DUPLICATES_LOCK_KEY]);
  }

  /**
   * Brings the possible-duplicate pairs of one observation up to date after a write, in the
   * writer's transaction (which took `lockDuplicates` first): its `possible` pairs that no longer
   * match go, its current candidates come; dismissed pairs stay. A deleted observation keeps no
   * `possible` pair.
   */
  async refreshDuplicates(manager: EntityManager, id: string): Promise<void> {
    await this.lockDuplicates(manager);
    const parameters = recordParameters(id, this.duplicateRule);
    await manager.query(REMOVE_STALE_PAIRS_SQL, parameters);
    await manager.query(INSERT_PAIRS_SQL, parameters);
  }

  /** A restored observation is no longer merged into another. */
  async clearMergedInto(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE observations SET merged_into_id = NULL WHERE id = $1 AND merged_into_id IS NOT NULL`,
      [id],
    );
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
