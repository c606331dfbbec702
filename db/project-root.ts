import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root, found from this file's location so that the same code works from the
 * sources (tests) and from `dist/` (compiled), whatever the working directory.
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nest-cli.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No nest-cli.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
