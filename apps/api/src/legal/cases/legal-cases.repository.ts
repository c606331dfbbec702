import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { GeoPolygonal, LegalCaseRecord } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { isUniqueViolation } from '../../common/database-errors';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../../common/list-result';
import { runFeatureCollection, runList } from '../../common/list-sql';
import { VersionedTable } from '../../common/versioned-table';
import { LegalCaseEntity } from './entities/legal-case.entity';
import {
  LEGAL_CASE_JSON,
  PERIMETER_FEATURE_PROPERTIES,
  PUBLIC_LEGAL_CASE_JSON,
  PUBLICLY_VISIBLE_CASE,
} from './legal-cases.sql';

/** Column values of a case as the service writes them (entity property names). */
export type LegalCaseValues = Partial<
  Omit<LegalCaseEntity, 'createdAt' | 'updatedAt' | 'deletedAt' | 'creationDigest' | 'actPerimeter'>
> & { actPerimeter?: GeoPolygonal | null; creationDigest?: string };

/** Which shape of a case to read: the whole record, or its public fields (communication). */
export type CaseView = 'full' | 'public';

/** The unique index on lower(reference) (migration CreateLegalCases). */
const REFERENCE_INDEX = 'legal_cases_reference_key';

/** Serialises changes of appeal chains, so that two concurrent edits cannot close a cycle. */
const PARENT_LOCK_KEY = 0x6c656761; // "lega"

/** What checking a perimeter says. */
export interface PerimeterCheck {
  valid: boolean;
  reason: string | null;
  inFrance: boolean;
}

@Injectable()
export class LegalCasesRepository {
  readonly table = new VersionedTable('legal_cases');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(query: ParsedListQuery, view: CaseView): Promise<ListResult<LegalCaseRecord>> {
    return runList(
      this.dataSource,
      { from: 'legal_cases lc', record: view === 'full' ? LEGAL_CASE_JSON : PUBLIC_LEGAL_CASE_JSON },
      query,
    );
  }

  geojson(query: ParsedListQuery): Promise<GeoJsonResult> {
    return runFeatureCollection(
      this.dataSource,
      {
        from: 'legal_cases lc',
        id: 'lc.id',
        geometry: 'lc.act_perimeter',
        precision: 7,
        properties: PERIMETER_FEATURE_PROPERTIES,
      },
      query,
    );
  }

  /**
   * The case as `view` shows it, or null. The public view finds only the cases communication may
   * read: anything else is as unknown to that role as a case that does not exist.
   */
  async findOne(
    id: string,
    view: CaseView = 'full',
    manager: EntityManager = this.dataSource.manager,
  ): Promise<LegalCaseRecord | null> {
    const rows: { record: LegalCaseRecord }[] = await manager.query(
      view === 'full'
        ? `SELECT ${LEGAL_CASE_JSON} AS record FROM legal_cases lc WHERE lc.id = $1`
        : `SELECT ${PUBLIC_LEGAL_CASE_JSON} AS record FROM legal_cases lc WHERE lc.id = $1 AND ${PUBLICLY_VISIBLE_CASE}`,
      [id],
    );
    return rows[0]?.record ?? null;
  }

  /** Whether another case (deleted or not) already has this reference, letter case aside. */
  async referenceTaken(manager: EntityManager, reference: string, exceptId: string | null): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM legal_cases WHERE lower(reference) = lower($1) AND id IS DISTINCT FROM $2`,
      [reference, exceptId],
    );
    return rows.length > 0;
  }

  /**
   * Inserts unless the id or the reference exists (`ON CONFLICT DO NOTHING`, so that a concurrent
   * create does not abort the transaction); says which conflict stopped it.
   */
  async insert(
    manager: EntityManager,
    values: LegalCaseValues & { id: string },
  ): Promise<'inserted' | 'id_exists' | 'reference_taken'> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(LegalCaseEntity)
      .values(values as QueryDeepPartialEntity<LegalCaseEntity>)
      .orIgnore()
      .returning(['id'])
      .execute();
    if ((result.raw as unknown[]).length > 0) return 'inserted';
    const rows: unknown[] = await manager.query(`SELECT 1 FROM legal_cases WHERE id = $1`, [values.id]);
    return rows.length > 0 ? 'id_exists' : 'reference_taken';
  }

  /** Writes the values; false when the new reference reached the unique index (a concurrent change). */
  async update(
    manager: EntityManager,
    id: string,
    values: LegalCaseValues,
    actorId: string | null,
  ): Promise<boolean> {
    try {
      await manager
        .createQueryBuilder()
        .update(LegalCaseEntity)
        .set({
          ...(values as QueryDeepPartialEntity<LegalCaseEntity>),
          updatedBy: actorId,
          version: () => 'version + 1',
        })
        .where('id = :id', { id })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error, REFERENCE_INDEX)) return false;
      throw error;
    }
  }

  /** A case as a parent: whether it exists and is deleted. */
  async parentState(manager: EntityManager, id: string): Promise<{ deleted: boolean } | null> {
    const rows: { deleted: boolean }[] = await manager.query(
      `SELECT deleted_at IS NOT NULL AS deleted FROM legal_cases WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Whether `caseId` is `parentId` or one of its ancestors: making `parentId` the parent would
   * close a cycle. Takes the appeal-chain lock for the rest of the transaction first.
   */
  async wouldCycle(manager: EntityManager, caseId: string, parentId: string): Promise<boolean> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [PARENT_LOCK_KEY]);
    const rows: { cycle: boolean }[] = await manager.query(
      `WITH RECURSIVE chain (id, parent_case_id, depth) AS (
         SELECT id, parent_case_id, 1 FROM legal_cases WHERE id = $2
         UNION ALL
         SELECT c.id, c.parent_case_id, chain.depth + 1
           FROM legal_cases c JOIN chain ON c.id = chain.parent_case_id
          WHERE chain.depth < 1000
       )
       SELECT EXISTS (SELECT 1 FROM chain WHERE id = $1) AS cycle`,
      [caseId, parentId],
    );
    return rows[0]?.cycle ?? false;
  }

  /** Validity (with PostGIS's reason) and whether the shape lies in France and its territorial sea. */
  async checkPerimeter(manager: EntityManager, perimeter: GeoPolygonal): Promise<PerimeterCheck> {
    const rows: PerimeterCheck[] = await manager.query(
      `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS geom)
       SELECT ST_IsValid(g.geom) AS valid,
              CASE WHEN ST_IsValid(g.geom) THEN NULL ELSE ST_IsValidReason(g.geom) END AS reason,
              ST_IsValid(g.geom) AND EXISTS (
                SELECT 1 FROM territories t WHERE t.code = 'FR' AND ST_Covers(t.geometry, g.geom)
              ) AS "inFrance"
         FROM g`,
      [JSON.stringify(perimeter)],
    );
    return rows[0] as PerimeterCheck;
  }

  /** The act's document: a file attached to this very case, with its type. */
  async caseDocument(
    manager: EntityManager,
    caseId: string,
    attachmentId: string,
  ): Promise<{ mimeType: string; deleted: boolean } | null> {
    const rows: { mimeType: string; deleted: boolean }[] = await manager.query(
      `SELECT mime_type AS "mimeType", deleted_at IS NOT NULL AS deleted
         FROM attachments WHERE id = $1 AND legal_case_id = $2`,
      [attachmentId, caseId],
    );
    return rows[0] ?? null;
  }
}
