import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import pg from 'pg';
import { projectRoot } from '../../../../db/project-root';
import { type AnchorPaths, loadOrCreateAnchorKey, readAnchorLines } from '../audit/audit-anchors';
import { GENESIS_HASH } from '../audit/audit-chain';
import { backgroundNiceness, lowerPriority, lowerSessionPriority } from './background-priority';
import { encryptStream, signManifest } from './backup-crypto';
import {
  type BackupManifest,
  backupPaths,
  backupsInListing,
  fileObjectPath,
  MANIFEST_FORMAT,
  newBackupId,
} from './backup-manifest';
import { HashMeter, readAll, sha256Of } from './backup-streams';
import { type BackupDestination, openDestination } from './destination';
import { clientConnection, postgresTool } from './postgres-tools';
import { backupsToKeep, type RetentionPolicy } from './retention';

export interface BackupSettings {
  /** A role that may read every table (the schema's owner): pg_dump reads them all. */
  databaseUrl: string;
  dataDir: string;
  anchors: AnchorPaths;
  target: string;
  recipient: string;
  retention: RetentionPolicy;
}

export interface BackupOutcome {
  id: string;
  /** Plaintext bytes the backup covers: the dump, the anchors and every file it lists. */
  sizeBytes: number;
  filesCopied: number;
  filesSkipped: number;
  /** Encrypted bytes written to the destination by this run. */
  bytesWritten: number;
  durationMs: number;
  destination: string;
  /** Backups removed by retention. */
  pruned: string[];
}

/** Held for the whole run on the source database: two backups at once would prune each other. */
const BACKUP_LOCK_KEY = 0x76_69_67_62; // 'vigb'

/** pg-boss's schema, left out of backups. */
const QUEUE_SCHEMA = 'pgboss';

/** What the snapshot says, read in the transaction pg_dump shares. */
interface SnapshotFacts {
  rowCounts: Record<string, number>;
  audit: { count: number; headHash: string };
  files: { sha256: string; sizeBytes: number }[];
  schemaVersion: string;
  serverMajor: number;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function readSnapshotFacts(client: pg.Client): Promise<SnapshotFacts> {
  const tables = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const rowCounts: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM public.${quoteIdentifier(name)}`,
    );
    rowCounts[name] = Number(result.rows[0]?.n);
  }
  const audit = await client.query<{ count: string; head: string | null }>(
    `SELECT (SELECT count(*) FROM audit_events) AS count,
            (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1) AS head`,
  );
  const files = await client.query<{ sha256: string; size_bytes: string }>(
    `SELECT sha256, size_bytes FROM stored_files ORDER BY sha256`,
  );
  const migration = await client.query<{ name: string }>(
    `SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1`,
  );
  const version = await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  return {
    rowCounts,
    audit: { count: Number(audit.rows[0]?.count), headHash: audit.rows[0]?.head ?? GENESIS_HASH },
    files: files.rows.map((row) => ({ sha256: row.sha256, sizeBytes: Number(row.size_bytes) })),
    schemaVersion: migration.rows[0]?.name ?? '',
    serverMajor: Math.floor(Number(version.rows[0]?.v) / 10000),
  };
}

/**
 * The anchor file as of the snapshot: its lines up to the last anchor of at most `count` events.
 * An anchor appended after the snapshot names a head the dump does not hold; the lines before it
 * still chain (each line hashes the one before), so the prefix verifies on its own.
 */
export function anchorsAsOf(file: string, count: number): Buffer {
  if (!existsSync(file)) return Buffer.alloc(0);
  const lines = readAnchorLines(file);
  let end = 0;
  for (const line of lines) {
    let anchored: number;
    try {
      anchored = (JSON.parse(line) as { count: number }).count;
    } catch {
      anchored = Number.NaN; // kept: the restore's check names the broken line
    }
    if (anchored > count) break;
    end += 1;
  }
  return Buffer.from(
    lines
      .slice(0, end)
      .map((line) => `${line}\n`)
      .join(''),
    'utf8',
  );
}

/** Where the file store keeps a file (apps/api/src/files/file-store.ts). */
export function storedFilePath(dataDir: string, sha256: string): string {
  return join(dataDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/**
 * Counts what goes to the destination (the encrypted bytes). Counting only: nothing reads a hash
 * of the encrypted bytes, and computing one was a second SHA-256 of every byte a backup writes.
 */
class Written {
  bytes = 0;
  count(source: Readable): Readable {
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.bytes += chunk.length;
        callback(null, chunk);
      },
    });
    // As HashMeter: once its consumer gave up and left, an unheard 'error' would end the process.
    counter.on('error', () => undefined);
    source.on('error', (error) => counter.destroy(error));
    return source.pipe(counter);
  }
}

/**
 * pg_dump in the exported snapshot, its output hashed on the way and encrypted into the destination.
 * The hashing stream only ends once pg_dump exited 0, so a failed dump never becomes a complete
 * object at the destination.
 */
async function dumpDatabase(
  destination: BackupDestination,
  path: string,
  settings: BackupSettings,
  snapshot: { id: string; client: pg.Client },
  serverMajor: number,
  written: Written,
  log: (line: string) => void,
): Promise<{ sha256: string; sizeBytes: number }> {
  const { dbname, env } = clientConnection(settings.databaseUrl);
  // Names pg_dump's session, so that its server process can be found and lowered below.
  const applicationName = `vigie-backup-dump-${process.pid}`;
  const child = spawn(
    postgresTool('pg_dump', serverMajor),
    [
      '-Fc',
      `--snapshot=${snapshot.id}`,
      '--no-owner',
      '--no-privileges',
      // pg-boss's queue (db/provision/roles.mts QUEUE_SCHEMA): transient jobs, recreated at start;
      // the API's role may not read it.
      `--exclude-schema=${QUEUE_SCHEMA}`,
      `--dbname=${dbname}`,
    ],
    { env: { ...env, PGAPPNAME: applicationName }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Below the API's requests: pg_dump compresses the dump, and its server process turns every row
  // into text, seconds of CPU that can wait.
  const niceness = backgroundNiceness();
  if (child.pid !== undefined) lowerPriority(child.pid, niceness);
  const dumping = { stopped: false };
  const lowering = lowerSessionPriority(snapshot.client, applicationName, niceness, dumping).then(
    ({ lowered, reason }) =>
      log(
        lowered.length > 0
          ? `PostgreSQL server processes of the dump at niceness ${niceness}: ${lowered.join(', ')}.`
          : `PostgreSQL server processes of the dump left at their priority: ${reason}.`,
      ),
    (error: unknown) =>
      log(`PostgreSQL server processes of the dump left at their priority: ${String(error)}.`),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      dumping.stopped = true;
      if (code === 0) resolve();
      else
        reject(
          new Error(`pg_dump failed (${code ?? signal}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`),
        );
    });
  });
  exited.catch(() => undefined); // observed through the meter's end
  const meter = new HashMeter({ beforeEnd: () => exited });
  child.stdout.on('error', (error) => meter.destroy(error));
  try {
    await destination.write(path, written.count(encryptStream(child.stdout.pipe(meter), settings.recipient)));
  } catch (error) {
    child.kill();
    throw error;
  } finally {
    dumping.stopped = true;
    // The snapshot's connection is free again only once the search for the dump's session ended.
    await lowering;
  }
  await exited;
  return { sha256: meter.sha256, sizeBytes: meter.bytes };
}

/** Copies the files the destination lacks, each checked against its SHA-256 while read. */
async function copyFiles(
  destination: BackupDestination,
  settings: BackupSettings,
  files: SnapshotFacts['files'],
  written: Written,
  log: (line: string) => void,
): Promise<{ copied: number; skipped: number }> {
  const present = new Set(await destination.list('files/'));
  let copied = 0;
  for (const file of files) {
    const object = fileObjectPath(file.sha256);
    if (present.has(object)) continue;
    const source = storedFilePath(settings.dataDir, file.sha256);
    if (!existsSync(source)) {
      throw new Error(
        `Stored file ${file.sha256} is missing from ${settings.dataDir} (expected at ${source}).`,
      );
    }
    const meter = new HashMeter({
      expected: { ...file, label: `Stored file ${source}` },
    });
    const input = createReadStream(source);
    input.on('error', (error) => meter.destroy(error));
    try {
      await destination.write(object, written.count(encryptStream(input.pipe(meter), settings.recipient)));
    } catch (error) {
      // The meter's message names the file and says what differs; keep it on top.
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(
        message.includes(file.sha256) ? `${message}: the stored file is altered, backup refused.` : message,
        { cause: error },
      );
    }
    copied += 1;
    if (copied % 100 === 0) log(`${copied} file(s) copied…`);
  }
  return { copied, skipped: files.length - copied };
}

function fileListBytes(files: SnapshotFacts['files']): Buffer {
  return Buffer.from(files.map((file) => `${file.sha256}\n`).join(''), 'utf8');
}

/**
 * Retention: removes the signed backups the policy does not keep and leftovers of failed runs, then
 * the files no kept backup lists. A kept backup whose list cannot be read keeps every file.
 */
async function prune(
  destination: BackupDestination,
  current: string,
  policy: RetentionPolicy,
  log: (line: string) => void,
): Promise<string[]> {
  const listing = await destination.list('backups/');
  const { complete, incomplete } = backupsInListing(listing);
  const keep = backupsToKeep(complete, policy, new Date());
  keep.add(current);
  const pruned = complete.filter((id) => !keep.has(id));
  const leftovers = incomplete.filter((id) => id !== current);
  for (const id of [...pruned, ...leftovers]) {
    const prefix = backupPaths(id).directory;
    // The signature first: a backup half removed is then an unsigned leftover, never a broken backup.
    const objects = listing.filter((path) => path.startsWith(prefix));
    objects.sort((a, b) => Number(b.endsWith('manifest.sig')) - Number(a.endsWith('manifest.sig')));
    for (const object of objects) await destination.remove(object);
  }
  const needed = new Set<string>();
  for (const id of keep) {
    let list: Buffer;
    try {
      list = await readAll(await destination.read(backupPaths(id).fileList));
    } catch {
      log(`Backup ${id} has no readable file list: no file pruned.`);
      return pruned;
    }
    for (const line of list.toString('utf8').split('\n')) if (line !== '') needed.add(line);
  }
  let removed = 0;
  for (const object of await destination.list('files/')) {
    const match = /^files\/([0-9a-f]{64})\.age$/.exec(object);
    if (match && !needed.has(match[1] as string)) {
      await destination.remove(object);
      removed += 1;
    }
  }
  if (pruned.length + leftovers.length + removed > 0) {
    log(
      `Retention removed ${pruned.length} backup(s), ${leftovers.length} unfinished one(s), ${removed} file(s).`,
    );
  }
  return pruned;
}

/**
 * One consistent backup (DESIGN §8): the database dump and the facts of the manifest from one
 * exported snapshot, the files it references (only those the destination lacks), the audit anchors,
 * the manifest, then its signature last: a backup exists once manifest.sig does.
 */
/**
 * A new id, later than every backup already at the destination: ids order backups (retention keeps
 * the newest), and two backups within one second would otherwise order by their random suffix.
 */
async function laterBackupId(existing: readonly string[]): Promise<string> {
  const stamp = (id: string) => id.slice(0, id.indexOf('-'));
  let id = newBackupId();
  while (existing.some((other) => stamp(other) === stamp(id))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    id = newBackupId();
  }
  return id;
}

export async function runBackup(
  settings: BackupSettings,
  log: (line: string) => void = () => undefined,
): Promise<BackupOutcome> {
  const started = Date.now();
  const destination = openDestination(settings.target);
  // Unreachable, missing or unmounted: said now, before any snapshot or dump is started.
  const existing = backupsInListing(await destination.list('backups/'));
  const { privateKey, keyId } = loadOrCreateAnchorKey(settings.anchors);
  const id = await laterBackupId([...existing.complete, ...existing.incomplete]);
  const paths = backupPaths(id);
  const written = new Written();
  const client = new pg.Client({ connectionString: settings.databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const [lock] = (
      await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [BACKUP_LOCK_KEY])
    ).rows;
    if (!lock?.ok) throw new Error('Another backup of this database is running.');
    log(`Backup ${id} to ${destination.description}`);
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0]
      ?.id as string;
    const facts = await readSnapshotFacts(client);
    const anchors = anchorsAsOf(settings.anchors.file, facts.audit.count);
    // The exporting transaction stays open until pg_dump is done: the snapshot lives as long as it.
    const database = await dumpDatabase(
      destination,
      paths.database,
      settings,
      { id: snapshot, client },
      facts.serverMajor,
      written,
      log,
    );
    await client.query('COMMIT');
    log(`Database dumped: ${database.sizeBytes} bytes.`);

    const { copied, skipped } = await copyFiles(destination, settings, facts.files, written, log);
    log(`Files: ${copied} copied, ${skipped} already at the destination.`);
    await destination.write(
      paths.anchors,
      written.count(encryptStream(Readable.from([anchors]), settings.recipient)),
    );
    await destination.write(paths.fileList, written.count(Readable.from([fileListBytes(facts.files)])));

    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      id,
      createdAt: new Date(started).toISOString(),
      appVersion: appVersion(),
      schemaVersion: facts.schemaVersion,
      recipient: settings.recipient,
      database,
      anchors: { sha256: sha256Of(anchors), sizeBytes: anchors.length },
      files: facts.files,
      rowCounts: facts.rowCounts,
      audit: facts.audit,
      signingKeyId: keyId,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    await destination.write(
      paths.manifest,
      written.count(encryptStream(Readable.from([manifestBytes]), settings.recipient)),
    );
    const signature = Buffer.from(signManifest(manifestBytes, privateKey, keyId), 'utf8');
    await destination.write(paths.signature, written.count(Readable.from([signature])));
    log(`Backup ${id} written and signed.`);

    let pruned: string[] = [];
    try {
      pruned = await prune(destination, id, settings.retention, log);
    } catch (error) {
      // The backup itself is complete: say that retention failed, keep the outcome.
      log(
        `Retention failed (the backup is complete): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const sizeBytes =
      database.sizeBytes + anchors.length + facts.files.reduce((sum, file) => sum + file.sizeBytes, 0);
    return {
      id,
      sizeBytes,
      filesCopied: copied,
      filesSkipped: skipped,
      bytesWritten: written.bytes,
      durationMs: Date.now() - started,
      destination: destination.description,
      pruned,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
