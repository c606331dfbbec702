import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FileStore, type ReceivedFile } from '../files/file-store';
import { ScheduledJobs } from '../jobs/scheduled-jobs';
import { AttachmentsRepository, type PublicationState } from './attachments.repository';
import { MediaToolMissingError, MediaUnreadableError, remuxWithoutMetadata } from './media-remux';
import { isPdfType, MEDIA_COPY_TYPES, remuxOf } from './media-types';
import { pdfWithoutMetadata, PdfUnreadableError } from './pdf-publication';

/**
 * The outcome of making a publication copy of a video, a sound or a PDF: the copy in a temporary
 * file (to commit, or discard); why none can ever be made; or that none can be made now (ffmpeg
 * missing), to try again later.
 */
export type MediaCopy =
  | { kind: 'made'; file: ReceivedFile; mimeType: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'unavailable'; reason: string };

/** Whether files of this sniffed type get a copy made here (images get theirs from sharp). */
export function hasMediaCopy(mimeType: string): boolean {
  return remuxOf(mimeType) !== undefined || isPdfType(mimeType);
}

/** Files handled per run of the scheduled job (each is one ffmpeg or PDF rewrite). */
const JOB_BATCH = 20;

/**
 * Publication copies of videos, sounds and PDFs, without their metadata (DESIGN §4: communication
 * gets those, never an original). Made at upload for files with publication consent; for the
 * others, and files uploaded before copies existed, on the first request of the copy or by the
 * scheduled job `attachments.publication-copies`.
 */
@Injectable()
export class PublicationCopies implements OnModuleInit {
  private readonly logger = new Logger(PublicationCopies.name);
  private warnedMissing = false;

  constructor(
    private readonly repository: AttachmentsRepository,
    private readonly store: FileStore,
    private readonly jobs: ScheduledJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: 'attachments.publication-copies',
      cron: '*/15 * * * *',
      run: async () => {
        await this.run();
      },
    });
  }

  /** Makes a copy of the file at `path` (not stored yet). Never throws for a bad file. */
  async make(path: string, mimeType: string): Promise<MediaCopy> {
    const output = join(this.store.tempDirectory, `${randomUUID()}.part`);
    await mkdir(this.store.tempDirectory, { recursive: true });
    try {
      const remux = remuxOf(mimeType);
      if (remux) {
        await remuxWithoutMetadata(path, output, remux);
      } else if (isPdfType(mimeType)) {
        const copy = await pdfWithoutMetadata(await readFile(path));
        await writeFile(output, copy.bytes, { flag: 'wx' });
      } else {
        return { kind: 'failed', reason: `no copy without metadata is made of ${mimeType} files` };
      }
      const file = await hashed(output);
      if (file.sizeBytes === 0) {
        await file.discard();
        return { kind: 'failed', reason: 'the copy without metadata came out empty' };
      }
      return { kind: 'made', file, mimeType };
    } catch (error) {
      await rm(output, { force: true });
      if (error instanceof MediaToolMissingError) {
        if (!this.warnedMissing)
          this.logger.warn(`No publication copies of videos and sounds: ${error.message}`);
        this.warnedMissing = true;
        return { kind: 'unavailable', reason: error.message };
      }
      if (error instanceof MediaUnreadableError || error instanceof PdfUnreadableError) {
        this.logger.warn(
          `No publication copy of a ${mimeType} file: ${error.reason}${error.detail ? ` (${error.detail})` : ''}`,
        );
        return { kind: 'failed', reason: error.reason };
      }
      throw error;
    }
  }

  /** Stores a copy made by `make` in the transaction of its record; returns its hash. */
  async commit(manager: EntityManager, copy: Extract<MediaCopy, { kind: 'made' }>): Promise<string> {
    await this.store.commit(copy.file);
    await this.repository.saveStoredFile(manager, copy.file.sha256, copy.file.sizeBytes, copy.mimeType);
    return copy.file.sha256;
  }

  /**
   * Makes and records the copy of one attachment when it has none and none was tried; returns
   * whether the record changed. A missing ffmpeg leaves it to be tried again.
   */
  async ensure(id: string): Promise<boolean> {
    const state = await this.repository.publicationState(id);
    if (!state || !isPending(state) || !hasMediaCopy(state.mimeType)) return false;
    if (!(await this.store.has(state.sha256, state.sizeBytes))) {
      this.logger.error(`Stored bytes of attachment ${id} are missing: no publication copy made`);
      return false;
    }
    const copy = await this.make(this.store.pathOf(state.sha256), state.mimeType);
    if (copy.kind === 'unavailable') return false;
    try {
      await this.repository.transaction(async (manager) => {
        const current = await this.repository.publicationState(id, manager, true);
        if (!current || !isPending(current)) return;
        if (copy.kind === 'made') {
          await this.repository.setPublication(manager, id, { sha256: await this.commit(manager, copy) });
        } else {
          await this.repository.setPublication(manager, id, { failure: copy.reason });
        }
      });
    } finally {
      if (copy.kind === 'made') await copy.file.discard();
    }
    return true;
  }

  /** The scheduled job: copies of consented files that have none yet, a batch per run. */
  async run(): Promise<{ made: number }> {
    const ids = await this.repository.pendingPublication(MEDIA_COPY_TYPES, JOB_BATCH);
    let made = 0;
    for (const id of ids) if (await this.ensure(id)) made += 1;
    if (made > 0) this.logger.log(`Made or tried ${made} publication copies of videos, sounds and PDFs`);
    return { made };
  }
}

function isPending(state: PublicationState): boolean {
  return state.publicationSha256 === null && state.publicationFailure === null;
}

/** A file written in the store's temporary directory, as a ReceivedFile to commit. */
async function hashed(path: string): Promise<ReceivedFile> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    sizeBytes += chunk.length;
  }
  return {
    tempPath: path,
    sha256: hash.digest('hex'),
    sizeBytes,
    tooLarge: false,
    discard: () => rm(path, { force: true }),
  };
}
