import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-digest';

/** The hash the first event of the chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an audit event says, as hashed: everything but its own hash and its row id. */
export interface AuditEventContent {
  at: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  diff: unknown;
  context: unknown;
  prevHash: string;
}

/** hash = SHA-256 of prevHash + canonical JSON of the event (DESIGN §3). */
export function hashAuditEvent(event: AuditEventContent): string {
  return hashedAuditEvent(event).hash;
}

/** The canonical JSON of the event, which its hash covers, and that hash. */
export function hashedAuditEvent(event: AuditEventContent): { json: string; hash: string } {
  // Named fields only: a stored event also carries its row id and its own hash, which are not content.
  const content: AuditEventContent = {
    at: event.at,
    actorId: event.actorId,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    diff: event.diff,
    context: event.context,
    prevHash: event.prevHash,
  };
  const json = canonicalJson(content);
  return { json, hash: createHash('sha256').update(event.prevHash).update(json).digest('hex') };
}

export interface StoredAuditEvent extends AuditEventContent {
  id: string;
  hash: string;
}

export type ChainVerdict =
  | { ok: true; count: number; headHash: string }
  | { ok: false; count: number; brokenAtId: string; reason: 'hash_mismatch' | 'broken_link' };

/**
 * Walks events in chain order and reports the first one whose hash does not match its content or
 * whose prevHash does not point at the previous event. Stateful so that it can consume a stream.
 */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  private count = 0;
  private broken: ChainVerdict | null = null;

  /** Returns false once the chain is broken (the caller can stop reading). */
  push(event: StoredAuditEvent): boolean {
    if (this.broken) return false;
    this.count += 1;
    if (event.prevHash !== this.previous) {
      this.broken = { ok: false, count: this.count, brokenAtId: event.id, reason: 'broken_link' };
      return false;
    }
    if (hashAuditEvent(event) !== event.hash) {
      this.broken = { ok: false, count: this.count, brokenAtId: event.id, reason: 'hash_mismatch' };
      return false;
    }
    this.previous = event.hash;
    return true;
  }

  verdict(): ChainVerdict {
    return this.broken ?? { ok: true, count: this.count, headHash: this.previous };
  }
}
