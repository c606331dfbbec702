import { randomUUID } from 'node:crypto';
import type { ImportKind, ImportMappingSpec, ImportRowAction, ImportSummary } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { contentDigest } from '../common/canonical-digest';
import { convertRow, type ConvertContext } from './mapping';
import type { ImportsRepository, KnownSource, LockedImport, RowVerdict } from './imports.repository';
import type { ImportTarget } from './targets/import-target';

/** Rows read, converted and checked at a time: bounded memory whatever the file's size. */
export const PLAN_BATCH = 1000;

/** One row's verdict with what a commit needs to write it. */
export interface PlannedRow extends RowVerdict {
  input: Record<string, unknown> | null;
  sourceKey: string | null;
  sourceId: string | null;
  digest: string | null;
  /** The source entry this row replaces (an update). */
  previous: KnownSource | null;
}

/** Source ids of KoboToolbox submissions are global: a file export and the live feed share them. */
export const KOBO_NAMESPACE = 'kobo';

/**
 * The key that finds a row's record again on a later import: its source id within the file's
 * headers (`_uuid` of KoboToolbox: globally), or, without a source id column, its content — then
 * the same row imported again is "unchanged", and a corrected row is a new record.
 */
export function sourceKeyOf(
  headerKey: string,
  mapping: ImportMappingSpec,
  sourceId: string | null,
  digest: string,
): string {
  if (sourceId === null) return `content:${digest}`;
  if (mapping.sourceIdColumn === '_uuid') return `${KOBO_NAMESPACE}:${sourceId}`;
  return `file:${headerKey}:${mapping.sourceIdColumn ?? ''}:${sourceId}`;
}

/** Lower case, no accents, single spaces: how a site's name in a cell is matched. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Finds live sites by name or alias; a name two sites share finds none (the row says so). */
export async function siteContext(
  repository: ImportsRepository,
  manager: EntityManager,
): Promise<ConvertContext> {
  const byName = new Map<string, string | null>();
  for (const site of await repository.siteNames(manager)) {
    for (const name of [site.name, ...site.aliases]) {
      const key = normaliseName(name);
      if (!key) continue;
      const known = byName.get(key);
      byName.set(key, known === undefined || known === site.id ? site.id : null);
    }
  }
  return { siteIdByName: (name: string) => byName.get(normaliseName(name)) ?? undefined };
}

export function emptySummary(): ImportSummary {
  return { create: 0, update: 0, unchanged: 0, rejected: 0 };
}

const SUMMARY_KEY: Record<ImportRowAction, keyof ImportSummary> = {
  create: 'create',
  update: 'update',
  unchanged: 'unchanged',
  rejected: 'rejected',
};

export function count(summary: ImportSummary, rows: readonly RowVerdict[]): void {
  for (const row of rows) summary[SUMMARY_KEY[row.action]] += 1;
}

interface PlanOptions {
  /** May the actor overwrite restricted fields (an incident's testimony)? */
  seesRestricted: boolean;
  /**
   * Look for possible duplicates of the rows to create (the dry run shows them). A commit does
   * not: the records it writes are paired like any write.
   */
  candidates: boolean;
  /**
   * Take each row as the last dry run converted it (the import's status is `checked`: the mapping
   * has not changed since), and only check it again against the data as it is now.
   */
  fromDryRun?: boolean;
}

/**
 * Reads the import's rows in file order and decides, batch by batch, what each would do: create,
 * update (its source was imported before and its content changed), unchanged, or rejected with
 * the reasons, field by field, as the API's own validation words them. Reads only: the dry run
 * stores the verdicts, the commit writes the records.
 */
export async function* planImport(
  manager: EntityManager,
  repository: ImportsRepository,
  target: ImportTarget,
  imported: LockedImport & { mapping: ImportMappingSpec },
  options: PlanOptions,
): AsyncGenerator<PlannedRow[]> {
  if (options.fromDryRun) {
    yield* replanDryRun(manager, repository, target, imported, options);
    return;
  }
  const context = await siteContext(repository, manager);
  const firstRowOfKey = new Map<string, number>();
  for await (const [after, through] of rowWindows(manager, repository, imported.id)) {
    const rows = await repository.rowsIn(manager, imported.id, after, through);
    if (rows.length === 0) continue;
    const planned: PlannedRow[] = [];
    for (const { row, cells } of rows) {
      const converted = await convertRow(imported.kind, imported.columns, cells, imported.mapping, context);
      planned.push(verdictOf(row, converted, imported, firstRowOfKey));
    }
    await settleAgainstStore(manager, repository, target, imported.kind, planned, options);
    yield planned;
  }
}

/**
 * The import's rows by ranges of PLAN_BATCH row numbers, up to its last row: a batch holds at most
 * PLAN_BATCH rows (fewer where the file skipped lines).
 */
async function* rowWindows(
  manager: EntityManager,
  repository: ImportsRepository,
  importId: string,
): AsyncGenerator<[after: number, through: number]> {
  const last = await repository.lastRow(manager, importId);
  for (let after = 0; after < last; after += PLAN_BATCH) yield [after, after + PLAN_BATCH];
}

/**
 * The dry run's rows again: those it could not convert stay rejected with their reasons; the
 * others start over as creations and are checked against the store as it is now.
 */
async function* replanDryRun(
  manager: EntityManager,
  repository: ImportsRepository,
  target: ImportTarget,
  imported: LockedImport,
  options: PlanOptions,
): AsyncGenerator<PlannedRow[]> {
  for await (const [after, through] of rowWindows(manager, repository, imported.id)) {
    const stored = await repository.storedVerdictsIn(manager, imported.id, after, through);
    if (stored.length === 0) continue;
    const planned: PlannedRow[] = stored.map((row) => {
      const base = {
        row: row.row,
        recordId: null,
        possibleDuplicateIds: null,
        previous: null,
        converted: row.converted,
        sourceKey: row.sourceKey,
        sourceId: row.sourceId,
        digest: row.digest,
      };
      if (row.converted !== null && row.sourceKey !== null) {
        return { ...base, action: 'create', errors: null, input: row.converted };
      }
      // Not converted (or never checked by this version): rejected, with the dry run's reasons.
      const errors = row.errors ?? { row: 'run the dry run again before importing' };
      return { ...base, action: 'rejected', errors, input: null };
    });
    await settleAgainstStore(manager, repository, target, imported.kind, planned, options);
    yield planned;
  }
}

function verdictOf(
  row: number,
  converted: Awaited<ReturnType<typeof convertRow>>,
  imported: LockedImport & { mapping: ImportMappingSpec },
  firstRowOfKey: Map<string, number>,
): PlannedRow {
  const base = { row, recordId: null, possibleDuplicateIds: null, previous: null, converted: null };
  if (Object.keys(converted.errors).length > 0) {
    return {
      ...base,
      action: 'rejected',
      errors: converted.errors,
      input: null,
      sourceKey: null,
      sourceId: converted.sourceId,
      digest: null,
    };
  }
  const digest = contentDigest(converted.input);
  const sourceKey = sourceKeyOf(imported.headerKey, imported.mapping, converted.sourceId, digest);
  const first = firstRowOfKey.get(sourceKey);
  if (first !== undefined) {
    const errors: Record<string, string> =
      converted.sourceId === null
        ? { row: `same content as row ${first}` }
        : { sourceId: `same source id as row ${first}` };
    return {
      ...base,
      action: 'rejected',
      errors,
      input: null,
      sourceKey: null,
      sourceId: converted.sourceId,
      digest,
    };
  }
  firstRowOfKey.set(sourceKey, row);
  return {
    ...base,
    converted: converted.input,
    action: 'create',
    errors: null,
    input: converted.input,
    sourceKey,
    sourceId: converted.sourceId,
    digest,
  };
}

/** Compares the batch with what earlier imports stored, checks references and possible duplicates. */
async function settleAgainstStore(
  manager: EntityManager,
  repository: ImportsRepository,
  target: ImportTarget,
  kind: ImportKind,
  planned: PlannedRow[],
  options: PlanOptions,
): Promise<void> {
  const valid = planned.filter((row) => row.action !== 'rejected');
  const known = await repository.sources(
    manager,
    kind,
    valid.map((row) => row.sourceKey as string),
  );
  for (const row of valid) {
    const source = known.get(row.sourceKey as string);
    if (!source) {
      row.recordId = randomUUID();
      continue;
    }
    row.previous = source;
    row.recordId = source.recordId;
    if (source.deleted) {
      reject(row, {
        sourceId: 'the record imported from this row was deleted in Vigie since: restore it to update it',
      });
    } else if (!options.seesRestricted && row.input?.testimony !== undefined) {
      // Before comparing contents: "unchanged" would tell a role that may not read the testimony
      // that its guess of the stored one is right.
      reject(row, { testimony: 'your role may not overwrite the testimony of an existing incident' });
    } else if (source.digest === row.digest) {
      row.action = 'unchanged';
    } else if (source.version !== null && source.currentVersion !== source.version) {
      reject(row, {
        sourceId:
          'the record was edited in Vigie after it was imported: make this change in Vigie, or leave the row as it was',
      });
    } else {
      row.action = 'update';
    }
  }
  const checked = planned.filter((row) => row.action === 'create' || row.action === 'update');
  const references = await target.referenceErrors(
    manager,
    checked.map((row) => ({ row: row.row, input: row.input as Record<string, unknown> })),
  );
  for (const row of checked) {
    const errors = references.get(row.row);
    if (errors) reject(row, errors);
  }
  if (!options.candidates) return;
  const creates = planned.filter((row) => row.action === 'create');
  const duplicates = await target.candidates(
    manager,
    creates.map((row) => ({ row: row.row, input: row.input as Record<string, unknown> })),
  );
  for (const row of creates) row.possibleDuplicateIds = duplicates.get(row.row) ?? null;
}

function reject(row: PlannedRow, errors: Record<string, string>): void {
  row.action = 'rejected';
  row.errors = errors;
  row.input = null;
  // A new record's id means nothing once the row is refused; an existing record's id is kept.
  if (row.previous === null) row.recordId = null;
}
