import { Injectable } from '@nestjs/common';
import { RESTRICTED_FIELDS } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH, hashedAuditEvent } from './audit-chain';

/** Actions that change one record (audited with the before/after of its fields). */
export type RecordChange =
  | 'create'
  | 'update'
  | 'delete'
  | 'restore'
  | 'submit'
  | 'validate'
  | 'return'
  | 'merge'
  | 'dismiss_duplicate';

/** Actions of DESIGN §3; more arrive with later resources. */
export type AuditAction =
  | RecordChange
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'password_reset'
  | 'totp_enabled'
  | 'totp_disabled'
  | 'settings'
  | 'export'
  | 'report'
  | 'download'
  /** Personal access tokens: made, revoked, used, and refused on a route they may not use. */
  | 'token_created'
  | 'token_revoked'
  | 'token_used'
  | 'token_refused'
  /** System events of the file check (no actor): a stored file found missing, altered, or intact again. */
  | 'file_missing'
  | 'file_altered'
  | 'file_recovered'
  /** Imports (DESIGN §5): a file committed or undone as a whole; its records have their own events. */
  | 'import'
  | 'import_undo'
  /** A KoboToolbox feed created or revoked. */
  | 'feed_created'
  | 'feed_revoked'
  /** Backups (issue 15): a backup, a restore drill or a restore finished, succeeded or failed. */
  | 'backup'
  | 'backup_drill'
  | 'restore';

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  entity: string;
  entityId: string | null;
  diff?: Record<string, { before: unknown; after: unknown }> | null;
  context?: Record<string, unknown> | null;
}

/** One advisory lock serialises appends, so two transactions never link to the same head. */
const CHAIN_LOCK_KEY = 0x76696769; // "vigi"

export const MASKED = '[restricted]';

/** Events per INSERT statement when appending in bulk. */
const APPEND_BATCH = 1000;

/**
 * Fields a record's answer carries that are not its own data but read from other records (a case's
 * open deadlines, a deadline's case title…): each change is audited on the record it belongs to.
 */
const DERIVED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  legal_cases: ['parent', 'appeals', 'siteIds', 'openDeadlines', 'nextDueAt'],
  legal_deadlines: ['caseReference', 'caseTitle', 'ruleConfirmed', 'nature', 'closedByName'],
  legal_case_evidence: ['summary', 'unusable'],
};

/** Before/after of the fields that changed; restricted values masked (never stored in clear). */
export function diffRecords(
  entity: string,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ignore: readonly string[] = ['version', 'updatedAt', 'updatedBy', 'possibleDuplicateIds'],
): Record<string, { before: unknown; after: unknown }> {
  const restricted = RESTRICTED_FIELDS[entity] ?? [];
  const derived = DERIVED_FIELDS[entity] ?? [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const diff: Record<string, { before: unknown; after: unknown }> = {};
  for (const key of keys) {
    if (ignore.includes(key) || derived.includes(key)) continue;
    const was = before?.[key] ?? null;
    const is = after?.[key] ?? null;
    // Against null, no serialising (a created record's every field): records are read as JSON, so
    // no value of theirs serialises to "null" (NaN, a function) without being null.
    if (was === null || is === null ? was === is : JSON.stringify(was) === JSON.stringify(is)) continue;
    diff[key] = restricted.includes(key)
      ? { before: was === null ? null : MASKED, after: is === null ? null : MASKED }
      : { before: was, after: is };
  }
  return diff;
}

@Injectable()
export class AuditService {
  /**
   * Appends an event inside the caller's transaction: if the change rolls back, so does its event;
   * if the event cannot be written, the change does not happen.
   */
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await this.recordMany(manager, [entry]);
  }

  /**
   * Appends several events in order, inside the caller's transaction, under one lock and in few
   * statements: the chain is computed here, each event linked to the one before it, exactly as
   * one-by-one appends would link them (a bulk import writes tens of thousands).
   */
  async recordMany(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await (await this.openChain(manager)).append(entries);
  }

  /**
   * Takes the chain's lock (held until the transaction ends) and reads its head, for appends that
   * link to it: the caller must append nothing else in this transaction before using it. A bulk
   * import opens the chain before sending its other statements, so that the hashes are computed
   * while PostgreSQL runs those (see `AuditAppender.append`).
   */
  async openChain(manager: EntityManager): Promise<AuditAppender> {
    await manager.query(`SELECT pg_advisory_xact_lock($1)`, [CHAIN_LOCK_KEY]);
    const [head] = (await manager.query(`SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1`)) as {
      hash: string;
    }[];
    return new AuditAppender(manager, head?.hash ?? GENESIS_HASH);
  }
}

/** Appends events after the head `openChain` read, in the same transaction. */
export class AuditAppender {
  constructor(
    private readonly manager: EntityManager,
    private prevHash: string,
  ) {}

  /**
   * Hashes and inserts the events, 1,000 per statement, each statement sent once the one before
   * is written (a bulk undo's events are never all in memory at once). The first 1,000 are hashed
   * and sent before this returns its promise: a caller that does not await it at once has them
   * hashed while PostgreSQL runs the statements sent before.
   */
  async append(entries: readonly AuditEntry[]): Promise<void> {
    const at = new Date().toISOString();
    for (let start = 0; start < entries.length; start += APPEND_BATCH) {
      const texts: string[] = [];
      const hashes: string[] = [];
      for (const entry of entries.slice(start, start + APPEND_BATCH)) {
        const { json, hash } = hashedAuditEvent({
          at,
          actorId: entry.actorId,
          action: entry.action,
          entity: entry.entity,
          entityId: entry.entityId,
          diff: entry.diff ?? null,
          context: entry.context ?? null,
          prevHash: this.prevHash,
        });
        texts.push(json);
        hashes.push(hash);
        this.prevHash = hash;
      }
      // Each event is sent as the JSON its hash covers (not serialised a second time); the serial id
      // follows the insert order, which ORDER BY n keeps from the arrays.
      await this.manager.query(
        `INSERT INTO audit_events (at, actor_id, action, entity, entity_id, diff, context, prev_hash, hash)
         SELECT (e.v->>'at')::timestamptz, (e.v->>'actorId')::uuid, e.v->>'action', e.v->>'entity',
                e.v->>'entityId', nullif(e.v->'diff', 'null'::jsonb), nullif(e.v->'context', 'null'::jsonb),
                e.v->>'prevHash', e.hash
           FROM ROWS FROM (jsonb_array_elements($1::jsonb), unnest($2::text[])) WITH ORDINALITY AS e(v, hash, n)
          ORDER BY e.n`,
        [`[${texts.join(',')}]`, hashes],
      );
    }
  }
}
