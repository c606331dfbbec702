/**
 * `node --import ./db/source-hooks.mts db/backup-cli.ts …`: runs a command of the compiled API
 * straight from its TypeScript sources, as the tests run the API (vitest compiles with swc too).
 * Used where the API started from its sources hands work to a child process of its own (the
 * backups, apps/api/src/backups/backup-process.ts); `npm start` and production run `dist/` instead.
 *
 * Synchronous module hooks (Node ≥ 22.15): `.ts` files are compiled by swc to CommonJS with the
 * decorators and their metadata as `nest build` emits them; the `paths` of tsconfig.json and
 * extensionless relative imports are resolved as TypeScript resolves them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Swc {
  transformSync(source: string, options: object): { code: string };
}

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const swc = createRequire(join(ROOT, 'package.json'))('@swc/core') as Swc;

/** tsconfig.json's `paths`. */
const ALIASES: Readonly<Record<string, string>> = {
  '@vigie/domain': 'libs/domain/src/index.ts',
  '@vigie/domain/legal': 'libs/domain/src/legal/index.ts',
  '@vigie/reporting': 'libs/reporting/src/index.ts',
};

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The TypeScript file a relative import names, if any: `./x` → `./x.ts` or `./x/index.ts`. */
function typeScriptFile(path: string): string | null {
  const candidates = [path, `${path}.ts`, join(path, 'index.ts')];
  if (path.endsWith('.js')) candidates.push(`${path.slice(0, -3)}.ts`);
  return candidates.find((candidate) => candidate.endsWith('.ts') && isFile(candidate)) ?? null;
}

registerHooks({
  resolve(specifier, context, nextResolve) {
    const alias = ALIASES[specifier];
    if (alias !== undefined) {
      return { url: pathToFileURL(join(ROOT, alias)).href, format: 'commonjs', shortCircuit: true };
    }
    if (specifier.startsWith('.') && context.parentURL?.endsWith('.ts')) {
      const file = typeScriptFile(fileURLToPath(new URL(specifier, context.parentURL)));
      if (file !== null) return { url: pathToFileURL(file).href, format: 'commonjs', shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
    const filename = fileURLToPath(url);
    const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
      filename,
      sourceMaps: 'inline',
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    });
    return { format: 'commonjs', source: code, shortCircuit: true };
  },
});
