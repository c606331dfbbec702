import type { DataSource } from 'typeorm';
import { ChainVerifier, type ChainVerdict, type StoredAuditEvent } from './audit-chain';

/** A row of `audit_events` as node-postgres hands it back (bigint as text, jsonb parsed). */
export interface AuditEventRow {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  diff: unknown;
  context: unknown;
  prev_hash: string;
  hash: string;
}

/** The columns `storedAuditEvent` reads; `e` is the audit_events alias. */
export const AUDIT_EVENT_COLUMNS =
  'e.id, e.at, e.actor_id, e.action, e.entity, e.entity_id, e.diff, e.context, e.prev_hash, e.hash';

/**
 * The event as it was hashed. `at` was written as a millisecond ISO string and timestamptz keeps
 * microseconds, so the Date pg returns gives the very same string back; jsonb reorders keys and
 * drops whitespace, which canonical JSON ignores anyway.
 */
export function storedAuditEvent(row: AuditEventRow): StoredAuditEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    diff: row.diff,
    context: row.context,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Rows read per round trip: memory stays flat however long the chain is. */
export const VERIFY_BATCH_SIZE = 5000;

/**
 * Verifies the whole chain in id order (the order the advisory lock in `AuditService.record` gives
 * appends). Keyset pagination keeps each batch an index range scan, and one REPEATABLE READ snapshot
 * makes the verdict describe a single instant even while events keep being appended. Shared by
 * `GET /api/audit-events/verify` and the operators' `audit:verify` command.
 */
export async function verifyAuditChain(
  dataSource: DataSource,
  batchSize = VERIFY_BATCH_SIZE,
  /** Called for each event found intact, with its position (1-based) and hash: anchors check these. */
  onIntact?: (count: number, hash: string) => void,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    let last = '0';
    let verified = 0;
    for (;;) {
      const rows = (await runner.query(
        `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e WHERE e.id > $1 ORDER BY e.id LIMIT $2`,
        [last, batchSize],
      )) as AuditEventRow[];
      let intact = true;
      for (const row of rows) {
        intact = verifier.push(storedAuditEvent(row));
        if (!intact) break;
        verified += 1;
        onIntact?.(verified, row.hash);
      }
      if (!intact || rows.length < batchSize) break;
      last = (rows[rows.length - 1] as AuditEventRow).id;
    }
    await runner.commitTransaction();
    return verifier.verdict();
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
