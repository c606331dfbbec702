import type { EntityManager } from 'typeorm';
import { recordErrors } from './record-errors';

export interface RowState {
  version: number;
  deletedAt: Date | null;
}

/**
 * Mechanics shared by every versioned, soft-deletable table: row locks for optimistic versioning,
 * soft delete and restore. `table` is a trusted constant.
 */
export class VersionedTable {
  constructor(private readonly table: string) {}

  /** Locks the row for the rest of the transaction; null when there is no such row. */
  async lock(manager: EntityManager, id: string): Promise<RowState | null> {
    const rows: { version: number; deleted_at: Date | null }[] = await manager.query(
      `SELECT version, deleted_at FROM ${this.table} WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const row = rows[0];
    return row ? { version: row.version, deletedAt: row.deleted_at } : null;
  }

  private async creation(
    manager: EntityManager,
    id: string,
  ): Promise<{ digest: string | null; createdBy: string | null } | undefined> {
    const rows: { creation_digest: string | null; created_by: string | null }[] = await manager.query(
      `SELECT creation_digest, created_by FROM ${this.table} WHERE id = $1`,
      [id],
    );
    const row = rows[0];
    return row && { digest: row.creation_digest, createdBy: row.created_by };
  }

  /**
   * For a create that carries a client id: whether the id already holds a record that this same
   * actor created with the same content (a retry, to answer with the stored record, as it is now).
   * Anything else under a taken id is the one same 409, whatever the body: the stored content is
   * compared only for the record's own creator, so that nobody else can test a guess of it (a
   * testimony, say) against the answer.
   */
  async isRetriedCreate(
    manager: EntityManager,
    id: string,
    digest: string,
    label: string,
    actorId: string,
  ): Promise<boolean> {
    const stored = await this.creation(manager, id);
    if (stored === undefined) return false;
    if (stored.createdBy !== actorId || stored.digest !== digest) {
      throw recordErrors.idempotencyConflict(label, id);
    }
    return true;
  }

  async softDelete(manager: EntityManager, id: string, actorId: string | null): Promise<void> {
    await manager.query(
      `UPDATE ${this.table}
          SET deleted_at = now(), updated_at = now(), updated_by = $2, version = version + 1
        WHERE id = $1 AND deleted_at IS NULL`,
      [id, actorId],
    );
  }

  async restore(manager: EntityManager, id: string, actorId: string | null): Promise<void> {
    await manager.query(
      `UPDATE ${this.table}
          SET deleted_at = NULL, updated_at = now(), updated_by = $2, version = version + 1
        WHERE id = $1 AND deleted_at IS NOT NULL`,
      [id, actorId],
    );
  }
}
