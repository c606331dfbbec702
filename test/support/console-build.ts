import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = process.cwd();
const INDEX = join(ROOT, 'dist/console/index.html');
const SOURCES = [
  'apps/console/src',
  'apps/console/index.html',
  'apps/console/terrain.html',
  'apps/console/public',
  'apps/console/vite.config.ts',
  'libs/domain/src',
  // How it is built (the environment below).
  'test/support/console-build.ts',
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/** Builds the console the way `npm start` does, unless the build is newer than every source. */
export function ensureConsoleBuilt(): string {
  const built = existsSync(INDEX) ? statSync(INDEX).mtimeMs : 0;
  if (built < Math.max(...SOURCES.map((source) => newest(join(ROOT, source))))) {
    execFileSync(
      join(ROOT, 'node_modules/.bin/vite'),
      ['build', '--config', 'apps/console/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
        // The production build users get: vitest sets NODE_ENV=test, which would make Vite ship
        // React's development code (a third larger, and slower in every browser test).
        env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
  }
  return join(ROOT, 'dist/console');
}
