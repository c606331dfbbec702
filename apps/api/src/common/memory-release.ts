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
 * import, up to 0.8 s the first times after a start), during which the event loop waits; then the
 * pool is emptied. Callers ask for it after bulk work only (`afterBulkStep` of the imports).
 *
 * V8 exposes `gc` only under `--expose-gc`, which the server runs with (`API_NODE_FLAGS` in
 * db/api-process.mts); elsewhere (the tests' in-process server) this does nothing. Steps that end
 * together are released once.
 */

interface GcOptions {
  type: 'major';
  execution: 'sync';
  flavor: 'last-resort';
}

let scheduled = false;

export function releaseMemorySoon(): void {
  const gc = (globalThis as { gc?: (options: GcOptions) => void }).gc;
  if (typeof gc !== 'function' || scheduled) return;
  scheduled = true;
  // After the current request's promise chain: its answer is serialised by then.
  setImmediate(() => {
    scheduled = false;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  });
}
