/**
 * Gives back to the system the memory a bulk job (an import's upload, dry run, commit or undo) leaves
 * behind, once its answer is on its way.
 *
 * V8 keeps the heap pages a collection frees in a pool, resident, to reuse them; only a
 * memory-reducing collection returns them, and V8 starts one on its own after several seconds of
 * idleness. A server going from one bulk step straight to the next therefore kept the highest heap
 * of every step so far: the imports benchmark's second dry run started ~90 MB above the idle server
 * (bench/results/imports.md). The "last resort" collection of V8's `gc` function is that
 * memory-reducing collection: a few full collections (0.2–0.3 s with the server's heap after an
 * import, up to 0.8 s the first times after a start), then the pool is emptied.
 *
 * The collection stops the event loop meanwhile, so there is at most one every
 * `MIN_INTERVAL_MS`: a step that ends sooner after the last one is released at the end of that
 * interval, together with any other ending meanwhile. A user sending cheap failing requests in a
 * loop cannot keep the server collecting.
 *
 * V8 exposes `gc` only under `--expose-gc`, which the server runs with (`API_NODE_FLAGS` in
 * db/api-process.mts); elsewhere (the tests' in-process server) this does nothing.
 */

interface GcOptions {
  type: 'major';
  execution: 'sync';
  flavor: 'last-resort';
}

type Collect = (options: GcOptions) => void;

export const MIN_INTERVAL_MS = 5000;

/** A releaser around one collector; `now` in milliseconds. */
export function memoryReleaser(
  collect: Collect | undefined,
  minIntervalMs = MIN_INTERVAL_MS,
  now: () => number = () => performance.now(),
): () => void {
  let scheduled = false;
  let last = Number.NEGATIVE_INFINITY;
  const release = () => {
    scheduled = false;
    collect?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    last = now();
  };
  return () => {
    if (collect === undefined || scheduled) return;
    scheduled = true;
    const wait = last + minIntervalMs - now();
    // After the current request's promise chain: its answer is usually serialised by then.
    if (wait <= 0) setImmediate(release);
    else setTimeout(release, wait).unref();
  };
}

let releaser: (() => void) | undefined;

export function releaseMemorySoon(): void {
  releaser ??= memoryReleaser((globalThis as { gc?: Collect }).gc);
  releaser();
}
