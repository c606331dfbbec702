import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  IMPORT_KINDS,
  IMPORT_ROW_ACTIONS,
  type ImportDetail,
  type ImportDryRun,
  type ImportKind,
  type ImportMappingSpec,
  type ImportRecord,
  type ImportRowAction,
  type ImportRowReport,
} from '@vigie/domain';
import type { FastifyRequest } from 'fastify';
import type { EntityManager } from 'typeorm';
import { receiveUpload } from '../attachments/upload-receiver';
import { AuditService } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { releaseMemorySoon } from '../common/memory-release';
import { seesRestricted } from '../incidents/incident-access';
import { parseListQuery, withBoundCondition, type RawQuery } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { AppConfig } from '../config/app-config';
import { FileStore } from '../files/file-store';
import type { CommitImportDto } from './dto/commit-import.dto';
import type { ImportMappingDto } from './dto/import-mapping.dto';
import { commitImport, undoImport } from './import-commit';
import { count, emptySummary, PLAN_BATCH, planImport } from './import-plan';
import { importErrors } from './imports.errors';
import { IMPORT_LIST_SPEC } from './imports.list-spec';
import { ImportsRepository, type LockedImport } from './imports.repository';
import { DistinctValues, mappingErrors, suggestMapping } from './mapping';
import { openImportFile } from './parsing';
import { NOTHING_TO_FOLLOW } from './targets/import-target';
import { ImportTargets } from './targets/import-targets';

/** Rows stored per statement while a file is read. */
const STORE_BATCH = 1000;
/** A file beyond this many data rows is refused: split it. */
export const MAX_IMPORT_ROWS = 200_000;
const SAMPLE_ROWS = 20;
const DISTINCT_VALUES = 100;
/** Longest value kept in the distinct values offered for value maps. */
const DISTINCT_VALUE_LENGTH = 200;

/** Order-insensitive key of a file's headers: a saved mapping is offered again for the same set. */
export function headerKeyOf(columns: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([...columns].sort()))
    .digest('hex');
}

/**
 * Imports of past data (DESIGN §5): upload, mapping, dry run, commit, undo. The records a commit
 * writes are the ones the API's own create would store, validated by the same DTOs, audited one
 * by one, in one transaction with the import's own event.
 */
@Injectable()
export class ImportsService {
  private readonly maxBytes: number;

  constructor(
    private readonly repository: ImportsRepository,
    private readonly targets: ImportTargets,
    private readonly audit: AuditService,
    private readonly store: FileStore,
    private readonly config: AppConfig,
  ) {
    this.maxBytes = config.VIGIE_IMPORT_MAX_MB * 1024 * 1024;
  }

  /** Admins see every import; a coordinator its own (they hold the rows of the file as typed). */
  async list(actor: Actor, query: RawQuery): Promise<ListResult<ImportRecord>> {
    assertCan(actor, 'imports.manage');
    const parsed = parseListQuery(query, IMPORT_LIST_SPEC);
    return this.repository.list(
      actor.role === 'admin'
        ? parsed
        : withBoundCondition(parsed, (placeholder) => `im.created_by = ${placeholder}::uuid`, actor.id),
    );
  }

  async get(actor: Actor, id: string): Promise<ImportDetail> {
    assertCan(actor, 'imports.manage');
    const found = await this.repository.findOne(id);
    if (!found || !mayUse(actor, found.createdBy)) throw importErrors.notFound(id);
    const { preview, headerKey, ...record } = found;
    const saved = await this.repository.mappingForHeaders(record.kind, headerKey);
    const suggestedMapping = saved
      ? { ...saved.mapping, mappingId: saved.id, mappingName: saved.name }
      : suggestMapping(record.kind, record.columns, preview.sampleRows);
    return { ...record, ...preview, suggestedMapping };
  }

  /** Reads the uploaded file (streamed, to a temporary file first), stores its rows as text. */
  async upload(actor: Actor, request: FastifyRequest): Promise<ImportDetail> {
    assertCan(actor, 'imports.manage');
    const maxMb = this.config.VIGIE_IMPORT_MAX_MB;
    const { fields, file } = await receiveUpload(request, this.store, this.maxBytes, maxMb).catch(
      (error: unknown) => {
        throw (error as { code?: string }).code === 'attachment_too_large'
          ? importErrors.tooLarge(maxMb)
          : error;
      },
    );
    let rowsRead = 0;
    try {
      const kind = fields.get('kind');
      const sheet = fields.get('sheet');
      const errors: Record<string, string> = {};
      if (!file) errors.file = 'is required: send the file in the part named "file"';
      if (!IMPORT_KINDS.includes(kind as ImportKind))
        errors.kind = `must be one of: ${IMPORT_KINDS.join(', ')}`;
      if (sheet !== undefined && (typeof sheet !== 'string' || sheet.length > 200))
        errors.sheet = 'must be a sheet name';
      const unknown = [...fields.keys()].filter((name) => !['kind', 'sheet'].includes(name));
      for (const name of unknown) errors[name] = 'is not a field of an import';
      if (Object.keys(errors).length > 0 || !file) throw importErrors.invalidForm(errors);
      const fileName = (file.filename ?? 'import').slice(0, 500);
      const { info, rows } = await openImportFile(file.received.tempPath, {
        fileName,
        sheet: typeof sheet === 'string' && sheet !== '' ? sheet : undefined,
      });
      const id = randomUUID();
      await this.repository.transaction(async (manager) => {
        await this.repository.insert(manager, {
          id,
          kind: kind as ImportKind,
          format: info.format,
          fileName,
          fileSha256: file.received.sha256,
          sizeBytes: file.received.sizeBytes,
          encoding: info.encoding,
          delimiter: info.delimiter,
          sheet: info.sheet,
          sheets: info.sheets,
          columns: info.columns,
          headerKey: headerKeyOf(info.columns),
          preview: { sampleRows: [], distinctValues: {} },
          createdBy: actor.id,
        });
        const preview = new PreviewCollector(info.columns);
        let batch: { row: number; cells: string[] }[] = [];
        for await (const row of rows) {
          rowsRead += 1;
          if (rowsRead > MAX_IMPORT_ROWS) throw importErrors.tooManyRows(MAX_IMPORT_ROWS);
          preview.add(row.cells);
          batch.push(row);
          if (batch.length === STORE_BATCH) {
            await this.repository.insertRows(manager, id, batch);
            batch = [];
          }
        }
        await this.repository.insertRows(manager, id, batch);
        if (rowsRead === 0) throw importErrors.noRows();
        await manager.query(`UPDATE imports SET row_count = $2, preview = $3 WHERE id = $1`, [
          id,
          rowsRead,
          JSON.stringify(preview.result()),
        ]);
      });
      return await this.get(actor, id);
    } finally {
      await file?.received.discard();
      // Also after a file refused midway: the rows read so far were the work.
      afterBulkStep(rowsRead);
    }
  }

  async setMapping(actor: Actor, id: string, dto: ImportMappingDto): Promise<ImportDetail> {
    assertCan(actor, 'imports.manage');
    await this.repository.transaction(async (manager) => {
      const imported = await this.lockOwn(manager, actor, id);
      assertOpen(imported);
      const mapping: ImportMappingSpec = {
        columns: dto.columns,
        values: dto.values ?? {},
        timezone: dto.timezone ?? 'Europe/Paris',
        dateFormat: dto.dateFormat ?? null,
        sourceIdColumn: dto.sourceIdColumn ?? null,
        defaults: dto.defaults ?? {},
      };
      const errors = { ...shapeErrors(mapping), ...mappingErrors(imported.kind, imported.columns, mapping) };
      if (Object.keys(errors).length > 0) throw importErrors.invalidMapping(errors);
      const saved = await this.repository.mappingForHeaders(imported.kind, headerKeyOf(imported.columns));
      await this.repository.setMapping(manager, id, mapping, saved?.id ?? null);
    });
    return this.get(actor, id);
  }

  /** Every row's verdict, stored for the report, nothing written. */
  async dryRun(actor: Actor, id: string): Promise<ImportDryRun> {
    assertCan(actor, 'imports.manage');
    const result = await this.repository.transaction(async (manager) => {
      const imported = await this.lockOwn(manager, actor, id);
      assertOpen(imported);
      const mapping = imported.mapping;
      if (!mapping) throw importErrors.notMapped();
      const target = this.targets.of(imported.kind);
      const summary = emptySummary();
      const rows: ImportRowReport[] = [];
      const plan = planImport(
        manager,
        this.repository,
        target,
        { ...imported, mapping },
        { seesRestricted: seesRestricted(actor), candidates: true },
      );
      for await (const batch of plan) {
        // A dry run's new ids are not those the commit will give: only existing records are named.
        const verdicts = batch.map((row) => (row.action === 'create' ? { ...row, recordId: null } : row));
        await this.repository.saveVerdicts(manager, id, verdicts);
        count(summary, batch);
        for (const row of batch) rows.push(reportOf(row));
      }
      await this.repository.setChecked(manager, id, summary);
      return { summary, rows };
    });
    afterBulkStep(result.rows.length);
    return result;
  }

  /** The last dry run's verdicts, optionally of one action, a page at a time. */
  async rows(actor: Actor, id: string, query: RawQuery): Promise<ListResult<ImportRowReport>> {
    assertCan(actor, 'imports.manage');
    await this.get(actor, id);
    const { action, _start, _end, ...rest } = query;
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      throw importErrors.invalidForm(
        Object.fromEntries(unknown.map((key) => [key, 'is not a filter of import rows'])),
      );
    if (action !== undefined && !IMPORT_ROW_ACTIONS.includes(action as ImportRowAction)) {
      throw importErrors.invalidForm({ action: `must be one of: ${IMPORT_ROW_ACTIONS.join(', ')}` });
    }
    const offset = _start === undefined ? 0 : Number(_start);
    const end = _end === undefined ? offset + 25 : Number(_end);
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(end) ||
      offset < 0 ||
      end < offset ||
      end - offset > 1000
    ) {
      throw importErrors.invalidForm({ _end: 'must give a page of at most 1000 rows after _start' });
    }
    const { rows, total } = await this.repository.verdicts(
      id,
      (action as ImportRowAction | undefined) ?? null,
      {
        offset,
        limit: end - offset,
      },
    );
    return { rows, total };
  }

  /** The stored verdicts, for the CSV report (after the access check). */
  async reportRows(
    actor: Actor,
    id: string,
  ): Promise<{ record: ImportDetail; batches: AsyncGenerator<ImportRowReport[]> }> {
    const record = await this.get(actor, id);
    return { record, batches: this.repository.allVerdicts(id) };
  }

  async commit(actor: Actor, id: string, dto: CommitImportDto): Promise<ImportRecord> {
    assertCan(actor, 'imports.manage');
    if (dto.asValidated && actor.role !== 'admin') throw importErrors.validatedForAdmins();
    await this.commitTransaction(actor, id, dto);
    const record = await this.record(actor, id);
    afterBulkStep(record.rowCount);
    return record;
  }

  private async commitTransaction(actor: Actor, id: string, dto: CommitImportDto): Promise<void> {
    // Opened before the transaction takes the writers' lock (it may hold a second connection).
    const outline = await this.repository.commitOutline(id);
    const followUp = outline
      ? await this.targets.of(outline.kind).followCommit(outline.planned)
      : NOTHING_TO_FOLLOW;
    try {
      await this.repository.transaction(async (manager) => {
        const imported = await this.lockOwn(manager, actor, id, true);
        // An import's kind never changes: it was not there when its kind was read.
        if (imported.kind !== outline?.kind) throw importErrors.notFound(id);
        await commitImport(manager, {
          repository: this.repository,
          target: this.targets.of(imported.kind),
          audit: this.audit,
          actor,
          imported,
          followUp,
          skipRejected: dto.skipRejected ?? false,
          asValidated: dto.asValidated ?? false,
        });
      });
    } finally {
      await followUp.close();
    }
  }

  async undo(actor: Actor, id: string): Promise<ImportRecord> {
    assertCan(actor, 'imports.manage');
    await this.repository.transaction(async (manager) => {
      const imported = await this.lockOwn(manager, actor, id, true);
      await undoImport(manager, {
        repository: this.repository,
        target: this.targets.of(imported.kind),
        audit: this.audit,
        actor,
        imported,
      });
    });
    const record = await this.record(actor, id);
    afterBulkStep(record.rowCount);
    return record;
  }

  private async record(actor: Actor, id: string): Promise<ImportRecord> {
    const { sampleRows, distinctValues, suggestedMapping, ...record } = await this.get(actor, id);
    void sampleRows;
    void distinctValues;
    void suggestedMapping;
    return record;
  }

  /**
   * Locks the import for the rest of the transaction; 404 for someone else's (a coordinator's
   * view). `writes`: the writers' lock of the kind comes first (before any row lock).
   */
  private async lockOwn(
    manager: EntityManager,
    actor: Actor,
    id: string,
    writes = false,
  ): Promise<LockedImport> {
    if (writes) {
      const kind = await this.repository.kindOf(id, manager);
      if (kind) await this.targets.of(kind).lockWriters(manager);
    }
    const imported = await this.repository.lock(manager, id);
    if (!imported || !mayUse(actor, imported.createdBy)) throw importErrors.notFound(id);
    return imported;
  }
}

function mayUse(actor: Actor, createdBy: string): boolean {
  return actor.role === 'admin' || createdBy === actor.id;
}

function assertOpen(imported: LockedImport): void {
  if (imported.status === 'committed' || imported.status === 'undone') {
    throw importErrors.alreadyCommitted(imported.status);
  }
}

/** The mapping's JSON shape (strings where strings are due); the meaning is checked by the mapping module. */
function shapeErrors(mapping: ImportMappingSpec): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [column, target] of Object.entries(mapping.columns)) {
    if (typeof target !== 'string') errors[`columns.${column}`] = 'must be a target field name';
  }
  for (const [field, map] of Object.entries(mapping.values ?? {})) {
    if (map === null || typeof map !== 'object' || Array.isArray(map)) {
      errors[`values.${field}`] = 'must map raw values to codes';
      continue;
    }
    for (const [raw, code] of Object.entries(map)) {
      if (typeof code !== 'string') errors[`values.${field}.${raw}`] = 'must be a code';
    }
  }
  return errors;
}

/**
 * Hands the memory of a step that went through a file's rows back to the system (see
 * `releaseMemorySoon`). Only after the work, and from a batch of rows: a request refused before
 * its work, or a small file, costs no collection, so repeating cheap requests cannot keep the
 * server collecting.
 */
function afterBulkStep(rows: number): void {
  if (rows >= PLAN_BATCH) releaseMemorySoon();
}

function reportOf(row: {
  row: number;
  action: ImportRowAction;
  recordId: string | null;
  errors: Record<string, string> | null;
  possibleDuplicateIds: string[] | null;
}): ImportRowReport {
  const report: ImportRowReport = { row: row.row, action: row.action };
  if (row.recordId && row.action !== 'create') report.id = row.recordId;
  if (row.errors) report.errors = row.errors;
  if (row.possibleDuplicateIds) report.possibleDuplicateIds = row.possibleDuplicateIds;
  return report;
}

/** The first rows and each column's first distinct values, gathered while the file is read. */
class PreviewCollector {
  private readonly sampleRows: string[][] = [];
  private readonly distinct: DistinctValues;

  constructor(columns: readonly string[]) {
    this.distinct = new DistinctValues(columns, DISTINCT_VALUES, DISTINCT_VALUE_LENGTH);
  }

  add(cells: readonly string[]): void {
    if (this.sampleRows.length < SAMPLE_ROWS) this.sampleRows.push([...cells]);
    this.distinct.add(cells);
  }

  result(): { sampleRows: string[][]; distinctValues: Record<string, string[]> } {
    return { sampleRows: this.sampleRows, distinctValues: this.distinct.result() };
  }
}
