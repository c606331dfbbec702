import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackupDestination,
  BackupDestinationError,
  LocalDestination,
  openDestination,
} from '../../apps/api/src/backups/destination';
import { RcloneDestination } from '../../apps/api/src/backups/rclone-destination';

/*
 * Issue 15: backup destinations, a local directory and an rclone remote (here WebDAV served locally
 * by `rclone serve webdav`), through the same behaviours; then a remote nobody answers.
 */

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends some bytes, then fails, as a dump whose process dies would. */
function failingSource(): Readable {
  return Readable.from(
    (async function* () {
      yield randomBytes(300_000);
      await delay(50);
      throw new Error('the source broke');
    })(),
    { objectMode: false },
  );
}

/** Every file under a directory on disk, temp files included. */
function filesOnDisk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const FAST_FAIL = ['--contimeout', '2s', '--timeout', '5s', '--retries', '1', '--low-level-retries', '1'];

const webdavEnv = (name: string, port: number) => ({
  [`RCLONE_CONFIG_${name}_TYPE`]: 'webdav',
  [`RCLONE_CONFIG_${name}_URL`]: `http://127.0.0.1:${port}`,
  [`RCLONE_CONFIG_${name}_VENDOR`]: 'other',
  [`RCLONE_CONFIG_${name}_USER`]: 'vigie',
  [`RCLONE_CONFIG_${name}_PASS`]: execFileSync('rclone', ['obscure', 'backup-secret'], {
    encoding: 'utf8',
  }).trim(),
});

const work = mkdtempSync(join(tmpdir(), 'vigie-backup-destinations-'));
let server: ChildProcess | undefined;
afterAll(() => {
  if (server?.pid !== undefined) process.kill(server.pid);
  rmSync(work, { recursive: true, force: true });
});

interface Setup {
  destination: BackupDestination;
  /** Where the destination's files land on this disk. */
  disk: string;
}

const setups: [string, () => Promise<Setup>][] = [
  [
    'a local directory',
    async () => {
      const disk = join(work, 'local');
      mkdirSync(disk);
      return { destination: openDestination(disk), disk };
    },
  ],
  [
    'a WebDAV remote through rclone',
    async () => {
      const served = join(work, 'served');
      mkdirSync(join(served, 'vigie'), { recursive: true });
      const port = await freePort();
      server = spawn(
        'rclone',
        [
          'serve',
          'webdav',
          served,
          '--addr',
          `127.0.0.1:${port}`,
          '--user',
          'vigie',
          '--pass',
          'backup-secret',
        ],
        { stdio: 'ignore' },
      );
      for (let tries = 0; ; tries += 1) {
        const answered = await fetch(`http://127.0.0.1:${port}/`).then(
          () => true,
          () => false,
        );
        if (answered) break;
        if (tries > 100) throw new Error('rclone serve webdav did not start');
        await delay(100);
      }
      const destination = openDestination('vigiedav:vigie', { env: webdavEnv('VIGIEDAV', port) });
      return { destination, disk: join(served, 'vigie') };
    },
  ],
];

describe.each(setups)('a backup destination on %s', (_name, setup) => {
  let destination: BackupDestination;
  let disk: string;
  beforeAll(async () => {
    ({ destination, disk } = await setup());
  });

  it('writes, reads, lists and tells what exists', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    await destination.write('files/aa.age', Readable.from([big]));
    await destination.write('backups/20250312T013000Z-a1b2c3/manifest.sig', Readable.from(['{"x":1}']));
    await destination.write('backups/20250313T013000Z-d4e5f6/database.dump.age', Readable.from([]));
    expect((await collect(await destination.read('files/aa.age'))).equals(big)).toBe(true);
    expect(
      (await collect(await destination.read('backups/20250313T013000Z-d4e5f6/database.dump.age'))).length,
    ).toBe(0);
    expect(await destination.list('backups/')).toEqual([
      'backups/20250312T013000Z-a1b2c3/manifest.sig',
      'backups/20250313T013000Z-d4e5f6/database.dump.age',
    ]);
    expect(await destination.list('backups/20250312')).toEqual([
      'backups/20250312T013000Z-a1b2c3/manifest.sig',
    ]);
    expect(await destination.list('files/')).toEqual(['files/aa.age']);
    expect(await destination.list('nothing-here/')).toEqual([]);
    expect(await destination.exists('files/aa.age')).toBe(true);
    expect(await destination.exists('files/bb.age')).toBe(false);
    expect(await destination.exists('backups/20250312T013000Z-a1b2c3')).toBe(false);
  });

  it('replaces a file written again', async () => {
    await destination.write('files/replaced', Readable.from([Buffer.from('first version')]));
    await destination.write('files/replaced', Readable.from([Buffer.from('second')]));
    expect((await collect(await destination.read('files/replaced'))).toString()).toBe('second');
  });

  it('removes a file, and removing it again is not an error', async () => {
    await destination.write('files/gone', Readable.from([Buffer.from('x')]));
    await destination.remove('files/gone');
    expect(await destination.exists('files/gone')).toBe(false);
    await destination.remove('files/gone');
    expect(await destination.list('files/gone')).toEqual([]);
  });

  it('says a missing file is missing', async () => {
    const error = await destination.read('files/never-written').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupDestinationError);
    expect((error as BackupDestinationError).reason).toBe('missing');
    expect((error as Error).message).toMatch(/files\/never-written is missing/);
  });

  it('leaves nothing under the final name when the source fails midway', async () => {
    const before = filesOnDisk(disk);
    await expect(
      destination.write('backups/20250314T013000Z-aaaaaa/database.dump.age', failingSource()),
    ).rejects.toThrow('the source broke');
    expect(await destination.exists('backups/20250314T013000Z-aaaaaa/database.dump.age')).toBe(false);
    expect(await destination.list('backups/20250314')).toEqual([]);
    // Not even a temp file is left behind.
    expect(filesOnDisk(disk)).toEqual(before);
  });

  it('refuses paths that climb out of it', async () => {
    await expect(destination.write('../escape', Readable.from(['x']))).rejects.toThrow(/Invalid path/);
    await expect(destination.read('files/../../x')).rejects.toThrow(/Invalid path/);
  });
});

describe(LocalDestination.name, () => {
  it('keeps files 0600 and directories 0700', async () => {
    const root = join(work, 'modes');
    mkdirSync(root);
    await openDestination(root).write('backups/x/manifest.sig', Readable.from(['{}']));
    expect(statSync(join(root, 'backups/x/manifest.sig')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'backups/x')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'backups')).mode & 0o777).toBe(0o700);
  });

  it('says a directory that does not exist is unreachable (an unmounted disk)', async () => {
    const destination = openDestination(join(work, 'not-mounted'));
    await expect(destination.write('files/a', Readable.from(['x']))).rejects.toMatchObject({
      reason: 'unreachable',
    });
    await expect(destination.list('backups/')).rejects.toMatchObject({ reason: 'unreachable' });
  });

  it('is what a path opens; a remote name opens rclone', () => {
    expect(openDestination('/srv/backups')).toBeInstanceOf(LocalDestination);
    expect(openDestination('./backups')).toBeInstanceOf(LocalDestination);
    expect(openDestination('nextcloud:vigie/backups')).toBeInstanceOf(RcloneDestination);
    expect(openDestination('nextcloud:vigie').description).toBe('rclone nextcloud:vigie');
    expect(openDestination(':webdav,pass=secret:vigie').description).toBe('rclone :webdav:vigie');
  });
});

describe('an rclone remote nobody answers', () => {
  it('fails quickly with reason "unreachable"', async () => {
    const destination = openDestination('gone:vigie', {
      env: webdavEnv('GONE', await freePort()),
      flags: FAST_FAIL,
    });
    const started = Date.now();
    for (const attempt of [
      () => destination.list('backups/'),
      () => destination.exists('files/a'),
      () => destination.read('files/a'),
      () => destination.write('files/a', Readable.from([randomBytes(1000)])),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupDestinationError);
      expect((error as BackupDestinationError).reason).toBe('unreachable');
      expect((error as Error).message).toMatch(/rclone gone:vigie cannot be reached.*connection refused/);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
