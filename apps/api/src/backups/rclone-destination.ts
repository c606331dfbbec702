import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type BackupDestination,
  BackupDestinationError,
  checkPath,
  type DestinationFailure,
  failure,
  prefixDir,
  type RcloneOptions,
  TEMP_PREFIX,
  tempName,
} from './destination';

/*
 * A backup destination on any rclone remote (WebDAV/Nextcloud, SFTP, S3…) through the system
 * `rclone`, one subprocess per operation. Its configuration comes from the environment
 * (RCLONE_CONFIG_<NAME>_…) or the user's rclone.conf, never from the command line, which other
 * local users can read. Atomic writes: `rcat` to a temp name, then `moveto`.
 */

interface RcloneExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const FULL = /no space left|quota|insufficient storage|\b507\b|disk full|storage full/i;
const UNREACHABLE =
  /connection refused|no such host|timeout|deadline exceeded|network is unreachable|no route to host|connection reset|tls handshake/i;
const MISSING = /not found|doesn't exist|does not exist|\b404\b/i;

/** Drives the system `rclone`; its configuration comes from the environment or the user's rclone.conf. */
export class RcloneDestination implements BackupDestination {
  readonly description: string;
  private readonly base: string;

  constructor(
    target: string,
    private readonly options: RcloneOptions = {},
  ) {
    this.base = target.replace(/\/+$/, '');
    // An on-the-fly remote ':backend,key=value:path' may carry secrets in its parameters: not shown.
    this.description = `rclone ${this.base.replace(/^:([^,:]*)[^:]*:/, ':$1:')}`;
  }

  async list(prefix: string): Promise<string[]> {
    const dir = prefixDir(prefix);
    const { code, stdout, stderr } = await this.run(['lsf', '-R', '--files-only', this.at(dir)]);
    if (code === 3) return []; // directory not found: nothing written there yet
    if (code !== 0) throw this.error({ code, stderr, signal: null }, prefix);
    return stdout
      .split('\n')
      .filter((line) => line !== '' && !line.split('/').some((part) => part.startsWith(TEMP_PREFIX)))
      .map((line) => (dir === '' ? line : `${dir}/${line}`))
      .filter((path) => path.startsWith(prefix))
      .sort();
  }

  async exists(path: string): Promise<boolean> {
    const result = await this.run(['lsjson', '--stat', this.at(checkPath(path))]);
    if (result.code === 0) return (JSON.parse(result.stdout) as { IsDir: boolean }).IsDir === false;
    const error = this.error({ ...result, signal: null }, path);
    if (error.reason === 'missing') return false;
    throw error;
  }

  async write(path: string, data: Readable): Promise<void> {
    const temp = tempName(checkPath(path));
    const child = this.spawn(['rcat', this.at(temp)], 'pipe');
    const exited = exitOf(child);
    let sourceError: unknown;
    try {
      await pipeline(data, child.stdin!);
    } catch (error) {
      // rclone would take the early end of its input for the end of the file: stop it first.
      sourceError = error;
      child.kill();
    }
    const exit = await exited;
    if (exit.code !== 0 || sourceError !== undefined) {
      await this.run(['deletefile', '--retries', '1', this.at(temp)]);
      // rclone's own failure (then the source saw EPIPE) says more than the source's.
      throw exit.signal === null && exit.code !== 0 ? this.error(exit, path) : sourceError;
    }
    // --ignore-times: move even when an old file has the same size and time, never keep the old one.
    const moved = await this.run(['moveto', '--ignore-times', this.at(temp), this.at(path)]);
    if (moved.code !== 0) {
      await this.run(['deletefile', '--retries', '1', this.at(temp)]);
      throw this.error({ ...moved, signal: null }, path);
    }
  }

  async read(path: string): Promise<Readable> {
    const child = this.spawn(['cat', this.at(checkPath(path))], 'ignore');
    const out = new PassThrough();
    // The output ends only once rclone has exited well: a failure midway is an error, not an EOF.
    child.stdout!.pipe(out, { end: false });
    const exited = exitOf(child).then((exit) => {
      if (exit.code === 0) out.end();
      else out.destroy(this.error(exit, path));
      return exit;
    });
    out.on('close', () => child.exitCode === null && child.kill());
    // Until the caller has the stream, a failure is thrown, not emitted (it stays in out.errored).
    const untilHandedOut = () => undefined;
    out.on('error', untilHandedOut);
    const started = new Promise<void>((resolveStart) => child.stdout!.once('data', () => resolveStart()));
    const first = await Promise.race([started.then(() => undefined), exited]);
    if (first !== undefined && first.code !== 0) throw this.error(first, path);
    out.off('error', untilHandedOut);
    return out;
  }

  async remove(path: string): Promise<void> {
    const result = await this.run(['deletefile', this.at(checkPath(path))]);
    if (result.code === 0) return;
    const error = this.error({ ...result, signal: null }, path);
    if (error.reason !== 'missing') throw error;
  }

  private at(path: string): string {
    if (path === '') return this.base;
    return this.base.endsWith(':') ? `${this.base}${path}` : `${this.base}/${path}`;
  }

  private spawn(args: string[], stdin: 'pipe' | 'ignore'): ChildProcess {
    return spawn('rclone', ['--quiet', ...(this.options.flags ?? []), ...args], {
      env: { ...process.env, ...this.options.env },
      stdio: [stdin, 'pipe', 'pipe'],
    });
  }

  private async run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = this.spawn(args, 'ignore');
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const { code, stderr } = await exitOf(child);
    return { code, stdout, stderr };
  }

  private error(exit: RcloneExit, path: string): BackupDestinationError {
    const lines = exit.stderr.split('\n').filter((line) => line.trim() !== '');
    const detail = (lines.at(-1) ?? `rclone exited with ${exit.code ?? exit.signal}`)
      .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '')
      .slice(0, 500);
    return failure(rcloneFailureReason(exit.code, exit.stderr), this.description, path, detail);
  }
}

/** Why rclone failed, from its exit code (3: directory, 4: file not found) and its messages. */
export function rcloneFailureReason(code: number | null, stderr: string): DestinationFailure {
  if (FULL.test(stderr)) return 'full';
  if (UNREACHABLE.test(stderr)) return 'unreachable';
  if (code === 3 || code === 4 || MISSING.test(stderr)) return 'missing';
  return 'other';
}

/** Resolves once the process has exited and its output is read; a missing binary is an exit too. */
function exitOf(child: ChildProcess): Promise<RcloneExit> {
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  return new Promise((resolveExit) => {
    child.once('error', (error) =>
      resolveExit({
        code: -1,
        signal: null,
        stderr: `rclone is not installed or cannot start: ${error.message}`,
      }),
    );
    child.once('close', (code, signal) => resolveExit({ code, signal, stderr }));
  });
}
