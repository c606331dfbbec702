/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromHere = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const apiProxy = { '/api': 'http://localhost:3000' };

// The console is served by the API under the same origin, so every request goes to /api.
export default defineConfig({
  root: fromHere('.'),
  base: '/',
  // Keep Vite's and Vitest's caches in the repository's node_modules, not under apps/console.
  cacheDir: fromHere('../../node_modules/.vite/console'),
  plugins: [react()],
  resolve: {
    alias: [{ find: /^@vigie\/domain$/, replacement: fromHere('../../libs/domain/src/index.ts') }],
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  build: {
    outDir: fromHere('../../dist/console'),
    emptyOutDir: true,
    sourcemap: true,
    // react-admin, MUI and Leaflet make one large vendor chunk; it is cached after the first visit.
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.spec.ts'],
  },
});
