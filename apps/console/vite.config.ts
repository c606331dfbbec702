/// <reference types="vitest/config" />
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const apiProxy = { '/api': 'http://localhost:3000' };

/** Files worth compressing (source maps left out: only developer tools fetch them). */
const COMPRESSIBLE_FILE = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;

/**
 * Writes `<file>.br` and `<file>.gz` next to every compressible file of 1 KB or more once the build
 * is written (after the other plugins' `closeBundle`, so the service worker too), at the highest
 * levels since this is done once: the API sends them as they are (`@fastify/static`
 * `preCompressed`), no compression per request. A sibling is kept only when it is smaller.
 */
function precompress(): Plugin {
  let outDir = '';
  const br = promisify(brotliCompress);
  const gz = promisify(gzip);
  const filesUnder = async (directory: string): Promise<string[]> =>
    (await readdir(directory, { recursive: true }))
      .map((name) => join(directory, name))
      .filter((path) => COMPRESSIBLE_FILE.test(path));
  return {
    name: 'vigie:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        for (const file of await filesUnder(outDir)) {
          if ((await stat(file)).size < 1024) continue;
          const content = await readFile(file);
          const [brotli, gzipped] = await Promise.all([
            br(content, {
              params: { [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY },
            }),
            gz(content, { level: zlibConstants.Z_BEST_COMPRESSION }),
          ]);
          if (brotli.length < content.length) await writeFile(`${file}.br`, brotli);
          if (gzipped.length < content.length) await writeFile(`${file}.gz`, gzipped);
        }
      },
    },
  };
}

/**
 * The installable app (issue 13; docs/decisions.md, "Offline field capture"): a web app manifest
 * and a Workbox service worker that precaches the app shell (HTML, JS, CSS, icons) and answers
 * every navigation with index.html, online or not. It caches no `/api` answer: what the app keeps
 * offline is in IndexedDB, under its control (`src/offline/`). `prompt`: a new version waits until
 * the user accepts it (src/offline/pwa.ts), so a half-filled form is not reloaded away.
 */
function installableApp(): Plugin[] {
  return VitePWA({
    strategies: 'generateSW',
    registerType: 'prompt',
    // Registered by src/offline/pwa.ts (no inline script: the CSP allows none).
    injectRegister: false,
    includeAssets: ['icons/apple-touch-icon.png'],
    manifest: {
      id: '/',
      name: 'Vigie',
      short_name: 'Vigie',
      description: 'Observation des expulsions et des violences à la frontière franco-britannique',
      lang: 'fr',
      dir: 'ltr',
      // The installed app is the field tool: it opens on the light « Terrain » page (terrain.html,
      // precached like the console, without react-admin); the console is a link from there.
      start_url: '/terrain.html',
      scope: '/',
      display: 'standalone',
      orientation: 'portrait',
      theme_color: '#1b3a4b',
      background_color: '#ffffff',
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      // Every built file of the app, so that any screen's code is there offline; never the
      // precompressed siblings (.br/.gz) nor the source maps.
      globPatterns: ['**/*.{js,css,html,png,svg,ico,webmanifest,woff2}'],
      maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      navigateFallback: 'index.html',
      // The API's own pages and downloads (OpenAPI UI, PDFs, exports) are not the app.
      navigateFallbackDenylist: [/^\/api(?:\/|$)/],
      runtimeCaching: [],
      cleanupOutdatedCaches: true,
      clientsClaim: false,
      skipWaiting: false,
      sourcemap: false,
    },
  });
}

const FIELD_ENTRY = fromHere('src/field/main.tsx');
const fieldAppCache = new WeakMap<object, Set<string>>();

/**
 * The modules the light field app imports statically (from `src/field/main.tsx`), computed once per
 * chunking pass: its libraries form their own chunk, so that `terrain.html` never loads react-admin.
 */
function fieldAppModules(context: {
  getModuleInfo(
    id: string,
  ): { importedIds: readonly string[]; dynamicallyImportedIds: readonly string[] } | null;
}) {
  let found = fieldAppCache.get(context);
  if (found) return found;
  found = new Set<string>();
  const queue = [FIELD_ENTRY];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (found.has(id)) continue;
    found.add(id);
    const info = context.getModuleInfo(id);
    queue.push(...(info?.importedIds ?? []));
    // A library's own lazy parts too (workbox-window, loaded by the service worker's registration);
    // not our lazy screens (the map picker asks react-admin's data provider).
    queue.push(...(info?.dynamicallyImportedIds ?? []).filter((lazy) => /node_modules[\\/]/.test(lazy)));
  }
  fieldAppCache.set(context, found);
  return found;
}

// The console is served by the API under the same origin, so every request goes to /api.
export default defineConfig({
  root: fromHere('.'),
  base: '/',
  // Keep Vite's and Vitest's caches in the repository's node_modules, not under apps/console.
  cacheDir: fromHere('../../node_modules/.vite/console'),
  plugins: [react(), installableApp(), precompress()],
  resolve: {
    alias: [{ find: /^@vigie\/domain$/, replacement: fromHere('../../libs/domain/src/index.ts') }],
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  build: {
    outDir: fromHere('../../dist/console'),
    emptyOutDir: true,
    sourcemap: true,
    // The base every page needs (React, react-admin, MUI: ~1 MB before compression) is one chunk.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // Two pages: the console, and the light field app (src/field/, no react-admin).
      input: { index: fromHere('index.html'), terrain: fromHere('terrain.html') },
      output: {
        // Screens are split by route (React.lazy in App.tsx and the folders' index.ts). Libraries go
        // to two chunks named after what they hold, so that a new version of our code leaves them
        // cached: Leaflet, fetched by the map screens only, and the rest (the base).
        codeSplitting: {
          groups: [
            // The base first: a group also takes its modules' dependencies (React for react-leaflet).
            {
              // What the light field app (terrain.html) loads goes to `field-vendor`, which the
              // console loads too; the rest (react-admin and its kin) stays in `vendor`.
              name: (id, context) => (fieldAppModules(context).has(id) ? 'field-vendor' : 'vendor'),
              debugName: 'vendor',
              test: /node_modules[\\/](?!leaflet[\\/]|react-leaflet[\\/]|@react-leaflet[\\/]|@geoman-io[\\/])/,
              priority: 2,
            },
            {
              name: 'leaflet',
              test: /node_modules[\\/](?:leaflet|react-leaflet|@react-leaflet)[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.spec.ts'],
  },
});
