import type { ImportKind, RecordSource } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import type { PendingStatements } from '../../common/pending-statements';

/** One record an import writes: the body a client would have sent, and where it came from. */
export interface ImportWrite {
  id: string;
  row: number;
  /** Validated create body (the mapped fields only). */
  input: Record<string, unknown>;
  source: RecordSource;
}

/** The records one bulk write created, updated and soft-deleted. */
export interface WrittenIds {
  created: readonly string[];
  updated: readonly string[];
  deleted: readonly string[];
}

/**
 * What depends on the records a commit writes (observations: their possible-duplicate pairs), kept
 * up to date batch after batch: `created` once a batch's records are sent, `finish` once every
 * batch is written, `close` whatever the outcome.
 */
export interface CommitFollowUp {
  created(manager: EntityManager, writes: readonly ImportWrite[], pending: PendingStatements): void;
  /** In the commit's transaction, after the last batch; `updated`: every record it changed. */
  finish(manager: EntityManager, updated: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** For records on which nothing depends. */
export const NOTHING_TO_FOLLOW: CommitFollowUp = {
  created: () => undefined,
  finish: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** A row of the file that would create a record, as the dry run checks it for duplicates. */
export interface CandidateRow {
  row: number;
  input: Record<string, unknown>;
}

/** A stored record as the API answers it (full view), for audit diffs and undo. */
export type StoredRecord = Record<string, unknown> & {
  id: string;
  version: number;
  deletedAt: string | null;
};

/**
 * What the import engine needs of a kind of record: bulk creation, updates with the client's
 * patch semantics (only the mapped fields change), soft deletion for undo, and the record as the
 * API shows it. Implemented for observations and incidents.
 */
export interface ImportTarget {
  readonly kind: ImportKind;
  /** Entity name of the audit events (the table's name). */
  readonly entity: 'observations' | 'incidents';
  records(manager: EntityManager, ids: readonly string[]): Promise<Map<string, StoredRecord>>;
  /**
   * Creates the records, and answers them as `records` would read them back, by id. Statements
   * whose answer nothing needs (child rows) may be left in `pending`.
   */
  insertMany(
    manager: EntityManager,
    writes: readonly ImportWrite[],
    status: 'submitted' | 'validated',
    actorId: string | null,
    pending: PendingStatements,
  ): Promise<Map<string, StoredRecord>>;
  /** Writes the given fields over the stored record (version + 1), and its source. */
  update(
    manager: EntityManager,
    id: string,
    input: Record<string, unknown>,
    source: RecordSource | null,
    actorId: string | null,
  ): Promise<void>;
  softDelete(manager: EntityManager, ids: readonly string[], actorId: string | null): Promise<void>;
  /** Taken first in a writing transaction, before any row lock (observations: the pairs' lock). */
  lockWriters(manager: EntityManager): Promise<void>;
  /** Brings what depends on the records up to date after a bulk write (possible duplicates). */
  afterWrite(manager: EntityManager, written: WrittenIds): Promise<void>;
  /**
   * What a commit keeps up to date as it writes, batch after batch, in place of `afterWrite`;
   * opened before the commit's transaction takes the writers' lock. `planned`: how many records the
   * commit may create (the dry run's count, or the file's rows).
   */
  followCommit(planned: number): Promise<CommitFollowUp>;
  /** Existing records that rows about to be created may duplicate, per row number. */
  candidates(manager: EntityManager, rows: readonly CandidateRow[]): Promise<Map<number, string[]>>;
  /** Problems only the database can see (a linked record that does not exist), per row number. */
  referenceErrors(
    manager: EntityManager,
    rows: readonly CandidateRow[],
  ): Promise<Map<number, Record<string, string>>>;
}

/** Records as the API answers them, by id: `json` is the record's SQL over `from` (`table alias`). */
export async function storedRecords(
  manager: EntityManager,
  json: string,
  from: 'observations o' | 'incidents i',
  ids: readonly string[],
): Promise<Map<string, StoredRecord>> {
  if (ids.length === 0) return new Map();
  const alias = from.slice(-1);
  const rows: { record: StoredRecord }[] = await manager.query(
    `SELECT ${json} AS record FROM ${from} WHERE ${alias}.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map(({ record }) => [record.id, record]));
}

/** Soft-deletes the live records among `ids` (undo of an import), each one version more. */
export async function softDeleteMany(
  manager: EntityManager,
  table: 'observations' | 'incidents',
  ids: readonly string[],
  actorId: string | null,
): Promise<void> {
  await manager.query(
    `UPDATE ${table}
        SET deleted_at = now(), updated_at = now(), updated_by = $2, version = version + 1
      WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
    [ids, actorId],
  );
}

/** `startedAt` → `started_at`, `locationAccuracyM` → `location_accuracy_m`. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** GeoJSON point → EWKT, which PostgreSQL reads into a geometry column. */
export function pointEwkt(point: unknown): string | null {
  const coordinates = (point as { coordinates?: [number, number] } | null)?.coordinates;
  return coordinates ? `SRID=4326;POINT(${coordinates[0]} ${coordinates[1]})` : null;
}

/** The record's values for the keys of `input` (undo writes them back over the import's). */
export function valuesOfKeys(record: StoredRecord, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(input).map((key) => [key, record[key] ?? null]));
}
