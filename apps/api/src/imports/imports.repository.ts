import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ImportFormat,
  ImportKind,
  ImportMappingSpec,
  ImportRecord,
  ImportResult,
  ImportRowAction,
  ImportRowReport,
  ImportStatus,
  ImportSummary,
  RecordSource,
} from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { ListResult } from '../common/list-result';
import { runList, type ListSource } from '../common/list-sql';

/** The JSON of one import (`im`), as the history lists it. */
export const IMPORT_JSON = `json_build_object(
  'id', im.id, 'kind', im.kind, 'status', im.status, 'format', im.format,
  'fileName', im.file_name, 'fileSha256', im.file_sha256, 'sizeBytes', im.size_bytes,
  'encoding', im.encoding, 'delimiter', im.delimiter, 'sheet', im.sheet, 'sheets', to_json(im.sheets),
  'columns', to_json(im.columns), 'rowCount', im.row_count, 'mapping', im.mapping,
  'summary', im.summary, 'result', im.result, 'skippedRows', to_json(im.skipped_rows),
  'asValidated', im.as_validated, 'createdAt', im.created_at, 'createdBy', im.created_by,
  'createdByName', (SELECT u.name FROM users u WHERE u.id = im.created_by),
  'committedAt', im.committed_at, 'undoneAt', im.undone_at)`;

const IMPORT_LIST: ListSource = { from: 'imports im', record: IMPORT_JSON };

/** What the upload stores of a file. */
export interface NewImport {
  id: string;
  kind: ImportKind;
  format: ImportFormat;
  fileName: string;
  fileSha256: string;
  sizeBytes: number;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  sheets: string[];
  columns: string[];
  headerKey: string;
  preview: { sampleRows: string[][]; distinctValues: Record<string, string[]> };
  createdBy: string;
}

/** An import as the engine reads it, locked for the rest of the transaction. */
export interface LockedImport {
  id: string;
  kind: ImportKind;
  status: ImportStatus;
  fileName: string;
  fileSha256: string;
  columns: string[];
  headerKey: string;
  mapping: ImportMappingSpec | null;
  summary: ImportSummary | null;
  createdBy: string;
}

/** A row's verdict, as the dry run stores it. */
export interface RowVerdict {
  row: number;
  action: ImportRowAction;
  recordId: string | null;
  errors: Record<string, string> | null;
  possibleDuplicateIds: string[] | null;
  /** The record the row converts to, kept even when the store rejects it (null: it did not convert). */
  converted?: Record<string, unknown> | null;
  sourceKey?: string | null;
  sourceId?: string | null;
  digest?: string | null;
}

/** A row as a dry run left it, for the commit. */
export interface StoredVerdict {
  row: number;
  action: ImportRowAction;
  errors: Record<string, string> | null;
  converted: Record<string, unknown> | null;
  sourceKey: string | null;
  sourceId: string | null;
  digest: string | null;
}

/** Where a record came from, as `import_sources` keeps it. */
export interface SourceEntry {
  kind: ImportKind;
  sourceKey: string;
  recordId: string;
  importId: string | null;
  feedId: string | null;
  row: number | null;
  digest: string;
  /** The record's version as this source last left it. */
  version: number | null;
}

/** A source already imported, with the state of its record now. */
export interface KnownSource extends SourceEntry {
  deleted: boolean;
  currentVersion: number | null;
}

/** What one commit did to one record, for undo. */
export interface ImportChange {
  recordId: string;
  row: number;
  action: 'created' | 'updated';
  sourceKey: string;
  beforeValues: Record<string, unknown> | null;
  beforeSource: SourceEntry | null;
  beforeOrigin: RecordSource | null;
  versionAfter: number;
}

const json = (value: unknown) => JSON.stringify(value);

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(query: ParsedListQuery): Promise<ListResult<ImportRecord>> {
    return runList(this.dataSource, IMPORT_LIST, query);
  }

  async insert(manager: EntityManager, values: NewImport): Promise<void> {
    await manager.query(
      `INSERT INTO imports (id, kind, format, file_name, file_sha256, size_bytes, encoding, delimiter, sheet,
                            sheets, columns, header_key, preview, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        values.id,
        values.kind,
        values.format,
        values.fileName,
        values.fileSha256,
        values.sizeBytes,
        values.encoding,
        values.delimiter,
        values.sheet,
        values.sheets,
        values.columns,
        values.headerKey,
        json(values.preview),
        values.createdBy,
      ],
    );
  }

  /** Appends parsed rows (cells as in the file). */
  async insertRows(manager: EntityManager, importId: string, rows: { row: number; cells: string[] }[]) {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO import_rows (import_id, row_number, cells)
       SELECT $1, (r->>0)::int, ARRAY(SELECT jsonb_array_elements_text(r->1))
         FROM jsonb_array_elements($2::jsonb) AS r`,
      [importId, json(rows.map(({ row, cells }) => [row, cells]))],
    );
  }

  async setRowCount(manager: EntityManager, importId: string, count: number): Promise<void> {
    await manager.query(`UPDATE imports SET row_count = $2 WHERE id = $1`, [importId, count]);
  }

  async findOne(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<(ImportRecord & { preview: NewImport['preview']; headerKey: string }) | null> {
    const rows: { record: ImportRecord; preview: NewImport['preview']; header_key: string }[] =
      await manager.query(
        `SELECT ${IMPORT_JSON} AS record, im.preview, im.header_key FROM imports im WHERE im.id = $1`,
        [id],
      );
    const row = rows[0];
    return row ? { ...row.record, preview: row.preview, headerKey: row.header_key } : null;
  }

  /** The kind of an import, read without a lock (to take the kind's writers' lock first). */
  async kindOf(id: string, manager: EntityManager = this.dataSource.manager): Promise<ImportKind | null> {
    const rows: { kind: ImportKind }[] = await manager.query(`SELECT kind FROM imports WHERE id = $1`, [id]);
    return rows[0]?.kind ?? null;
  }

  /**
   * The import's kind, and how many records its commit may create (the dry run's count, or the
   * file's rows); null when there is no such import.
   */
  async commitOutline(id: string): Promise<{ kind: ImportKind; planned: number } | null> {
    const rows: { kind: ImportKind; planned: number }[] = await this.dataSource.query(
      `SELECT kind, coalesce((summary->>'create')::int, row_count) AS planned FROM imports WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async lock(manager: EntityManager, id: string): Promise<LockedImport | null> {
    const rows: LockedImport[] = await manager.query(
      `SELECT id, kind, status, file_name AS "fileName", file_sha256 AS "fileSha256", columns,
              header_key AS "headerKey", mapping, summary, created_by AS "createdBy"
         FROM imports WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async setMapping(
    manager: EntityManager,
    id: string,
    mapping: ImportMappingSpec,
    mappingId: string | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE imports SET mapping = $2, mapping_id = $3, status = 'mapped', summary = NULL, updated_at = now()
        WHERE id = $1`,
      [id, json(mapping), mappingId],
    );
    await manager.query(
      `UPDATE import_rows
          SET action = NULL, record_id = NULL, errors = NULL, possible_duplicate_ids = NULL, input = NULL,
              source_key = NULL, source_id = NULL, digest = NULL
        WHERE import_id = $1 AND action IS NOT NULL`,
      [id],
    );
  }

  async setChecked(manager: EntityManager, id: string, summary: ImportSummary): Promise<void> {
    await manager.query(
      `UPDATE imports SET status = 'checked', summary = $2, updated_at = now() WHERE id = $1`,
      [id, json(summary)],
    );
  }

  async setCommitted(
    manager: EntityManager,
    id: string,
    values: { summary: ImportSummary; result: ImportResult; skippedRows: number[]; asValidated: boolean },
    actorId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE imports
          SET status = 'committed', summary = $2, result = $3, skipped_rows = $4, as_validated = $5,
              committed_at = now(), committed_by = $6, updated_at = now()
        WHERE id = $1`,
      [id, json(values.summary), json(values.result), values.skippedRows, values.asValidated, actorId],
    );
  }

  async setUndone(manager: EntityManager, id: string, actorId: string): Promise<void> {
    await manager.query(
      `UPDATE imports SET status = 'undone', undone_at = now(), undone_by = $2, updated_at = now() WHERE id = $1`,
      [id, actorId],
    );
  }

  /** The file's last row number (0 for an import without rows). */
  async lastRow(manager: EntityManager, importId: string): Promise<number> {
    const [{ last }] = (await manager.query(
      `SELECT coalesce(max(row_number), 0) AS last FROM import_rows WHERE import_id = $1`,
      [importId],
    )) as { last: number }[];
    return last;
  }

  /**
   * The dry run's verdicts of the rows numbered `afterRow` + 1 to `throughRow`, in file order.
   * A range of row numbers, not "the next n rows": whatever plan the table's statistics give (a
   * fresh import's rows are not analyzed yet), a batch reads its own rows only, where a `LIMIT`
   * under a bitmap scan read every row left after it (50 batches of a 50,000-row file read
   * 1.25 million rows).
   */
  async storedVerdictsIn(
    manager: EntityManager,
    importId: string,
    afterRow: number,
    throughRow: number,
  ): Promise<StoredVerdict[]> {
    return manager.query(
      `SELECT row_number AS row, action, errors, input AS converted, source_key AS "sourceKey",
              source_id AS "sourceId", digest
         FROM import_rows WHERE import_id = $1 AND row_number > $2 AND row_number <= $3
        ORDER BY row_number`,
      [importId, afterRow, throughRow],
    );
  }

  /** The rows numbered `afterRow` + 1 to `throughRow`, in file order (see `storedVerdictsIn`). */
  async rowsIn(
    manager: EntityManager,
    importId: string,
    afterRow: number,
    throughRow: number,
  ): Promise<{ row: number; cells: string[] }[]> {
    return manager.query(
      `SELECT row_number AS row, cells FROM import_rows
        WHERE import_id = $1 AND row_number > $2 AND row_number <= $3 ORDER BY row_number`,
      [importId, afterRow, throughRow],
    );
  }

  /**
   * `keepDuplicates`: the rows keep the possible duplicates an earlier dry run found.
   * `keepConverted`: the rows keep the converted record, source key, source id and digest they
   * hold (a commit from the dry run's rows: the same values, not sent again).
   */
  async saveVerdicts(
    manager: EntityManager,
    importId: string,
    verdicts: readonly RowVerdict[],
    options: { keepDuplicates?: boolean; keepConverted?: boolean } = {},
  ): Promise<void> {
    if (verdicts.length === 0) return;
    const kept = (column: string) => (options.keepConverted ? `r.${column}` : `v.${column}`);
    await manager.query(
      `UPDATE import_rows r
          SET action = v.action, record_id = v.record_id, errors = v.errors, input = ${kept('input')},
              source_key = ${kept('source_key')}, source_id = ${kept('source_id')}, digest = ${kept('digest')},
              possible_duplicate_ids = ${options.keepDuplicates ? 'r.possible_duplicate_ids' : 'v.possible_duplicate_ids'}
         FROM jsonb_to_recordset($2::jsonb)
              AS v("row" int, action text, record_id uuid, errors jsonb, possible_duplicate_ids uuid[],
                   input jsonb, source_key text, source_id text, digest text)
        WHERE r.import_id = $1 AND r.row_number = v.row`,
      [
        importId,
        json(
          verdicts.map((verdict) => ({
            row: verdict.row,
            action: verdict.action,
            record_id: verdict.recordId,
            errors: verdict.errors,
            ...(options.keepDuplicates ? {} : { possible_duplicate_ids: verdict.possibleDuplicateIds }),
            ...(options.keepConverted
              ? {}
              : {
                  input: verdict.converted ?? null,
                  source_key: verdict.sourceKey ?? null,
                  source_id: verdict.sourceId ?? null,
                  digest: verdict.digest ?? null,
                }),
          })),
        ),
      ],
    );
  }

  /** The stored verdicts, optionally of one action, in file order. */
  async verdicts(
    importId: string,
    action: ImportRowAction | null,
    page: { offset: number; limit: number },
  ): Promise<{ rows: ImportRowReport[]; total: number }> {
    const filter = `import_id = $1 AND action IS NOT NULL AND ($2::text IS NULL OR action = $2)`;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT json_strip_nulls(json_build_object('row', row_number, 'action', action, 'id', record_id,
                  'errors', errors, 'possibleDuplicateIds', to_json(possible_duplicate_ids))) AS report
           FROM import_rows WHERE ${filter} ORDER BY row_number LIMIT $3 OFFSET $4`,
        [importId, action, page.limit, page.offset],
      ) as Promise<{ report: ImportRowReport }[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM import_rows WHERE ${filter}`, [
        importId,
        action,
      ]) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map(({ report }) => report), total: counts[0]?.total ?? 0 };
  }

  /** Every stored verdict in file order, a batch at a time (the CSV report). */
  async *allVerdicts(importId: string): AsyncGenerator<ImportRowReport[]> {
    let offset = 0;
    for (;;) {
      const { rows } = await this.verdicts(importId, null, { offset, limit: 2000 });
      if (rows.length === 0) return;
      yield rows;
      offset += rows.length;
    }
  }

  /** The sources already known for these keys, with whether their record is deleted. */
  async sources(
    manager: EntityManager,
    kind: ImportKind,
    keys: readonly string[],
  ): Promise<Map<string, KnownSource>> {
    if (keys.length === 0) return new Map();
    const rows: KnownSource[] = await manager.query(
      `SELECT s.kind, s.source_key AS "sourceKey", s.record_id AS "recordId", s.import_id AS "importId",
              s.feed_id AS "feedId", s.row_number AS "row", s.digest, s.version,
              coalesce(o.deleted_at, i.deleted_at) IS NOT NULL AS deleted,
              coalesce(o.version, i.version) AS "currentVersion"
         FROM import_sources s
         LEFT JOIN observations o ON s.kind = 'observations' AND o.id = s.record_id
         LEFT JOIN incidents i ON s.kind = 'incidents' AND i.id = s.record_id
        WHERE s.kind = $1 AND s.source_key = ANY($2::text[])`,
      [kind, keys],
    );
    return new Map(rows.map((row) => [row.sourceKey, row]));
  }

  async upsertSources(manager: EntityManager, entries: readonly SourceEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO import_sources (kind, source_key, record_id, import_id, feed_id, row_number, digest, version)
       SELECT s.kind, s.source_key, s.record_id, s.import_id, s.feed_id, s.row_number, s.digest, s.version
         FROM jsonb_to_recordset($1::jsonb) AS s(kind text, source_key text, record_id uuid, import_id uuid,
                                                  feed_id uuid, row_number int, digest text, version int)
       ON CONFLICT (kind, source_key) DO UPDATE
          SET record_id = excluded.record_id, import_id = excluded.import_id, feed_id = excluded.feed_id,
              row_number = excluded.row_number, digest = excluded.digest, version = excluded.version`,
      [
        json(
          entries.map((entry) => ({
            kind: entry.kind,
            source_key: entry.sourceKey,
            record_id: entry.recordId,
            import_id: entry.importId,
            feed_id: entry.feedId,
            row_number: entry.row,
            digest: entry.digest,
            version: entry.version,
          })),
        ),
      ],
    );
  }

  async deleteSources(manager: EntityManager, kind: ImportKind, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await manager.query(`DELETE FROM import_sources WHERE kind = $1 AND source_key = ANY($2::text[])`, [
      kind,
      keys,
    ]);
  }

  async insertChanges(
    manager: EntityManager,
    importId: string,
    changes: readonly ImportChange[],
  ): Promise<void> {
    if (changes.length === 0) return;
    await manager.query(
      `INSERT INTO import_changes (import_id, record_id, row_number, action, source_key, before_values,
                                   before_source, before_origin, version_after)
       SELECT $1, c.record_id, c.row_number, c.action, c.source_key, c.before_values, c.before_source,
              c.before_origin, c.version_after
         FROM jsonb_to_recordset($2::jsonb) AS c(record_id uuid, row_number int, action text, source_key text,
                                                  before_values jsonb, before_source jsonb, before_origin jsonb,
                                                  version_after int)`,
      [
        importId,
        json(
          changes.map((change) => ({
            record_id: change.recordId,
            row_number: change.row,
            action: change.action,
            source_key: change.sourceKey,
            before_values: change.beforeValues,
            before_source: change.beforeSource,
            before_origin: change.beforeOrigin,
            version_after: change.versionAfter,
          })),
        ),
      ],
    );
  }

  /**
   * An undone import's update put a record back as another import had left it (one version
   * earlier): that import's change now ends at the record's new version.
   */
  async moveVersionAfter(
    manager: EntityManager,
    recordId: string,
    from: number,
    to: number,
    exceptImportId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE import_changes SET version_after = $3
        WHERE record_id = $1 AND version_after = $2 AND import_id <> $4`,
      [recordId, from, to, exceptImportId],
    );
  }

  async changes(manager: EntityManager, importId: string): Promise<ImportChange[]> {
    return manager.query(
      `SELECT record_id AS "recordId", row_number AS "row", action, source_key AS "sourceKey",
              before_values AS "beforeValues", before_source AS "beforeSource",
              before_origin AS "beforeOrigin", version_after AS "versionAfter"
         FROM import_changes WHERE import_id = $1 ORDER BY row_number`,
      [importId],
    );
  }

  /** Live versions of records, for the "nothing newer touched them" check of undo. */
  async versions(
    manager: EntityManager,
    kind: ImportKind,
    ids: readonly string[],
  ): Promise<Map<string, number>> {
    const rows: { id: string; version: number }[] = await manager.query(
      `SELECT id, version FROM ${kind === 'observations' ? 'observations' : 'incidents'} WHERE id = ANY($1::uuid[]) FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map(({ id, version }) => [id, version]));
  }

  /** Live sites by name and alias, for the `site` column. */
  async siteNames(manager: EntityManager): Promise<{ id: string; name: string; aliases: string[] }[]> {
    return manager.query(`SELECT id, name, aliases FROM sites WHERE deleted_at IS NULL`);
  }

  /** A saved mapping of the same kind for exactly these headers, the most recently saved first. */
  async mappingForHeaders(
    kind: ImportKind,
    headerKey: string,
  ): Promise<{ id: string; name: string; mapping: ImportMappingSpec } | null> {
    const rows: { id: string; name: string; mapping: ImportMappingSpec }[] = await this.dataSource.query(
      `SELECT id, name, mapping FROM import_mappings WHERE kind = $1 AND header_key = $2
        ORDER BY updated_at DESC LIMIT 1`,
      [kind, headerKey],
    );
    return rows[0] ?? null;
  }
}
