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
 */
export const API_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
