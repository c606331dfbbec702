import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

/** A source of `count` items that logs when it starts and finishes producing each, and when it closes. */
function loggedSource(count: number, log: string[], failAt?: number) {
  return (async function* () {
    try {
      for (let item = 1; item <= count; item += 1) {
        log.push(`start ${item}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (item === failAt) throw new Error(`item ${item} failed`);
        log.push(`made ${item}`);
        yield item;
      }
    } finally {
      log.push('source closed');
    }
  })();
}

describe('readAhead', () => {
  it('produces the next item while the consumer works on the current one', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const item of readAhead(loggedSource(3, log))) {
      log.push(`use ${item}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      log.push(`used ${item}`);
      seen.push(item);
    }
    expect(seen).toEqual([1, 2, 3]);
    // Item 2 is made while item 1 is in use, item 3 while item 2 is.
    expect(log.indexOf('made 2')).toBeLessThan(log.indexOf('used 1'));
    expect(log.indexOf('start 2')).toBeLessThan(log.indexOf('use 1'));
    expect(log.indexOf('made 3')).toBeLessThan(log.indexOf('used 2'));
    expect(log.filter((line) => line === 'source closed')).toHaveLength(1);
  });

  it('waits for the step under way and closes the source when the consumer stops early', async () => {
    const log: string[] = [];
    for await (const item of readAhead(loggedSource(5, log))) {
      if (item === 2) break;
    }
    // Item 3 was under way when the consumer stopped: it is finished before the loop ends, then the
    // source closes; nothing more is produced.
    expect(log.slice(-2)).toEqual(['made 3', 'source closed']);
    expect(log).not.toContain('start 4');
  });

  it('lets the consumer’s error through, after the step under way has failed or finished', async () => {
    const log: string[] = [];
    const failure = new Error('consumer failed');
    await expect(
      (async () => {
        for await (const item of readAhead(loggedSource(5, log, 2))) {
          if (item === 1) {
            // Item 2 fails meanwhile: its failure is not the one reported, and not unhandled.
            await new Promise((resolve) => setTimeout(resolve, 20));
            throw failure;
          }
        }
      })(),
    ).rejects.toBe(failure);
    expect(log).toEqual(['start 1', 'made 1', 'start 2', 'source closed']);
  });

  it('passes on the source’s failure', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(loggedSource(5, log, 3))) seen.push(item);
      })(),
    ).rejects.toThrow('item 3 failed');
    expect(seen).toEqual([1, 2]);
  });
});
