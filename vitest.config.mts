import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Exact matches, most specific first: a plain '@vigie/domain' key would also catch '@vigie/domain/legal'
// and resolve it to 'index.ts/legal'.
const alias = [
  {
    find: /^@vigie\/domain\/legal$/,
    replacement: fileURLToPath(new URL('./libs/domain/src/legal/index.ts', import.meta.url)),
  },
  {
    find: /^@vigie\/domain$/,
    replacement: fileURLToPath(new URL('./libs/domain/src/index.ts', import.meta.url)),
  },
  {
    find: /^@vigie\/reporting$/,
    replacement: fileURLToPath(new URL('./libs/reporting/src/index.ts', import.meta.url)),
  },
];
// NestJS and TypeORM read decorator metadata, which Vite's own transform does not emit.
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  plugins,
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'db/**/*.spec.ts'],
          environment: 'node',
          // One module graph for all files (imports were 80% of the tier's time): no spec mocks
          // modules or leaves global state behind.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          // Files share one module graph (importing the API for each file was most of the tier's
          // time); each file starts its own app and data, on the tier's database.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e-spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
          // Files share one module graph (importing the API for each file was most of the tier's
          // time); each file starts its own app and data, on the tier's database.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.spec.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          // Fails a test on any Content-Security-Policy violation its pages reported.
          setupFiles: ['test/support/browser-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
