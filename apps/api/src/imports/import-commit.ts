import type { ImportResult, RecordSource } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { type AuditAppender, type AuditEntry, type AuditService, diffRecords } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PendingStatements } from '../common/pending-statements';
import { readAhead } from '../common/read-ahead';
import { seesRestricted } from '../incidents/incident-access';
import { count, emptySummary, planImport, type PlannedRow } from './import-plan';
import { importErrors } from './imports.errors';
import type {
  ImportChange,
  ImportsRepository,
  KnownSource,
  LockedImport,
  SourceEntry,
} from './imports.repository';
import {
  type CommitFollowUp,
  type ImportTarget,
  type StoredRecord,
  valuesOfKeys,
} from './targets/import-target';

interface Work {
  repository: ImportsRepository;
  target: ImportTarget;
  audit: AuditService;
  actor: Actor;
  imported: LockedImport;
}

type CommitWork = Work & { followUp: CommitFollowUp };

/**
 * Writes an import, all or nothing, in the caller's transaction (which holds the kind's writers'
 * lock and the import's row lock): the rows are planned again against the data as it is now, and
 * any rejected row refuses the whole commit unless `skipRejected`. Each record written gets its
 * own audit event (so that its history starts with the import), tagged with the import and row;
 * the import gets one event with the file's SHA-256 and the counts.
 */
export async function commitImport(
  manager: EntityManager,
  work: CommitWork & { skipRejected: boolean; asValidated: boolean },
): Promise<void> {
  const { repository, target, imported, actor } = work;
  if (imported.status === 'committed' || imported.status === 'undone') {
    throw importErrors.alreadyCommitted(imported.status);
  }
  const mapping = imported.mapping;
  if (!mapping) throw importErrors.notMapped();
  if (!work.skipRejected && imported.summary && imported.summary.rejected > 0) {
    throw importErrors.rowsRejected(imported.summary);
  }
  const summary = emptySummary();
  const result: ImportResult = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const skippedRows: number[] = [];
  const written = { created: [] as string[], updated: [] as string[] };
  let refused = false;
  // The mapping has not changed since the dry run: write what it showed.
  const fromDryRun = imported.status === 'checked';
  const plan = planImport(
    manager,
    repository,
    target,
    { ...imported, mapping },
    {
      seesRestricted: seesRestricted(actor),
      candidates: false,
      fromDryRun,
    },
  );
  const status = work.asValidated ? 'validated' : 'submitted';
  // One pipeline for the whole commit: a batch's statements are sent without waiting for those of
  // the batch before, and the next batch is planned while they run. Its plan reads only its own
  // rows, the sources of its own keys (a key appears once in a file: the dry run refuses a second)
  // and the sites: nothing a batch writes, so it is the same plan as after them.
  await new PendingStatements(manager).run(async (pending) => {
    // Opened once: the chain's lock is held until the transaction ends, and nothing else appends
    // to it meanwhile.
    const chain = await work.audit.openChain(manager);
    for await (const batch of readAhead(plan)) {
      count(summary, batch);
      const rejected = batch.filter((row) => row.action === 'rejected');
      if (rejected.length > 0 && !work.skipRejected) refused = true;
      // Once refused, the rest is only counted: the transaction is rolled back anyway.
      if (refused) continue;
      skippedRows.push(...rejected.map((row) => row.row));
      // The dry run's possible duplicates stay on the rows: the commit does not look for them
      // again; taken from the dry run, the rows' converted records are those they hold.
      pending.add(
        repository.saveVerdicts(manager, imported.id, batch, {
          keepDuplicates: true,
          keepConverted: fromDryRun,
        }),
      );
      const done = await writeBatch(manager, { ...work, chain }, batch, status, pending);
      written.created.push(...done.created);
      written.updated.push(...done.updated);
      result.unchanged += batch.filter((row) => row.action === 'unchanged').length;
    }
    if (refused) throw importErrors.rowsRejected(summary);
    await work.followUp.finish(manager, written.updated);
  });
  result.created = written.created.length;
  result.updated = written.updated.length;
  result.skipped = skippedRows.length;
  await repository.setCommitted(
    manager,
    imported.id,
    { summary, result, skippedRows, asValidated: work.asValidated },
    actor.id,
  );
  await work.audit.record(manager, {
    actorId: actor.id,
    action: 'import',
    entity: 'imports',
    entityId: imported.id,
    context: {
      ip: actor.ip,
      kind: imported.kind,
      fileName: imported.fileName,
      fileSha256: imported.fileSha256,
      ...result,
      skippedRows,
      asValidated: work.asValidated,
    },
  });
}

function sourceOf(imported: LockedImport, row: PlannedRow): RecordSource {
  return {
    importId: imported.id,
    feedId: null,
    fileName: imported.fileName,
    row: row.row,
    sourceId: row.sourceId,
  };
}

/**
 * Writes one batch. Only what a later statement needs is awaited (the records' JSON, the updates);
 * the rest is left pending, so that PostgreSQL inserts the child rows and the pairs found for the
 * previous batch while Node computes the audit diffs and hashes (the new records are paired beside
 * the transaction: `CommitFollowUp`). Statements that depend on each other are sent in order
 * on the one connection: the audit events of a batch after those of the batch before, in the
 * order the chain links them.
 */
async function writeBatch(
  manager: EntityManager,
  work: CommitWork & { chain: AuditAppender },
  batch: readonly PlannedRow[],
  status: 'submitted' | 'validated',
  pending: PendingStatements,
): Promise<{ created: string[]; updated: string[] }> {
  const { target, actor, imported, chain } = work;
  const creates = batch.filter((row) => row.action === 'create');
  const updates = batch.filter((row) => row.action === 'update');
  if (creates.length === 0 && updates.length === 0) return { created: [], updated: [] };
  const writes = creates.map((row) => ({
    id: row.recordId as string,
    row: row.row,
    input: row.input as Record<string, unknown>,
    source: sourceOf(imported, row),
  }));
  const created = await target.insertMany(manager, writes, status, actor.id, pending);
  work.followUp.created(manager, writes, pending);
  const updatedIds = updates.map((row) => row.recordId as string);
  const before = await target.records(manager, updatedIds);
  for (const row of updates) {
    try {
      await target.update(
        manager,
        row.recordId as string,
        row.input as Record<string, unknown>,
        sourceOf(imported, row),
        actor.id,
      );
    } catch (error) {
      // A rule across stored and imported values (an end before the stored start, say).
      if (error instanceof Error && 'kind' in error) error.message = `Row ${row.row}: ${error.message}`;
      throw error;
    }
  }
  const after = new Map([...created, ...(await target.records(manager, updatedIds))]);
  const written = { created: creates.map((row) => row.recordId as string), updated: updatedIds };
  const events: AuditEntry[] = [];
  const changes: ImportChange[] = [];
  const sources: SourceEntry[] = [];
  for (const row of [...creates, ...updates]) {
    const id = row.recordId as string;
    const was = before.get(id) ?? null;
    const now = after.get(id) as StoredRecord;
    events.push({
      actorId: actor.id,
      action: was ? 'update' : 'create',
      entity: target.entity,
      entityId: id,
      diff: diffRecords(target.entity, was, now),
      context: { ip: actor.ip, importId: imported.id, row: row.row },
    });
    changes.push({
      recordId: id,
      row: row.row,
      action: was ? 'updated' : 'created',
      sourceKey: row.sourceKey as string,
      beforeValues: was ? valuesOfKeys(was, row.input as Record<string, unknown>) : null,
      beforeSource: row.previous ? withoutDeleted(row.previous) : null,
      beforeOrigin: was ? ((was.source as RecordSource | null | undefined) ?? null) : null,
      versionAfter: now.version,
    });
    sources.push({
      kind: imported.kind,
      sourceKey: row.sourceKey as string,
      recordId: id,
      importId: imported.id,
      feedId: null,
      row: row.row,
      digest: row.digest as string,
      version: now.version,
    });
  }
  pending.add(chain.append(events));
  pending.add(work.repository.insertChanges(manager, imported.id, changes));
  pending.add(work.repository.upsertSources(manager, sources));
  return written;
}

function withoutDeleted(entry: KnownSource): SourceEntry {
  const { deleted, currentVersion, ...rest } = entry;
  void deleted;
  void currentVersion;
  return rest;
}

/**
 * Undoes a committed import in the caller's transaction: the records it created are soft-deleted,
 * those it updated get their former values back, and the sources point where they pointed before.
 * Refused (409, nothing changed) when any of those records was changed after the import.
 */
export async function undoImport(manager: EntityManager, work: Work): Promise<void> {
  const { repository, target, imported, actor } = work;
  if (imported.status !== 'committed') throw importErrors.notCommitted();
  const changes = await repository.changes(manager, imported.id);
  const ids = changes.map((change) => change.recordId);
  const versions = await repository.versions(manager, imported.kind, ids);
  const changedSince = changes
    .filter((change) => versions.get(change.recordId) !== change.versionAfter)
    .map((change) => change.recordId);
  if (changedSince.length > 0) throw importErrors.changedSince(changedSince);
  const before = await target.records(manager, ids);
  const created = changes.filter((change) => change.action === 'created');
  const updated = changes.filter((change) => change.action === 'updated');
  await target.softDelete(
    manager,
    created.map((change) => change.recordId),
    actor.id,
  );
  await repository.deleteSources(
    manager,
    imported.kind,
    created.map((change) => change.sourceKey),
  );
  for (const change of updated) {
    await target.update(manager, change.recordId, change.beforeValues ?? {}, change.beforeOrigin, actor.id);
  }
  const after = await target.records(manager, ids);
  for (const change of updated) {
    const version = after.get(change.recordId)?.version ?? null;
    // The source points back where it pointed, at the record's version as the undo leaves it.
    if (change.beforeSource) {
      await repository.upsertSources(manager, [{ ...change.beforeSource, version }]);
    } else await repository.deleteSources(manager, imported.kind, [change.sourceKey]);
    // The record is back as the earlier import left it: that import may still be undone.
    if (version !== null) {
      await repository.moveVersionAfter(
        manager,
        change.recordId,
        change.versionAfter - 1,
        version,
        imported.id,
      );
    }
  }
  await target.afterWrite(manager, {
    created: [],
    updated: updated.map((change) => change.recordId),
    deleted: created.map((change) => change.recordId),
  });
  await work.audit.recordMany(
    manager,
    changes.map((change) => ({
      actorId: actor.id,
      action: change.action === 'created' ? 'delete' : 'update',
      entity: target.entity,
      entityId: change.recordId,
      diff: diffRecords(
        target.entity,
        before.get(change.recordId) ?? null,
        after.get(change.recordId) ?? null,
      ),
      context: { ip: actor.ip, importId: imported.id, undo: true },
    })),
  );
  await repository.setUndone(manager, imported.id, actor.id);
  await work.audit.record(manager, {
    actorId: actor.id,
    action: 'import_undo',
    entity: 'imports',
    entityId: imported.id,
    context: {
      ip: actor.ip,
      fileName: imported.fileName,
      fileSha256: imported.fileSha256,
      deleted: created.length,
      restored: updated.length,
    },
  });
}
