import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { type AttachmentRecord, can } from '@vigie/domain';
import { fileTypeFromFile } from 'file-type';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { recordChange, setDeleted } from '../audit/record-change';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { contentDigest } from '../common/canonical-digest';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import { AppConfig } from '../config/app-config';
import { presentAttachment, scopeOf } from './attachment-access';
import { ATTACHMENT_LIST_SPEC, PUBLISHABLE_ATTACHMENT_LIST_SPEC } from './attachments.list-spec';
import { attachmentErrors } from './attachments.errors';
import { AttachmentsRepository, type StoredVariant } from './attachments.repository';
import type { PatchAttachmentDto } from './dto/patch-attachment.dto';
import { FileStore, type ReceivedFile } from '../files/file-store';
import { readCaptureMetadata } from './image-metadata';
import { makeImageVariants, type ImageVariant } from './image-variants';
import { declaredTypeMatches, extensionOf, isAllowedType, isImageType } from './media-types';
import { parseUploadFields, type OwnerField, type UploadFields } from './upload-fields';
import { receiveUpload } from './upload-receiver';
import { hasMediaCopy, type MediaCopy, PublicationCopies } from './publication-copies';
import { maxUploadBytes } from './upload-limits';

const LABEL = 'Attachment';
const ENTITY = 'attachments';
const OWNER_LABELS: Record<OwnerField, string> = {
  observationId: 'observation',
  incidentId: 'incident',
  legalCaseId: 'legal case',
};

export type FileVariant = 'original' | 'publication' | 'thumbnail';

/** Bytes to send, and what the response headers say about them. */
export interface FileDownload {
  stream: ReadStream;
  sha256: string;
  sizeBytes: number;
  mimeType: string;
  filename: string;
}

/**
 * A name safe in a Content-Disposition header and on any file system, with the extension of the
 * bytes sent (`mimeType`). Without `originalName` (communication is not given it: a phone's file
 * name says when it was taken) the name is the attachment's id.
 */
export function downloadName(record: AttachmentRecord, variant: FileVariant, mimeType: string): string {
  const base = (record.originalName ?? '')
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]*$/, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, 100);
  const name = base || `attachment-${record.id}`;
  if (variant === 'original') return `${name}.${extensionOf(mimeType)}`;
  return `${name}-${variant}.${extensionOf(mimeType)}`;
}

@Injectable()
export class AttachmentsService {
  private readonly maxBytes: number;

  constructor(
    private readonly repository: AttachmentsRepository,
    private readonly audit: AuditService,
    private readonly store: FileStore,
    private readonly config: AppConfig,
    private readonly copies: PublicationCopies,
  ) {
    this.maxBytes = maxUploadBytes(config);
  }

  async list(actor: Actor, query: RawQuery): Promise<ListResult<AttachmentRecord>> {
    assertCan(actor, 'attachments.read');
    const scope = scopeOf(actor);
    // Communication filters, sorts and searches only what it is told of a file.
    const spec = scope.kind === 'publishable' ? PUBLISHABLE_ATTACHMENT_LIST_SPEC : ATTACHMENT_LIST_SPEC;
    const result = await this.repository.list(parseListQuery(query, spec), scope);
    return { ...result, rows: result.rows.map((record) => presentAttachment(actor, record)) };
  }

  async get(actor: Actor, id: string): Promise<AttachmentRecord> {
    assertCan(actor, 'attachments.read');
    const record = await this.repository.findOne(id, scopeOf(actor));
    if (!record) throw recordErrors.notFound(LABEL, id);
    return presentAttachment(actor, record);
  }

  /**
   * Receives an upload (streamed to a temporary file while hashed), checks its fields and its type
   * from its bytes, reads EXIF and makes the image variants, then stores the bytes under their hash
   * (reusing them when already there) and the record, audited. A client id makes it idempotent.
   */
  async create(
    actor: Actor,
    request: FastifyRequest,
  ): Promise<{ record: AttachmentRecord; created: boolean }> {
    assertCan(actor, 'attachments.create');
    const upload = await receiveUpload(request, this.store, this.maxBytes, this.config.VIGIE_MAX_UPLOAD_MB);
    const received = upload.file?.received;
    try {
      const fields = parseUploadFields(upload.fields);
      if (!upload.file || !received) throw attachmentErrors.fileRequired();
      if (received.sizeBytes === 0) throw attachmentErrors.emptyFile();
      const sniffed = (await fileTypeFromFile(received.tempPath))?.mime ?? null;
      if (sniffed === null || !isAllowedType(sniffed)) throw attachmentErrors.unsupportedType(sniffed);
      if (!declaredTypeMatches(upload.file.declaredType, sniffed)) {
        throw attachmentErrors.typeMismatch(upload.file.declaredType, sniffed);
      }
      const originalName = upload.file.filename?.slice(0, 255) ?? null;
      const digest = contentDigest({
        sha256: received.sha256,
        originalName,
        owner: fields.owner,
        caption: fields.caption,
        consent: fields.consent,
      });
      if (fields.id !== undefined) {
        const id = fields.id;
        const replay = await this.repository.transaction((manager) =>
          this.replay(manager, actor, id, digest),
        );
        if (replay) return { record: replay, created: false };
      }
      return await this.storeUpload(actor, fields, received, sniffed, originalName, digest);
    } finally {
      await received?.discard();
    }
  }

  async patch(actor: Actor, id: string, dto: PatchAttachmentDto): Promise<AttachmentRecord> {
    assertCan(actor, 'attachments.update');
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    return this.repository.transaction(async (manager) => {
      const current = await this.lockVisible(manager, actor, id);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      await this.repository.update(
        manager,
        id,
        {
          caption: dto.caption !== undefined ? dto.caption || null : current.caption,
          consent: { ...current.consent, ...dto.consent },
        },
        actor.id,
      );
      const record = (await this.repository.findOne(id, { kind: 'all' }, manager)) as AttachmentRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'update', current, record);
      return record;
    });
  }

  remove(actor: Actor, id: string): Promise<AttachmentRecord> {
    return this.setDeleted(actor, id, true);
  }

  restore(actor: Actor, id: string): Promise<AttachmentRecord> {
    return this.setDeleted(actor, id, false);
  }

  /**
   * Opens the bytes of a file for the actor. Downloads of the original and of the publication copy
   * are audited ('download') before any byte leaves; thumbnails, which the console shows in lists,
   * are not. Communication gets the publication copy of a file, never its original: a photo's or a
   * video's position, a PDF's author. A copy not tried yet (a file uploaded before copies existed,
   * or without publication consent) is made on this first request.
   */
  async open(actor: Actor, id: string, variant: FileVariant): Promise<FileDownload> {
    assertCan(actor, 'attachments.read');
    let record = await this.repository.findOne(id, scopeOf(actor));
    if (!record) throw recordErrors.notFound(LABEL, id);
    // Checked first: the refusal does not depend on whether a copy exists.
    if (variant === 'original' && actor.role === 'communication') {
      throw attachmentErrors.originalRestricted();
    }
    if (variant === 'publication' && !record.publication && (await this.copies.ensure(id))) {
      record = (await this.repository.findOne(id, scopeOf(actor))) ?? record;
    }
    const file = variant === 'original' ? record : record[variant];
    if (!file) {
      if (variant === 'thumbnail') throw attachmentErrors.noVariant(id, 'thumbnail', 'not an image');
      const failure = (await this.repository.publicationState(id))?.publicationFailure;
      throw attachmentErrors.noVariant(id, 'publication copy', failure ?? 'none could be made yet');
    }
    if (variant !== 'thumbnail') {
      await this.repository.transaction((manager) =>
        this.audit.record(manager, {
          actorId: actor.id,
          action: 'download',
          entity: ENTITY,
          entityId: id,
          context: { ip: actor.ip, variant, sha256: file.sha256 },
        }),
      );
    }
    return {
      stream: await this.store.open(file.sha256, file.sizeBytes),
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      mimeType: file.mimeType,
      filename: downloadName(presentAttachment(actor, record), variant, file.mimeType),
    };
  }

  private async storeUpload(
    actor: Actor,
    fields: UploadFields,
    received: ReceivedFile,
    mimeType: string,
    originalName: string | null,
    digest: string,
  ): Promise<{ record: AttachmentRecord; created: boolean }> {
    const image = isImageType(mimeType);
    const metadata = image
      ? await readCaptureMetadata(received.tempPath)
      : { capturedAt: null, location: null };
    const variants = image ? await makeImageVariants(received.tempPath) : null;
    // The copy without metadata of a video, a sound or a PDF communication may get; for the other
    // files, it is made when first asked for (they may never be published).
    const copy: MediaCopy | null =
      fields.consent.publication && hasMediaCopy(mimeType)
        ? await this.copies.make(received.tempPath, mimeType)
        : null;
    const id = fields.id ?? randomUUID();
    try {
      return await this.repository.transaction(async (manager) => {
        await this.assertOwner(manager, actor, fields.owner);
        await this.store.commit(received);
        await this.repository.saveStoredFile(manager, received.sha256, received.sizeBytes, mimeType);
        const publication = variants
          ? await this.storeVariant(manager, variants.publication)
          : copy?.kind === 'made'
            ? { sha256: await this.copies.commit(manager, copy), width: null, height: null }
            : null;
        const publicationFailure = image
          ? variants
            ? null
            : 'sharp could not decode this image'
          : copy?.kind === 'failed'
            ? copy.reason
            : null;
        const thumbnail = variants ? await this.storeVariant(manager, variants.thumbnail) : null;
        const inserted = await this.repository.insert(manager, {
          id,
          sha256: received.sha256,
          sizeBytes: received.sizeBytes,
          mimeType,
          originalName,
          capturedAt: metadata.capturedAt,
          exifLocation: metadata.location,
          caption: fields.caption,
          consent: fields.consent,
          owner: fields.owner,
          publication,
          publicationFailure,
          thumbnail,
          creationDigest: digest,
          actorId: actor.id,
        });
        if (!inserted) {
          // Another request with the same id committed between our check and our insert.
          const record = await this.replay(manager, actor, id, digest);
          return { record: record as AttachmentRecord, created: false };
        }
        const record = (await this.repository.findOne(id, { kind: 'all' }, manager)) as AttachmentRecord;
        await recordChange(this.audit, manager, actor, ENTITY, 'create', null, record);
        return { record, created: true };
      });
    } finally {
      if (copy?.kind === 'made') await copy.file.discard();
    }
  }

  private async storeVariant(manager: EntityManager, variant: ImageVariant): Promise<StoredVariant> {
    const sha256 = await this.store.storeBytes(variant.bytes);
    await this.repository.saveStoredFile(manager, sha256, variant.bytes.length, 'image/jpeg');
    return { sha256, width: variant.width, height: variant.height };
  }

  /**
   * The owner must exist, be visible to the actor and not be deleted. A legal case takes files from
   * those who may change it; to anyone else it is as unknown as a case that does not exist.
   */
  private async assertOwner(
    manager: EntityManager,
    actor: Actor,
    owner: UploadFields['owner'],
  ): Promise<void> {
    const label = OWNER_LABELS[owner.field];
    const mayUse = owner.field !== 'legalCaseId' || can(actor.role, 'legalCases.update');
    const state = mayUse ? await this.repository.ownerState(manager, owner.field, owner.id) : null;
    if (!state) throw recordErrors.invalidReference(owner.field, `unknown ${label} ${owner.id}`);
    if (state.deleted) {
      throw recordErrors.invalidReference(owner.field, `${label} ${owner.id} is deleted; restore it first`);
    }
  }

  /**
   * A retried upload: the same id with the same bytes and fields gives the stored record; anything
   * else under that id (or a record the actor may not see) is a conflict.
   */
  private async replay(
    manager: EntityManager,
    actor: Actor,
    id: string,
    digest: string,
  ): Promise<AttachmentRecord | null> {
    if (!(await this.repository.table.isRetriedCreate(manager, id, digest, LABEL, actor.id))) return null;
    // An id the actor may not see is taken, not free: the same conflict, without saying more.
    const record = await this.repository.findOne(id, scopeOf(actor), manager);
    if (!record) throw recordErrors.idempotencyConflict(LABEL, id);
    return record;
  }

  private async lockVisible(manager: EntityManager, actor: Actor, id: string): Promise<AttachmentRecord> {
    const state = await this.repository.table.lock(manager, id);
    const record = state ? await this.repository.findOne(id, scopeOf(actor), manager) : null;
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  private async setDeleted(actor: Actor, id: string, deleted: boolean): Promise<AttachmentRecord> {
    assertCan(actor, 'attachments.delete');
    return this.repository.transaction(async (manager) =>
      setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(id, { kind: 'all' }, manager),
        },
        await this.lockVisible(manager, actor, id),
        deleted,
      ),
    );
  }
}
