import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditService } from '../apps/api/src/audit/audit.service';
import { loadConfig } from '../apps/api/src/config/app-config';
import { type FileCheckResult, runFileCheck } from '../apps/api/src/files/file-check';
import { FileStore } from '../apps/api/src/files/file-store';
import { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source';

/*
 * `node dist/db/files-verify.js` (`npm run files:verify`): re-hashes every stored file of
 * DATABASE_URL in VIGIE_DATA_DIR now, with the same code as the nightly job, records what it found
 * (audit trail, health endpoint) and lists every missing or altered file.
 */

export const EXIT_INTACT = 0;
export const EXIT_PROBLEMS = 1;
/** A distinct code when the check could not run, so a monitor never mistakes an outage for loss. */
export const EXIT_ERROR = 2;

const MB = 1 << 20;

/** The lines printed for a result: one per problem, with the records that use the file, then a summary. */
export function describeFileCheck(result: FileCheckResult, root: string): string[] {
  const lines = result.problems.map((problem) => {
    const users = Object.entries(problem.usedBy)
      .map(([table, ids]) => `${table} ${ids.join(', ')}`)
      .join('; ');
    return `${problem.problem.toUpperCase()} ${problem.sha256}: ${problem.detail}${users ? ` (used by ${users})` : ''}`;
  });
  for (const sha256 of result.recovered) lines.push(`INTACT AGAIN ${sha256}`);
  const checked = `${result.filesChecked} file(s), ${(result.bytesChecked / MB).toFixed(1)} MB in ${root}`;
  const count = (kind: string) => result.problems.filter((problem) => problem.problem === kind).length;
  lines.push(
    result.problems.length === 0
      ? `Stored files OK: ${checked}`
      : `Stored files NOT OK: ${count('missing')} missing, ${count('altered')} altered of ${checked}`,
  );
  return lines;
}

/** Tightens modes, checks every file, prints the result and returns the exit code. */
export async function runFilesVerify(env: NodeJS.ProcessEnv, print: (line: string) => void): Promise<number> {
  const config = loadConfig({ ...env, DATABASE_URL: env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
  const store = new FileStore(config);
  const fixed = await store.secureModes();
  if (fixed > 0) print(`Made ${fixed} stored file(s) or folder(s) private to the server user.`);
  // Failures are reported once, by the caller; TypeORM's own error log would say it twice.
  const dataSource = new DataSource({ ...dataSourceOptions(config.DATABASE_URL), logging: false });
  await dataSource.initialize();
  try {
    const result = await runFileCheck(dataSource, store, new AuditService(), {
      trigger: 'command',
      mbPerSecond: config.VIGIE_FILES_VERIFY_MB_PER_SECOND,
    });
    describeFileCheck(result, store.root).forEach(print);
    return result.problems.length === 0 ? EXIT_INTACT : EXIT_PROBLEMS;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runFilesVerify(process.env, (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`Stored files not verified: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
