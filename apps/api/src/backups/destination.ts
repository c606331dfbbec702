import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { RcloneDestination } from './rclone-destination';

/*
 * Where backups go (issue 15): a local directory (an external disk) or an rclone remote `name:path`
 * driven through the system `rclone`. Paths are relative, '/'-separated. Every write goes to a temp
 * name in the same directory, then is renamed: a crash or a failing source never leaves a partial
 * file under its final name. Temp names start with `.tmp-` and are never listed.
 */

export interface BackupDestination {
  /** For messages and the admin page (no secrets). */
  readonly description: string;
  /** Relative paths of the files under `prefix`, e.g. list('backups/') → ['backups/<id>/manifest.sig', …]. */
  list(prefix: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** Atomic: written to a temp name then renamed; never a partial file under `path`. */
  write(path: string, data: Readable): Promise<void>;
  /** Rejects with reason 'missing' when the file is absent. */
  read(path: string): Promise<Readable>;
  /** Removing an absent file is not an error (pruning may be retried). */
  remove(path: string): Promise<void>;
}

export type DestinationFailure = 'unreachable' | 'full' | 'missing' | 'other';

export class BackupDestinationError extends Error {
  constructor(
    readonly reason: DestinationFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BackupDestinationError';
  }
}

export interface RcloneOptions {
  /** Extra global flags, e.g. ['--contimeout', '5s', '--retries', '1']. Never secrets: use the env. */
  flags?: readonly string[];
  /** Added to the process environment (RCLONE_CONFIG_<NAME>_… variables). */
  env?: NodeJS.ProcessEnv;
}

/** '/abs/dir', './dir' or 'dir' → a local directory; 'name:path' (a colon before any '/') → rclone. */
export function openDestination(target: string, options: RcloneOptions = {}): BackupDestination {
  return /^[^/]*:/.test(target) && !target.startsWith('.')
    ? new RcloneDestination(target, options)
    : new LocalDestination(resolve(target));
}

// Helpers shared with rclone-destination.ts.
export const TEMP_PREFIX = '.tmp-';

export function checkPath(path: string): string {
  const parts = path.split('/');
  if (
    path.includes('\\') ||
    parts.some((part) => ['', '.', '..'].includes(part) || part.startsWith(TEMP_PREFIX))
  ) {
    throw new BackupDestinationError('other', `Invalid path in a backup destination: "${path}".`);
  }
  return path;
}

/** The directory part of a list prefix ('backups/2025' → 'backups'), checked; '' for the root. */
export function prefixDir(prefix: string): string {
  const dir = prefix.slice(0, prefix.lastIndexOf('/') + 1).replace(/\/$/, '');
  return dir === '' ? '' : checkPath(dir);
}

export function tempName(path: string): string {
  const slash = path.lastIndexOf('/');
  const name = `${TEMP_PREFIX}${randomBytes(6).toString('hex')}-${path.slice(slash + 1)}`;
  return `${path.slice(0, slash + 1)}${name}`;
}

export function failure(
  reason: DestinationFailure,
  where: string,
  path: string,
  detail: string,
  cause?: unknown,
): BackupDestinationError {
  const what = {
    unreachable: `The backup destination ${where} cannot be reached`,
    full: `The backup destination ${where} is full`,
    missing: `${path} is missing from the backup destination ${where}`,
    other: `The backup destination ${where} failed on ${path}`,
  }[reason];
  return new BackupDestinationError(reason, `${what} (${detail}).`, { cause });
}

export class LocalDestination implements BackupDestination {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `directory ${root}`;
  }

  async list(prefix: string): Promise<string[]> {
    const dir = join(await this.checkedRoot(), prefixDir(prefix));
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return [];
      throw this.error(error, prefix);
    });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith(TEMP_PREFIX))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((path) => path.startsWith(prefix))
      .sort();
  }

  async exists(path: string): Promise<boolean> {
    const full = await this.fullPath(path);
    return stat(full).then(
      (stats) => stats.isFile(),
      (error: unknown) => {
        if (['ENOENT', 'ENOTDIR'].includes(errorCode(error) ?? '')) return false;
        throw this.error(error, path);
      },
    );
  }

  async write(path: string, data: Readable): Promise<void> {
    const full = await this.fullPath(path);
    const temp = tempName(full);
    try {
      await mkdir(dirname(full), { recursive: true, mode: 0o700 });
      // flush: fsync'd before it takes the final name, so a crash cannot leave it empty there.
      await pipeline(data, createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true }));
      await rename(temp, full);
    } catch (error) {
      await rm(temp, { force: true });
      throw this.error(error, path);
    }
  }

  async read(path: string): Promise<Readable> {
    const full = await this.fullPath(path);
    const handle = await open(full, 'r').catch((error: unknown) => {
      throw this.error(error, path);
    });
    return handle.createReadStream();
  }

  async remove(path: string): Promise<void> {
    const full = await this.fullPath(path);
    await rm(full, { force: true }).catch((error: unknown) => {
      throw this.error(error, path);
    });
    // Empty directories left by pruning go too (rmdir fails on a non-empty one: stop there).
    for (let dir = dirname(full); dir.startsWith(this.root + sep); dir = dirname(dir)) {
      if (
        !(await rmdir(dir).then(
          () => true,
          () => false,
        ))
      )
        break;
    }
  }

  private async fullPath(path: string): Promise<string> {
    return join(await this.checkedRoot(), checkPath(path));
  }

  /** The directory must exist: on an unmounted disk, writing would silently fill the system disk. */
  private async checkedRoot(): Promise<string> {
    const isDir = await stat(this.root).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      throw failure('unreachable', this.description, '', 'no such directory; is the disk mounted?');
    }
    return this.root;
  }

  /** System errors become destination errors; others (a failing source stream) pass unchanged. */
  private error(error: unknown, path: string): Error {
    const code = errorCode(error);
    if (code === undefined || typeof (error as NodeJS.ErrnoException).syscall !== 'string') {
      return error instanceof Error ? error : new Error(String(error));
    }
    const reason = ['ENOSPC', 'EDQUOT'].includes(code) ? 'full' : code === 'ENOENT' ? 'missing' : 'other';
    return failure(reason, this.description, path, code, error);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
