import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** One year: what browsers treat as "forever" for a file whose name changes with its content. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Stored, but checked with the server (ETag / Last-Modified, usually a 304) before each use. */
const REVALIDATE = 'no-cache';

/**
 * The console's caching rule. Vite names every file under `assets/` after a hash of its content,
 * so a new build never changes a file there: cached for a year without asking. Everything else
 * keeps its name across builds (`index.html`, which names the current assets; the service worker
 * and its registration script; the web app manifest; icons): revalidated at every use, so a new
 * version is picked up at the next load.
 */
export function consoleCacheControl(root: string, file: string): string {
  const path = relative(root, file).split(sep);
  return path.length > 1 && path[0] === 'assets' ? IMMUTABLE : REVALIDATE;
}

/** `setHeaders` for `@fastify/static`: `file` is the path on disk (maybe its `.br` or `.gz` sibling). */
export function consoleCacheHeaders(root: string): (reply: FastifyReply, file: string) => void {
  return (reply, file) => {
    void reply.header('cache-control', consoleCacheControl(root, file));
  };
}

/**
 * Serves the built console at `/`; every non-API path falls back to its index.html (client
 * routing). Vite writes a `.br` and a `.gz` next to each file at build (apps/console/vite.config.ts):
 * sent as they are to clients that accept them, the plain file to the others. Used by `createApp`
 * and by the console-weight benchmark, so that both serve the same way.
 */
export async function serveConsole(instance: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) return;
  await instance.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ['index.html'],
    preCompressed: true,
    setHeaders: consoleCacheHeaders(root),
  });
  instance.get('/*', (request, reply) => {
    if (request.url.startsWith('/api')) {
      void reply
        .status(404)
        .send({ statusCode: 404, error: 'Not Found', message: `Cannot GET ${request.url.split('?')[0]}` });
      return;
    }
    void reply.sendFile('index.html');
  });
}
