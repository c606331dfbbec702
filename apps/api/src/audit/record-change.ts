import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { VersionedTable } from '../common/versioned-table';
import { type AuditService, diffRecords, type RecordChange } from './audit.service';

interface Stored {
  id: string;
  deletedAt: string | null;
}

/** Audits a change of one record, with the before/after of the fields that changed. */
export async function recordChange(
  audit: AuditService,
  manager: EntityManager,
  actor: Actor,
  entity: string,
  action: RecordChange,
  before: Stored | null,
  after: Stored,
): Promise<void> {
  await audit.record(manager, {
    actorId: actor.id,
    action,
    entity,
    entityId: after.id,
    diff: diffRecords(
      entity,
      before as unknown as Record<string, unknown> | null,
      after as unknown as Record<string, unknown>,
    ),
    context: { ip: actor.ip },
  });
}

/**
 * Soft-deletes (`deleted: true`) or restores a record already locked and loaded as `before`;
 * audited only when its state actually changes, so a repeated call is harmless.
 */
export async function setDeleted<R extends Stored>(
  manager: EntityManager,
  actor: Actor,
  target: { table: VersionedTable; entity: string; audit: AuditService; reload: () => Promise<R | null> },
  before: R,
  deleted: boolean,
): Promise<R> {
  if (deleted) await target.table.softDelete(manager, before.id, actor.id);
  else await target.table.restore(manager, before.id, actor.id);
  const after = (await target.reload()) as R;
  if ((before.deletedAt !== null) !== deleted) {
    await recordChange(
      target.audit,
      manager,
      actor,
      target.entity,
      deleted ? 'delete' : 'restore',
      before,
      after,
    );
  }
  return after;
}
