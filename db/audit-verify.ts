import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { ChainVerdict } from '../apps/api/src/audit/audit-chain';
import { verifyAuditChain } from '../apps/api/src/audit/audit-verification';
import { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source';

/*
 * `node dist/db/audit-verify.js` (`npm run audit:verify`): verifies the audit hash chain of
 * DATABASE_URL for operators, with the same code as `GET /api/audit-events/verify`.
 */

/** A distinct code when the check could not run, so a monitor never mistakes an outage for tampering. */
export const EXIT_INTACT = 0;
export const EXIT_BROKEN = 1;
export const EXIT_ERROR = 2;

/** The line printed for a verdict. */
export function describeVerdict(verdict: ChainVerdict): string {
  if (verdict.ok) return `Audit chain OK: ${verdict.count} events, head ${verdict.headHash}`;
  // `count` includes the broken event; the operator wants how many were sound before it.
  return `Audit chain BROKEN at event ${verdict.brokenAtId} (${verdict.reason}) after ${verdict.count - 1} events`;
}

/** Verifies the chain on `url`, prints the verdict and returns the exit code. */
export async function runAuditVerify(url: string, print: (line: string) => void): Promise<number> {
  // Failures are reported once, by the caller; TypeORM's own error log would say it twice.
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  try {
    const verdict = await verifyAuditChain(dataSource);
    print(describeVerdict(verdict));
    return verdict.ok ? EXIT_INTACT : EXIT_BROKEN;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runAuditVerify(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, (line) => console.log(line)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`Audit chain not verified: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
