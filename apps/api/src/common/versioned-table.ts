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

  private async creationDigest(manager: EntityManager, id: string): Promise<string | null | undefined> {
    const rows: { creation_digest: string | null }[] = await manager.query(
      `SELECT creation_digest FROM ${this.table} WHERE id = $1`,
      [id],
    );
    return rows[0]?.creation_digest;
  }

  /**
   * For a create that carries a client id: whether the id already holds a record created with the
   * same content (a retry, to answer with the stored record); other content under it is a 409.
   */
  async isRetriedCreate(manager: EntityManager, id: string, digest: string, label: string): Promise<boolean> {
    const stored = await this.creationDigest(manager, id);
    if (stored === undefined) return false;
    if (stored !== digest) throw recordErrors.idempotencyConflict(label, id);
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
