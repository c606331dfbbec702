import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, type ReadStream } from 'node:fs';
import { chmod, link, lstat, mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { dataDirectory } from './data-directory';

const SHA256 = /^[0-9a-f]{64}$/;
/** A temporary file this old belongs to no upload in flight (a crash left it): it is removed. */
const STALE_TEMP_MS = 24 * 3_600_000;
/** Folders of the store: the server user only. */
export const DIRECTORY_MODE = 0o700;
/** A stored file: read by the server user only, and read-only (stored bytes are never rewritten). */
export const STORED_FILE_MODE = 0o400;
/** An upload in flight, still being written. */
export const TEMP_FILE_MODE = 0o600;
const FAN_OUT = /^[0-9a-f]{2}$/;

/** An upload written to a temporary file, hashed on the way; `discard` removes it (idempotent). */
export interface ReceivedFile {
  tempPath: string;
  sha256: string;
  sizeBytes: number;
  /** True when the source had more than `maxBytes`: the temporary file was removed already. */
  tooLarge: boolean;
  discard(): Promise<void>;
}

/** Counts and hashes what flows through; fails once more than `maxBytes` went by. */
class HashingMeter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  exceeded = false;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.exceeded = true;
      callback(new Error('file larger than the limit'));
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Evidence bytes on the local disk, content-addressed: `<dir>/ab/cd/<sha256>`. Uploads are
 * written to `<dir>/tmp/` on the same file system, then hard-linked into place, which is atomic
 * and never replaces a file already stored: stored bytes are never rewritten nor deleted.
 * Folders are 0700 and stored files 0400 (the server user reads them, nobody writes them); a
 * temporary file is 0600 until it is made read-only, just before it is linked into place.
 */
@Injectable()
export class FileStore implements OnModuleInit {
  readonly root: string;
  private readonly logger = new Logger(FileStore.name);

  constructor(config: AppConfig) {
    this.root = dataDirectory(config);
  }

  /**
   * Tightens the modes of a store written by an older version, then removes temporary files a
   * crash may have left. Only old ones: another process sharing the directory may be receiving an
   * upload right now.
   */
  async onModuleInit(): Promise<void> {
    await mkdir(this.tempDirectory, { recursive: true, mode: DIRECTORY_MODE });
    const fixed = await this.secureModes();
    if (fixed > 0) this.logger.warn(`Made ${fixed} stored file(s) or folder(s) private to the server user.`);
    const now = Date.now();
    for (const name of await readdir(this.tempDirectory)) {
      const path = join(this.tempDirectory, name);
      try {
        if (name.endsWith('.part') && now - (await stat(path)).mtimeMs > STALE_TEMP_MS) {
          await rm(path, { force: true });
          this.logger.warn(`Removed a temporary upload left by an interrupted process: ${name}`);
        }
      } catch {
        // Removed meanwhile by its owner.
      }
    }
  }

  /**
   * Sets the store's folders to 0700 and its stored files to 0400 where they are not (a store
   * written before modes were enforced, a restore, a hand copy); returns how many it changed.
   * Idempotent. Symbolic links are left alone, and so are temporary files: one may be the other
   * name of a stored file, which is read-only already.
   */
  async secureModes(): Promise<number> {
    let fixed = 0;
    let refused: string | undefined;
    const ensure = async (path: string, mode: number): Promise<void> => {
      try {
        if (((await lstat(path)).mode & 0o7777) === mode) return;
        await chmod(path, mode);
        fixed += 1;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Removed meanwhile (a temporary file, a test's directory): nothing left to protect.
        if (code === 'ENOENT') return;
        // Owned by another user: say so once, and keep serving (the files are still there).
        if (code !== 'EPERM') throw error;
        refused ??= path;
      }
    };
    const directories = async (path: string): Promise<string[]> => {
      const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isDirectory() && FAN_OUT.test(entry.name)).map((e) => e.name);
    };
    await ensure(this.root, DIRECTORY_MODE);
    await ensure(this.tempDirectory, DIRECTORY_MODE);
    for (const first of await directories(this.root)) {
      const level1 = join(this.root, first);
      await ensure(level1, DIRECTORY_MODE);
      for (const second of await directories(level1)) {
        const level2 = join(level1, second);
        await ensure(level2, DIRECTORY_MODE);
        const files = await readdir(level2, { withFileTypes: true }).catch(() => []);
        for (const file of files) {
          if (file.isFile() && SHA256.test(file.name))
            await ensure(join(level2, file.name), STORED_FILE_MODE);
        }
      }
    }
    if (refused) {
      this.logger.warn(
        `Could not make ${refused} (and maybe more) private to the server user: it belongs to another ` +
          `user. Give ${this.root} and everything in it to the user the server runs as (chown -R).`,
      );
    }
    return fixed;
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Streams `source` into a new temporary file while hashing it, never holding it in memory.
   * On any failure (the client went away, the disk is full) the temporary file is removed and the
   * error rethrown; past `maxBytes` the copy stops and `tooLarge` is set.
   */
  async receive(source: Readable, maxBytes: number): Promise<ReceivedFile> {
    const tempPath = await this.newTempPath();
    const discard = () => rm(tempPath, { force: true });
    const meter = new HashingMeter(maxBytes);
    try {
      await pipeline(
        source,
        meter,
        createWriteStream(tempPath, { flags: 'wx', mode: TEMP_FILE_MODE, flush: true }),
      );
    } catch (error) {
      await discard();
      if (meter.exceeded) {
        return { tempPath, sha256: '', sizeBytes: meter.bytes, tooLarge: true, discard };
      }
      throw error;
    }
    return { tempPath, sha256: meter.hash.digest('hex'), sizeBytes: meter.bytes, tooLarge: false, discard };
  }

  /**
   * Moves a received file into place, read-only already; when those bytes are stored already, the
   * copy is dropped (the stored file is never opened for writing, so its mode does not matter).
   */
  async commit(file: ReceivedFile): Promise<void> {
    const target = this.pathOf(file.sha256);
    try {
      await mkdir(dirname(target), { recursive: true, mode: DIRECTORY_MODE });
      await chmod(file.tempPath, STORED_FILE_MODE);
      await link(file.tempPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await file.discard();
    }
  }

  /** Stores small generated bytes (publication copy, thumbnail); returns their hash. */
  async storeBytes(bytes: Buffer): Promise<string> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await this.has(sha256, bytes.length)) return sha256;
    const tempPath = await this.newTempPath();
    await writeFile(tempPath, bytes, { flag: 'wx', mode: TEMP_FILE_MODE, flush: true });
    await this.commit({
      tempPath,
      sha256,
      sizeBytes: bytes.length,
      tooLarge: false,
      discard: () => rm(tempPath, { force: true }),
    });
    return sha256;
  }

  async has(sha256: string, sizeBytes: number): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).size === sizeBytes;
    } catch {
      return false;
    }
  }

  /**
   * Opens stored bytes for reading. Missing or truncated bytes are a server fault (evidence lost
   * outside the application), reported before any header is sent.
   */
  async open(sha256: string, sizeBytes: number): Promise<ReadStream> {
    const missing = () => new Error(`Stored bytes missing or of the wrong size: ${this.pathOf(sha256)}`);
    // The size is checked on the open handle, so the bytes checked are the bytes sent.
    const handle = await open(this.pathOf(sha256), 'r').catch(() => {
      throw missing();
    });
    if ((await handle.stat()).size !== sizeBytes) {
      await handle.close();
      throw missing();
    }
    return handle.createReadStream();
  }

  /** Files of uploads in flight (or left by a crash): tests check that none is left behind. */
  get tempDirectory(): string {
    return join(this.root, 'tmp');
  }

  private async newTempPath(): Promise<string> {
    await mkdir(this.tempDirectory, { recursive: true, mode: DIRECTORY_MODE });
    return join(this.tempDirectory, `${randomUUID()}.part`);
  }
}
