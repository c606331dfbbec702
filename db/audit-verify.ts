import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { type AnchorPaths, anchorPaths, verifyChainAndAnchors } from '../apps/api/src/audit/audit-anchors';
import type { ChainVerdict } from '../apps/api/src/audit/audit-chain';
import { verifyAuditChain } from '../apps/api/src/audit/audit-verification';
import { dataSourceOptions, DEFAULT_DATABASE_URL } from './data-source';
import { describeDatabaseError } from './safe-query-logger';

/*
 * `node dist/db/audit-verify.js` (`npm run audit:verify`): verifies the audit hash chain of
 * DATABASE_URL for operators, with the same code as `GET /api/audit-events/verify`, and the chain
 * against every signed anchor of the anchor file (VIGIE_AUDIT_ANCHOR_FILE, checked with the public
 * keys of VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS: the private key is not needed).
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

/**
 * Verifies the chain on `url` (and, given `anchors`, against every anchor of the file), prints the
 * verdict and returns the exit code: any broken chain or failed anchor is EXIT_BROKEN.
 */
export async function runAuditVerify(
  url: string,
  print: (line: string) => void,
  anchors?: AnchorPaths,
  warn: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  // Failures are reported once, by the caller; TypeORM's own error log would say it twice.
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  try {
    if (anchors === undefined) {
      const verdict = await verifyAuditChain(dataSource);
      print(describeVerdict(verdict));
      return verdict.ok ? EXIT_INTACT : EXIT_BROKEN;
    }
    const result = await verifyChainAndAnchors(dataSource, anchors);
    print(describeVerdict(result.chain));
    if (!result.anchorFile) {
      warn(`No audit anchors at ${anchors.file}: the chain was checked against itself only.`);
    } else if (result.problems.length === 0) {
      print(`Audit anchors OK: ${result.anchors} anchor(s) in ${anchors.file} match the chain`);
    } else {
      for (const problem of result.problems) {
        print(`Audit anchor FAILED: line ${problem.line} of ${anchors.file} ${problem.message}`);
      }
    }
    return result.chain.ok && result.problems.length === 0 ? EXIT_INTACT : EXIT_BROKEN;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runAuditVerify(
    process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    (line) => console.log(line),
    anchorPaths(process.env),
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`Audit chain not verified: ${describeDatabaseError(error)}`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
