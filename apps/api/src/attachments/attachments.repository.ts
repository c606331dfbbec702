import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AttachmentRecord, Consent } from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import { runList, type ListSource } from '../common/list-sql';
import { VersionedTable } from '../common/versioned-table';
import { type AttachmentScope, scopeCondition } from './attachment-access';
import { ATTACHMENT_JSON } from './attachments.sql';
import type { OwnerField } from './upload-fields';

const ATTACHMENT_LIST: ListSource = { from: 'attachments a', record: ATTACHMENT_JSON };

/** A stored variant: its bytes' hash and, for an image, its size in pixels. */
export interface StoredVariant {
  sha256: string;
  width: number | null;
  height: number | null;
}

/** What is known of an attachment's publication copy. */
export interface PublicationState {
  id: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  publicationSha256: string | null;
  /** Why no copy could be made; null when one was made or none was tried yet. */
  publicationFailure: string | null;
}

/** Everything a new attachment row holds. */
export interface NewAttachment {
  id: string;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  originalName: string | null;
  capturedAt: Date | null;
  exifLocation: [number, number] | null;
  caption: string | null;
  consent: Consent;
  owner: { field: OwnerField; id: string };
  publication: StoredVariant | null;
  /** Why no publication copy could be made (then `publication` is null). */
  publicationFailure: string | null;
  thumbnail: StoredVariant | null;
  creationDigest: string;
  actorId: string;
}

const OWNER_TABLES: Record<OwnerField, string> = {
  observationId: 'observations',
  incidentId: 'incidents',
  legalCaseId: 'legal_cases',
};
const OWNER_COLUMNS: Record<OwnerField, string> = {
  observationId: 'observation_id',
  incidentId: 'incident_id',
  legalCaseId: 'legal_case_id',
};

/**
 * Attachment rows and the stored-file rows they point at. Writes are plain parameterised SQL: the
 * rows have no child collections, and the geometry is built in the statement.
 */
@Injectable()
export class AttachmentsRepository {
  readonly table = new VersionedTable('attachments');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(query: ParsedListQuery, scope: AttachmentScope): Promise<ListResult<AttachmentRecord>> {
    const condition = scopeCondition(scope, query.params.length + 1);
    return runList(this.dataSource, ATTACHMENT_LIST, {
      ...query,
      where: `(${query.where}) AND ${condition.sql}`,
      params: [...query.params, ...condition.params],
    });
  }

  /** The record if it exists and the scope lets the actor see it. */
  async findOne(
    id: string,
    scope: AttachmentScope = { kind: 'all' },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AttachmentRecord | null> {
    const condition = scopeCondition(scope, 2);
    const rows: { record: AttachmentRecord }[] = await manager.query(
      `SELECT ${ATTACHMENT_JSON} AS record FROM attachments a WHERE a.id = $1 AND ${condition.sql}`,
      [id, ...condition.params],
    );
    return rows[0]?.record ?? null;
  }

  /** The owner row's state, or null when there is none. */
  async ownerState(
    manager: EntityManager,
    field: OwnerField,
    id: string,
  ): Promise<{ deleted: boolean; status: string } | null> {
    const rows: { deleted: boolean; status: string }[] = await manager.query(
      `SELECT deleted_at IS NOT NULL AS deleted, status FROM ${OWNER_TABLES[field]} WHERE id = $1 FOR SHARE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** One row per distinct content; a second upload of the same bytes finds it there. */
  async saveStoredFile(manager: EntityManager, sha256: string, sizeBytes: number, mimeType: string) {
    await manager.query(
      `INSERT INTO stored_files (sha256, size_bytes, mime_type) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [sha256, sizeBytes, mimeType],
    );
  }

  /** Inserts unless the id exists; false when it did (the caller compares digests). */
  async insert(manager: EntityManager, row: NewAttachment): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO attachments (
         id, sha256, size_bytes, mime_type, original_name, captured_at, exif_location, caption,
         consent_publication, consent_litigation, consent_research, ${OWNER_COLUMNS[row.owner.field]},
         publication_sha256, publication_width, publication_height,
         thumbnail_sha256, thumbnail_width, thumbnail_height,
         creation_digest, created_by, updated_by, publication_failure)
       VALUES ($1, $2, $3, $4, $5, $6,
               CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($7, $8), 4326) END,
               $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        row.id,
        row.sha256,
        row.sizeBytes,
        row.mimeType,
        row.originalName,
        row.capturedAt,
        row.exifLocation?.[0] ?? null,
        row.exifLocation?.[1] ?? null,
        row.caption,
        row.consent.publication,
        row.consent.litigation,
        row.consent.research,
        row.owner.id,
        row.publication?.sha256 ?? null,
        row.publication?.width ?? null,
        row.publication?.height ?? null,
        row.thumbnail?.sha256 ?? null,
        row.thumbnail?.width ?? null,
        row.thumbnail?.height ?? null,
        row.creationDigest,
        row.actorId,
        row.publicationFailure,
      ],
    );
    return rows.length > 0;
  }

  /** The publication state of one attachment (locked when in a transaction), or null. */
  async publicationState(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<PublicationState | null> {
    const rows: PublicationState[] = await manager.query(
      `SELECT id, sha256, size_bytes::float8 AS "sizeBytes", mime_type AS "mimeType",
              publication_sha256 AS "publicationSha256", publication_failure AS "publicationFailure"
         FROM attachments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Files of a type that has a copy without metadata (`mimeTypes`), with publication consent,
   * not deleted, whose copy was never tried (uploaded before copies existed, or while ffmpeg was
   * missing): oldest first.
   */
  async pendingPublication(mimeTypes: readonly string[], limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM attachments
        WHERE publication_sha256 IS NULL AND publication_failure IS NULL
          AND consent_publication AND deleted_at IS NULL AND mime_type = ANY($1)
        ORDER BY created_at LIMIT $2`,
      [mimeTypes, limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * Records the copy made (or why none could be), unless another process did first. The record's
   * version does not change: the copy is derived from the stored bytes, not an edit.
   */
  async setPublication(
    manager: EntityManager,
    id: string,
    outcome: { sha256: string } | { failure: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE attachments SET publication_sha256 = $2, publication_failure = $3
        WHERE id = $1 AND publication_sha256 IS NULL AND publication_failure IS NULL`,
      [id, 'sha256' in outcome ? outcome.sha256 : null, 'failure' in outcome ? outcome.failure : null],
    );
  }

  async update(
    manager: EntityManager,
    id: string,
    values: { caption: string | null; consent: Consent },
    actorId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE attachments
          SET caption = $2, consent_publication = $3, consent_litigation = $4, consent_research = $5,
              updated_at = now(), updated_by = $6, version = version + 1
        WHERE id = $1`,
      [
        id,
        values.caption,
        values.consent.publication,
        values.consent.litigation,
        values.consent.research,
        actorId,
      ],
    );
  }
}
