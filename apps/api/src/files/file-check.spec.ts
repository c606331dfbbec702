import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile, rateLimiter } from './file-check';

const directory = mkdtempSync(join(tmpdir(), 'vigie-file-check-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function stored(bytes: Buffer): { path: string; sha: string } {
  const path = join(directory, sha256(bytes));
  writeFileSync(path, bytes);
  return { path, sha: sha256(bytes) };
}

describe(inspectFile.name, () => {
  it('finds nothing to say about intact bytes', async () => {
    const bytes = Buffer.from('intact evidence');
    const { path, sha } = stored(bytes);
    expect(await inspectFile(path, sha, bytes.length)).toBeNull();
  });

  it('says a file is missing when nothing is at its path', async () => {
    const sha = sha256(Buffer.from('gone'));
    expect(await inspectFile(join(directory, sha), sha, 4)).toEqual({
      problem: 'missing',
      detail: 'no file at its path',
    });
  });

  it('says a file is altered when its size or its bytes differ', async () => {
    const bytes = Buffer.from('evidence of the same size');
    const { path, sha } = stored(bytes);
    expect(await inspectFile(path, sha, bytes.length + 1)).toEqual({
      problem: 'altered',
      detail: `${bytes.length} bytes instead of ${bytes.length + 1}`,
    });
    const flipped = Buffer.from(bytes);
    flipped[3] = flipped[3]! ^ 1;
    writeFileSync(path, flipped);
    expect(await inspectFile(path, sha, bytes.length)).toEqual({
      problem: 'altered',
      detail: `its bytes hash to ${sha256(flipped)}`,
    });
  });

  it('says a folder in place of a file is altered', async () => {
    const sha = sha256(Buffer.from('a folder'));
    mkdirSync(join(directory, sha));
    expect(await inspectFile(join(directory, sha), sha, 8)).toMatchObject({ problem: 'altered' });
  });
});

describe(rateLimiter.name, () => {
  it('holds the reading to the rate', async () => {
    const throttle = rateLimiter(4);
    const started = performance.now();
    for (let i = 0; i < 4; i += 1) await throttle(1 << 19);
    // 2 MB at 4 MB/s: half a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(480);
  });

  it('does not wait without a limit', async () => {
    const throttle = rateLimiter(0);
    const started = performance.now();
    await throttle(1 << 30);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
