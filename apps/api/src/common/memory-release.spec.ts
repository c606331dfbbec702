import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { API_NODE_FLAGS } from '../../../../db/api-process.mts';

const run = promisify(execFile);
const MODULE = join(__dirname, 'memory-release.ts');

/**
 * A process with the server's flags churns through ~100 MB of short-lived objects (as an import's
 * batches do), then asks for the memory back. V8 keeps the freed pages resident until a
 * memory-reducing collection; the process's RSS must fall once `releaseMemorySoon` has run.
 */
const CHURN = `
import { releaseMemorySoon } from ${JSON.stringify(MODULE)};
const rss = () => process.memoryUsage().rss / 2 ** 20;
let kept = [];
for (let round = 0; round < 120; round += 1) {
  const batch = [];
  for (let i = 0; i < 20000; i += 1) batch.push({ text: JSON.stringify({ round, i, pad: 'x'.repeat(40) }) });
  kept.push(batch);
  if (kept.length > 30) kept.shift();
}
kept = [];
const before = rss();
releaseMemorySoon();
releaseMemorySoon();
await new Promise((resolve) => setImmediate(resolve));
const after = rss();
console.log(JSON.stringify({ before, after }));
`;

async function churn(flags: readonly string[]): Promise<{ before: number; after: number }> {
  const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '-e', CHURN], {
    timeout: 60_000,
  });
  return JSON.parse(stdout) as { before: number; after: number };
}

describe('releaseMemorySoon', () => {
  it('gives the pages of a bulk job back to the system under the server’s flags', async () => {
    const { before, after } = await churn(API_NODE_FLAGS);
    expect(before).toBeGreaterThan(150);
    expect(after).toBeLessThan(before - 60);
  }, 60_000);

  it('does nothing where V8 does not expose its collector', async () => {
    const flags = API_NODE_FLAGS.filter((flag) => flag !== '--expose-gc');
    const { before, after } = await churn(flags);
    expect(after).toBeGreaterThan(before - 20);
  }, 60_000);
});
