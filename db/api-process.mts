/**
 * Node flags the API process runs with, in production (`npm start`) and in every benchmark, so
 * that what is measured is what runs.
 *
 * `--max-semi-space-size=2` caps V8's young generation at 2 MB per semi-space. A large upload reads
 * its bytes from the socket in 64 kB buffers that are garbage as soon as they are on disk; with
 * Node's default young generation about 64 MB of them pile up before V8 collects them, so a single
 * 200 MB upload grew the server by ~66 MB. With the cap the scavenger frees them early (~21 MB
 * growth) and the upload is faster too; `bench/results/attachments.md` and
 * `bench/results/observations-api.md` were measured with it.
 *
 * `--expose-gc` gives the server V8's `gc` function, with which it hands back the memory of a bulk
 * step (an import's upload, dry run, commit, undo) as soon as the step is answered
 * (apps/api/src/common/memory-release.ts); V8 otherwise keeps the freed pages until the process has
 * been idle for several seconds. Measured in `bench/results/imports.md`.
 */
export const API_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=2',
  '--heap-growing-percent=20',
  '--expose-gc',
];

/**
 * Environment the API process runs with, beside the flags above.
 *
 * `--heap-growing-percent=20` (in the flags) and `MALLOC_ARENA_MAX=2` keep the server's memory
 * close to what it holds: after a full collection V8 lets the old generation grow by 20 % before the
 * next one (by default it may grow up to 4× while the program allocates fast, so a 50,000-row import
 * left ~500 MB of garbage), and glibc keeps two malloc arenas instead of eight per core (buffers
 * freed by libuv's threads and by the PostgreSQL driver otherwise stay mapped in arenas of their
 * own). Neither is a limit: a request that needs more memory gets it, unlike `--max-old-space-size`,
 * which would stop the server when a case dossier merges large exhibit PDFs. Measured in
 * `bench/results/imports.md` (peak 712 MB → under 300 MB).
 */
export const API_PROCESS_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
