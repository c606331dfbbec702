import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service';

/*
 * The file check (issue 10, item 9): every file the database references (`stored_files`, which
 * attachments, their publication copies and thumbnails, and reports point at) is looked for on
 * disk, its size compared and its bytes re-hashed. Used by the nightly job (FileCheckService) and by
 * `npm run files:verify` (db/files-verify.ts), with the same code.
 */

export type FileProblemKind = 'missing' | 'altered';
export type FileCheckTrigger = 'schedule' | 'command';

/** A stored file that is not as recorded. `usedBy` maps a table to the ids of its rows using it. */
export interface FileProblem {
  sha256: string;
  problem: FileProblemKind;
  detail: string;
  usedBy: Record<string, string[]>;
}

export interface FileCheckResult {
  trigger: FileCheckTrigger;
  startedAt: string;
  finishedAt: string;
  filesChecked: number;
  bytesChecked: number;
  /** Problems this run found, first found now or already known. */
  problems: FileProblem[];
  /** Files this run found intact again after a problem. */
  recovered: string[];
}

export interface FileCheckOptions {
  trigger: FileCheckTrigger;
  /** Reading rate limit, in MB (2^20 bytes) per second; 0 for none. */
  mbPerSecond: number;
  /** Rows of `stored_files` read per query. */
  batchSize?: number;
}

/** Where the check finds a stored file's bytes (FileStore.pathOf). */
export interface StoredFileLocator {
  pathOf(sha256: string): string;
}

/** One lock per file, so that two checks (the job and the command) audit a problem once. */
const LOCK_NAMESPACE = 'vigie.stored-file:';
const CHUNK_BYTES = 1 << 20;

/** What the bytes at `path` are compared to what was recorded: null when they match. */
export async function inspectFile(
  path: string,
  sha256: string,
  sizeBytes: number,
  throttle: (bytes: number) => Promise<void> = async () => {},
): Promise<{ problem: FileProblemKind; detail: string } | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: 'missing', detail: 'no file at its path' };
    return { problem: 'altered', detail: `cannot be read (${code ?? 'error'})` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { problem: 'altered', detail: 'not a regular file' };
    if (stat.size !== sizeBytes) {
      return { problem: 'altered', detail: `${stat.size} bytes instead of ${sizeBytes}` };
    }
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ highWaterMark: CHUNK_BYTES, autoClose: false })) {
      hash.update(chunk as Buffer);
      await throttle((chunk as Buffer).length);
    }
    const actual = hash.digest('hex');
    return actual === sha256 ? null : { problem: 'altered', detail: `its bytes hash to ${actual}` };
  } finally {
    await handle.close();
  }
}

/** Sleeps as needed so that reading never goes faster than `mbPerSecond` on average. */
export function rateLimiter(mbPerSecond: number): (bytes: number) => Promise<void> {
  if (mbPerSecond <= 0) return async () => {};
  const bytesPerMs = (mbPerSecond * (1 << 20)) / 1000;
  const started = performance.now();
  let total = 0;
  return async (bytes) => {
    total += bytes;
    const due = started + total / bytesPerMs;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
  };
}

/** The tables and columns that reference `stored_files`, read from the catalog (new ones included). */
async function referencingColumns(dataSource: DataSource): Promise<{ table: string; column: string }[]> {
  return dataSource.query(
    `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column"
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = 'stored_files'::regclass
        AND c.conrelid <> 'stored_file_problems'::regclass
        AND EXISTS (SELECT 1 FROM pg_attribute i WHERE i.attrelid = c.conrelid AND i.attname = 'id' AND NOT i.attisdropped)
      ORDER BY 1, 2`,
  );
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The rows using a stored file, by table (`attachments`, `reports`…). */
async function usersOf(
  manager: EntityManager,
  columns: { table: string; column: string }[],
  sha256: string,
): Promise<Record<string, string[]>> {
  const usedBy: Record<string, string[]> = {};
  for (const { table, column } of columns) {
    // `table` comes from ::regclass::text, quoted already where it needs to be.
    const rows: { id: string }[] = await manager.query(
      `SELECT id::text AS id FROM ${table} WHERE ${quoteIdentifier(column)} = $1 ORDER BY id`,
      [sha256],
    );
    const key = table.replace(/"/g, '');
    for (const { id } of rows) {
      const ids = (usedBy[key] ??= []);
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return usedBy;
}

/**
 * Checks every stored file, records problems (an audit event for each one first found, another
 * when a file is found intact again) and the run itself (`file_checks`). Problems already known
 * are not audited again. Throws only when the database fails; a file's problem is an answer.
 */
export async function runFileCheck(
  dataSource: DataSource,
  store: StoredFileLocator,
  audit: AuditService,
  options: FileCheckOptions,
): Promise<FileCheckResult> {
  const startedAt = new Date().toISOString();
  const batchSize = options.batchSize ?? 500;
  const throttle = rateLimiter(options.mbPerSecond);
  const columns = await referencingColumns(dataSource);
  const known = new Set(
    ((await dataSource.query(`SELECT sha256 FROM stored_file_problems`)) as { sha256: string }[]).map(
      (row) => row.sha256,
    ),
  );
  const problems: FileProblem[] = [];
  const recovered: string[] = [];
  let filesChecked = 0;
  let bytesChecked = 0;
  let after = '';
  for (;;) {
    const batch: { sha256: string; size: string }[] = await dataSource.query(
      `SELECT sha256, size_bytes::text AS size FROM stored_files WHERE sha256 > $1 ORDER BY sha256 LIMIT $2`,
      [after, batchSize],
    );
    for (const { sha256, size } of batch) {
      const sizeBytes = Number(size);
      const found = await inspectFile(store.pathOf(sha256), sha256, sizeBytes, throttle);
      filesChecked += 1;
      bytesChecked += sizeBytes;
      if (found) {
        problems.push(await recordProblem(dataSource, audit, columns, sha256, found, options.trigger));
      } else if (known.has(sha256) && (await recordRecovery(dataSource, audit, sha256, options.trigger))) {
        recovered.push(sha256);
      }
    }
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1]!.sha256;
  }
  const finishedAt = new Date().toISOString();
  const count = (kind: FileProblemKind) => problems.filter((problem) => problem.problem === kind).length;
  await dataSource.query(
    `INSERT INTO file_checks (trigger, started_at, finished_at, files_checked, bytes_checked, missing, altered)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [options.trigger, startedAt, finishedAt, filesChecked, bytesChecked, count('missing'), count('altered')],
  );
  return { trigger: options.trigger, startedAt, finishedAt, filesChecked, bytesChecked, problems, recovered };
}

async function recordProblem(
  dataSource: DataSource,
  audit: AuditService,
  columns: { table: string; column: string }[],
  sha256: string,
  found: { problem: FileProblemKind; detail: string },
  trigger: FileCheckTrigger,
): Promise<FileProblem> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK_NAMESPACE + sha256]);
    const usedBy = await usersOf(manager, columns, sha256);
    const [previous] = (await manager.query(
      `SELECT problem, detail FROM stored_file_problems WHERE sha256 = $1`,
      [sha256],
    )) as { problem: FileProblemKind; detail: string }[];
    await manager.query(
      `INSERT INTO stored_file_problems (sha256, problem, detail, used_by, detected_at, last_seen_at)
       VALUES ($1, $2, $3, $4, now(), now())
       ON CONFLICT (sha256) DO UPDATE
         SET problem = EXCLUDED.problem, detail = EXCLUDED.detail, used_by = EXCLUDED.used_by,
             last_seen_at = now(),
             detected_at = CASE WHEN stored_file_problems.problem = EXCLUDED.problem AND stored_file_problems.detail = EXCLUDED.detail
                                THEN stored_file_problems.detected_at ELSE now() END`,
      [sha256, found.problem, found.detail, JSON.stringify(usedBy)],
    );
    // Audited once per problem: again only when it changes (altered again, or now missing).
    if (!previous || previous.problem !== found.problem || previous.detail !== found.detail) {
      await audit.record(manager, {
        actorId: null,
        action: found.problem === 'missing' ? 'file_missing' : 'file_altered',
        entity: 'stored_files',
        entityId: sha256,
        context: { detail: found.detail, usedBy, check: trigger },
      });
    }
    return { sha256, ...found, usedBy };
  });
}

/** Clears a file's known problem once it is found intact (restored from a backup); audited. */
async function recordRecovery(
  dataSource: DataSource,
  audit: AuditService,
  sha256: string,
  trigger: FileCheckTrigger,
): Promise<boolean> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [LOCK_NAMESPACE + sha256]);
    const [row] = (await manager.query(
      `WITH removed AS (DELETE FROM stored_file_problems WHERE sha256 = $1 RETURNING problem, detected_at)
       SELECT problem, detected_at FROM removed`,
      [sha256],
    )) as { problem: FileProblemKind; detected_at: Date }[];
    if (!row) return false;
    await audit.record(manager, {
      actorId: null,
      action: 'file_recovered',
      entity: 'stored_files',
      entityId: sha256,
      context: { was: row.problem, since: new Date(row.detected_at).toISOString(), check: trigger },
    });
    return true;
  });
}

/** The problems known now, as the health endpoint shows them to admins. */
export interface FileIntegrityStatus {
  status: 'ok' | 'problems' | 'unchecked';
  lastCheck: {
    trigger: FileCheckTrigger;
    startedAt: string;
    finishedAt: string;
    filesChecked: number;
    bytesChecked: number;
  } | null;
  missing: FileProblemSummary;
  altered: FileProblemSummary;
}

export interface FileProblemSummary {
  count: number;
  attachmentIds: string[];
  reportIds: string[];
  files: (FileProblem & { detectedAt: string; lastSeenAt: string })[];
}

/** Files listed in the status at most (the counts are exact). */
const LISTED_PROBLEMS = 200;

export async function fileIntegrityStatus(dataSource: DataSource): Promise<FileIntegrityStatus> {
  const [last] = (await dataSource.query(
    `SELECT trigger, to_json(started_at) #>> '{}' AS "startedAt", to_json(finished_at) #>> '{}' AS "finishedAt",
            files_checked AS "filesChecked", bytes_checked::float8 AS "bytesChecked"
       FROM file_checks ORDER BY finished_at DESC LIMIT 1`,
  )) as NonNullable<FileIntegrityStatus['lastCheck']>[];
  const summary = async (kind: FileProblemKind): Promise<FileProblemSummary> => {
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM stored_file_problems WHERE problem = $1`,
      [kind],
    )) as [{ count: number }];
    const files = (await dataSource.query(
      `SELECT sha256, problem, detail, used_by AS "usedBy",
              to_json(detected_at) #>> '{}' AS "detectedAt", to_json(last_seen_at) #>> '{}' AS "lastSeenAt"
         FROM stored_file_problems WHERE problem = $1 ORDER BY detected_at, sha256 LIMIT $2`,
      [kind, LISTED_PROBLEMS],
    )) as FileProblemSummary['files'];
    const ids = (table: string) => [...new Set(files.flatMap((file) => file.usedBy[table] ?? []))].sort();
    return { count, attachmentIds: ids('attachments'), reportIds: ids('reports'), files };
  };
  const missing = await summary('missing');
  const altered = await summary('altered');
  const status = missing.count + altered.count > 0 ? 'problems' : last ? 'ok' : 'unchecked';
  return { status, lastCheck: last ?? null, missing, altered };
}
