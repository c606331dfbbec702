import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config';
import { FileStore } from './file-store';

const directories: string[] = [];
afterAll(() => directories.forEach((directory) => rmSync(directory, { recursive: true, force: true })));

function newStore(): FileStore {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-store-'));
  directories.push(directory);
  return new FileStore({ VIGIE_DATA_DIR: directory } as AppConfig);
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe(FileStore.name, () => {
  it('hashes while receiving and stores the bytes under ab/cd/<sha256>', async () => {
    const store = newStore();
    const bytes = Buffer.from('evidence bytes '.repeat(1000));
    const received = await store.receive(
      Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
      1 << 20,
    );
    expect(received).toMatchObject({ sha256: sha256(bytes), sizeBytes: bytes.length, tooLarge: false });
    await store.commit(received);
    expect(store.pathOf(received.sha256)).toBe(
      join(store.root, received.sha256.slice(0, 2), received.sha256.slice(2, 4), received.sha256),
    );
    expect(readFileSync(store.pathOf(received.sha256)).equals(bytes)).toBe(true);
    expect(readdirSync(store.tempDirectory)).toEqual([]);
  });

  it('never replaces stored bytes: a second copy is dropped', async () => {
    const store = newStore();
    const bytes = Buffer.from('same bytes twice');
    const first = await store.receive(Readable.from([bytes]), 1024);
    await store.commit(first);
    const inode = statSync(store.pathOf(first.sha256)).ino;
    const second = await store.receive(Readable.from([bytes]), 1024);
    await store.commit(second);
    expect(statSync(store.pathOf(first.sha256)).ino).toBe(inode);
    expect(readdirSync(store.tempDirectory)).toEqual([]);
    expect(await store.storeBytes(bytes)).toBe(first.sha256);
  });

  it('stops past the limit and keeps nothing', async () => {
    const store = newStore();
    const received = await store.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000);
    expect(received.tooLarge).toBe(true);
    expect(readdirSync(store.tempDirectory)).toEqual([]);
  });

  it('removes the temporary file when the source fails midway', async () => {
    const store = newStore();
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.receive(failing, 1000)).rejects.toThrow('client went away');
    expect(readdirSync(store.tempDirectory)).toEqual([]);
  });

  it('removes temporary files left by a crash, but not uploads in flight', async () => {
    const store = newStore();
    mkdirSync(store.tempDirectory, { recursive: true });
    const stale = join(store.tempDirectory, 'stale.part');
    const fresh = join(store.tempDirectory, 'fresh.part');
    writeFileSync(stale, 'half an upload');
    writeFileSync(fresh, 'an upload in flight');
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    await store.onModuleInit();
    expect(readdirSync(store.tempDirectory)).toEqual(['fresh.part']);
  });

  it('refuses to serve bytes that are missing or of the wrong size', async () => {
    const store = newStore();
    const sha = await store.storeBytes(Buffer.from('twelve bytes'));
    await expect(store.open(sha, 13)).rejects.toThrow('missing or of the wrong size');
    (await store.open(sha, 12)).destroy();
  });
});
