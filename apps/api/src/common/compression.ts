import type { FastifyCompressOptions } from '@fastify/compress';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { constants, createZstdCompress, type ZlibOptions, type ZstdOptions } from 'node:zlib';

/**
 * Response compression (`@fastify/compress`, zstd, brotli or gzip as the client's
 * `Accept-Encoding` asks). See docs/decisions.md "Compressed responses" for why each exclusion
 * exists, and "Compression levels for a 2-core server" for the levels.
 */

/** Bodies smaller than this go as they are: compressing a few hundred bytes gains nothing. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Content types worth compressing: JSON (and `+json`: GeoJSON, the web app manifest), text (HTML,
 * CSS, CSV, calendars; not `text/event-stream`, which must reach the client event by event),
 * JavaScript, XML and SVG. Everything else is either compressed already (images, PDF, zip, XLSX,
 * audio, video) or opaque bytes (`application/octet-stream`), which the library's default list
 * would have compressed.
 */
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:javascript|json|xml)\b|[^;]+\+(?:json|xml)\b)/i;

export function compressible(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType);
}

/**
 * Routes never compressed, whatever they send:
 * - `/api/auth/…`: sign-in answers, second-factor secrets, access tokens and the calendar feed's
 *   secret address (the only bodies that carry secrets; BREACH-style length oracles need one);
 * - `/api/exports/…`: streamed as the rows are read; compressing would cost the CPU of a 2-core
 *   server during a million-row export, make the console's progress (uncompressed size estimates)
 *   wrong, and the zip and XLSX files are compressed already;
 * - stored files (attachments' original, publication copy and thumbnail, a publication's PDF):
 *   their `Repr-Digest` is the digest of the stored bytes, and a content coding would change the
 *   representation it describes (RFC 9530); they are mostly JPEG and PDF anyway.
 */
const UNCOMPRESSED_ROUTES = [
  /^\/api\/auth(?:\/|$)/,
  /^\/api\/exports(?:\/|$)/,
  /^\/api\/attachments\/[^/]+\/(?:content|publication|thumbnail)$/,
  /^\/api\/reports\/[^/]+\/pdf$/,
];

export function compressedRoute(url: string): boolean {
  return !UNCOMPRESSED_ROUTES.some((pattern) => pattern.test(url));
}

/**
 * The levels of a server whose two cores also run PostgreSQL: a 4 MB map answer costs ~5 ms in
 * zstd 1, ~30 ms in brotli 4 and ~12 ms in gzip 1 (~32 ms at zlib's default 6); gzip 1 sends
 * 10–16 % more bytes than gzip 6, and zstd 1 was the smallest of all on map answers.
 * One options object serves gzip and zstd (the library passes `zlibOptions` to both): each reads
 * its own keys, `level` for gzip and `params` for zstd.
 */
const GZIP_AND_ZSTD_OPTIONS: ZlibOptions & ZstdOptions = {
  level: 1,
  params: { [constants.ZSTD_c_compressionLevel]: 1 },
};

/**
 * Bodies up to this size that are in memory already (every JSON and GeoJSON answer, a 10,000-point
 * map being ~4 MB) are compressed in one call, not through a zlib stream. The library's default for
 * two cores, 8 KiB, sends everything larger through a stream, whose chunks and buffers set off a
 * full garbage collection of the API's heap every two or three map answers: zstd added ~50 ms to a
 * 4 MB map through the stream, ~5 ms in one call, less time on the event loop than the collections
 * it saved. Bigger bodies and streams (exports and stored files are not compressed) still go
 * through a stream. docs/decisions.md, "Answers already in memory compressed in one call".
 */
export const COMPRESSION_SYNC_LIMIT_BYTES = 8 * 1024 * 1024;

/** zstd first where this Node has it (24 does): today's browsers ask for it. */
const ENCODINGS: NonNullable<FastifyCompressOptions['encodings']> =
  typeof createZstdCompress === 'function' ? ['zstd', 'br', 'gzip'] : ['br', 'gzip'];

export const COMPRESSION_OPTIONS: FastifyCompressOptions = {
  encodings: ENCODINGS,
  // The library's recommended brotli quality (11 would cost seconds on a map answer), said here.
  brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  zlibOptions: GZIP_AND_ZSTD_OPTIONS,
  threshold: COMPRESSION_THRESHOLD_BYTES,
  syncThreshold: COMPRESSION_SYNC_LIMIT_BYTES,
  customTypes: compressible,
  // Requests are never decompressed: no client of ours sends compressed bodies, and a compressed
  // upload would get around the body-size limits' intent (a small zip bomb).
  globalDecompression: false,
};

/**
 * Marks the routes above `compress: false`. Must be registered before `@fastify/compress` (its own
 * `onRoute` hook reads the flag) and before any route: Nest adds its routes at `init()`.
 */
export function excludeFromCompression(instance: FastifyInstance): void {
  instance.addHook('onRoute', (route: RouteOptions & { compress?: unknown }) => {
    if (!compressedRoute(route.url)) route.compress = false;
  });
}
