import { randomBytes, type KeyObject } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { checkAnchorLines, checkAnchorsAgainstChain } from '../audit/audit-anchors';
import { verifyAuditChain } from '../audit/audit-verification';
import { decryptStream, verifyManifest } from './backup-crypto';
import {
  type BackupManifest,
  backupPaths,
  backupsInListing,
  fileObjectPath,
  parseManifest,
} from './backup-manifest';
import { HashMeter, readAll, sha256Of } from './backup-streams';
import { storedFilePath } from './run-backup';
import { type BackupDestination, openDestination } from './destination';
import { clientConnection, databaseOf, postgresTool, runTool, withDatabase } from './postgres-tools';

export interface RestoreSettings {
  target: string;
  backupId?: string;
  /** The age identity (`AGE-SECRET-KEY-1…`), not a file name. */
  identity: string;
  /** The database to restore into (absent or without tables), as a role that may create databases and PostGIS. */
  databaseUrl: string;
  dataDir: string;
  publicKeys: Map<string, KeyObject>;
  /** Where the backup's audit anchor file is written (absent or empty before); not written when unset. */
  anchorsFile?: string;
  /**
   * The role that owns the schema in production (`vigie_owner` when `npm start` provisioned the
   * server): the restored database, tables, sequences, views and functions are given to it, so that
   * migrations and grants work as before. Unset: they stay the restoring role's.
   */
  owner?: string;
}

export interface RestoreCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface RestoreReport {
  ok: boolean;
  backupId: string;
  checks: RestoreCheck[];
}

/** Thrown to stop at a failed check: the check is in the report already. */
class Stop extends Error {}

const DIRECTORY_MODE = 0o700;
const FILE_MODE = 0o400;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Tables of `public` that are not an extension's (PostGIS's spatial_ref_sys is in every database). */
const OWN_TABLES = `
  SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')`;

/** Null when the database is absent, else its number of tables (not counting an extension's). */
async function tablesIn(url: string): Promise<number | null> {
  try {
    return await withClient(url, async (client) => (await client.query(OWN_TABLES)).rowCount ?? 0);
  } catch (error) {
    if ((error as { code?: string }).code === '3D000') return null;
    throw error;
  }
}

/**
 * Absent, empty, or holding only the file store's empty `tmp/` (a server started once) and the
 * `lost+found/` of a freshly formatted disk mounted there (not read: it belongs to root, and the
 * file store never touches it).
 */
function isEmptyDirectory(path: string): boolean {
  if (!existsSync(path)) return true;
  const entries = readdirSync(path);
  return entries.every(
    (entry) => entry === 'lost+found' || (entry === 'tmp' && readdirSync(join(path, entry)).length === 0),
  );
}

/** Decrypts an object into memory (manifests, anchors: small). */
async function decryptToBuffer(
  destination: BackupDestination,
  path: string,
  identity: string,
): Promise<Buffer> {
  return readAll(decryptStream(await destination.read(path), identity));
}

/** Decrypts an object into a file, checking its size and SHA-256 on the way. */
async function decryptToFile(
  source: Readable,
  identity: string,
  file: string,
  expected: { sha256: string; sizeBytes: number; label: string },
  mode: number,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: DIRECTORY_MODE });
  await pipeline(
    decryptStream(source, identity),
    new HashMeter({ expected }),
    createWriteStream(file, { mode }),
  );
}

/**
 * Restores one backup (DESIGN §8) into an absent or empty database and data directory. Everything
 * is checked before anything is written: the manifest's signature, then every object's SHA-256 as
 * it is decrypted into a temporary directory on the data directory's disk. The dump is restored into a
 * new database, `<target>_restoring_<hex>`, checked (row counts, stored files, the audit chain and
 * its anchors); then the files and anchors are moved into place and the database renamed to the
 * target, last. Any failure moves back what was moved, drops that database and removes the
 * temporary files: nothing is half restored.
 */
export async function runRestore(
  settings: RestoreSettings,
  log: (line: string) => void = () => undefined,
): Promise<RestoreReport> {
  const checks: RestoreCheck[] = [];
  const report = (backupId: string): RestoreReport => ({
    ok: checks.length > 0 && checks.every((check) => check.ok),
    backupId,
    checks,
  });
  const check = (name: string, ok: boolean, detail: string): void => {
    checks.push({ name, ok, detail });
    log(`${ok ? 'OK    ' : 'FAILED'} ${name}: ${detail}`);
    if (!ok) throw new Stop(detail);
  };
  /** Runs a step; an error becomes its failed check. */
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Stop) throw error;
      check(name, false, describe(error));
      throw error; // unreachable: check threw
    }
  };

  const targetName = databaseOf(settings.databaseUrl);
  const adminUrl = withDatabase(settings.databaseUrl, 'postgres');
  let backupId = settings.backupId ?? '';
  let temp: string | undefined;
  let restoring: string | undefined;
  let switched = false;
  try {
    const destination = openDestination(settings.target);
    backupId = await step('backup', async () => {
      const { complete } = backupsInListing(await destination.list('backups/'));
      const chosen = settings.backupId ?? complete[complete.length - 1];
      if (chosen === undefined) throw new Error(`no signed backup at ${destination.description}`);
      if (!complete.includes(chosen))
        throw new Error(`no signed backup ${chosen} at ${destination.description}`);
      return chosen;
    });
    check('backup', true, `${backupId} at ${destination.description}`);
    const paths = backupPaths(backupId);

    const manifestBytes = await step('manifest', () =>
      decryptToBuffer(destination, paths.manifest, settings.identity),
    );
    const signature = await step('signature', async () =>
      (await readAll(await destination.read(paths.signature))).toString('utf8'),
    );
    const signed = await step('signature', async () =>
      verifyManifest(manifestBytes, signature, settings.publicKeys),
    );
    check(
      'signature',
      signed,
      signed
        ? 'manifest signed by a trusted anchor key'
        : 'the manifest or its signature was altered, or the key is not trusted',
    );
    const manifest: BackupManifest = await step('manifest', async () => parseManifest(manifestBytes));
    if (manifest.id !== backupId)
      check('manifest', false, `the manifest is backup ${manifest.id}'s, not ${backupId}'s`);
    check(
      'manifest',
      true,
      `made ${manifest.createdAt} by Vigie ${manifest.appVersion}, schema ${manifest.schemaVersion}, ${manifest.files.length} file(s)`,
    );

    // Cheap refusals first: a target in use is refused before gigabytes are downloaded.
    const tables = await step('target', () => tablesIn(settings.databaseUrl));
    if (tables !== null && tables > 0) {
      check(
        'target',
        false,
        `database ${targetName} is not empty (${tables} table(s)): restore only into a new database`,
      );
    }
    if (!isEmptyDirectory(settings.dataDir))
      check('target', false, `data directory ${settings.dataDir} is not empty`);
    if (
      settings.anchorsFile !== undefined &&
      existsSync(settings.anchorsFile) &&
      statSync(settings.anchorsFile).size > 0
    ) {
      check('target', false, `anchor file ${settings.anchorsFile} exists already`);
    }
    check(
      'target',
      true,
      `database ${targetName} ${tables === null ? 'absent' : 'empty'}, ${settings.dataDir} empty`,
    );

    // On the data directory's file system, so that moving the files in is a rename: inside it when
    // it exists (it may be a mount point, a disk of its own), beside it otherwise.
    const tempParent = existsSync(settings.dataDir) ? settings.dataDir : dirname(settings.dataDir);
    await mkdir(tempParent, { recursive: true, mode: DIRECTORY_MODE });
    temp = await mkdtemp(join(tempParent, `.${basename(settings.dataDir)}.restore-`));
    const dumpFile = join(temp, 'database.dump');
    await step('database dump', async () =>
      decryptToFile(
        await destination.read(paths.database),
        settings.identity,
        dumpFile,
        { ...manifest.database, label: 'the database dump' },
        0o600,
      ),
    );
    check('database dump', true, `${manifest.database.sizeBytes} bytes, SHA-256 ${manifest.database.sha256}`);

    const anchors = await step('anchors', () =>
      decryptToBuffer(destination, paths.anchors, settings.identity),
    );
    check(
      'anchors',
      sha256Of(anchors) === manifest.anchors.sha256 && anchors.length === manifest.anchors.sizeBytes,
      `anchor file of ${anchors.length} bytes${sha256Of(anchors) === manifest.anchors.sha256 ? '' : ' does not match the manifest'}`,
    );

    const filesDir = join(temp, 'files');
    await mkdir(filesDir, { mode: DIRECTORY_MODE });
    await step('files', async () => {
      let done = 0;
      for (const file of manifest.files) {
        const object = fileObjectPath(file.sha256);
        let source: Readable;
        try {
          source = await destination.read(object);
        } catch (error) {
          throw new Error(`${object} is missing or unreadable at the destination: ${describe(error)}`, {
            cause: error,
          });
        }
        await decryptToFile(
          source,
          settings.identity,
          storedFilePath(filesDir, file.sha256),
          { ...file, label: `file ${file.sha256}` },
          FILE_MODE,
        );
        done += 1;
        if (done % 100 === 0) log(`${done}/${manifest.files.length} file(s) checked…`);
      }
    });
    check('files', true, `${manifest.files.length} file(s), each of the listed size and SHA-256`);

    // Everything was checked: now the new database.
    restoring = `${targetName}_restoring_${randomBytes(3).toString('hex')}`;
    const restoringUrl = withDatabase(settings.databaseUrl, restoring);
    const serverMajor = await step('restore', () =>
      withClient(adminUrl, async (client) => {
        await client.query(`CREATE DATABASE ${quoteIdentifier(restoring as string)}`);
        const version = await client.query<{ v: string }>(
          `SELECT current_setting('server_version_num') AS v`,
        );
        return Math.floor(Number(version.rows[0]?.v) / 10000);
      }),
    );
    await step('restore', async () => {
      await withClient(restoringUrl, (client) => client.query('CREATE EXTENSION IF NOT EXISTS postgis'));
      const { dbname, env } = clientConnection(restoringUrl);
      await runTool(
        postgresTool('pg_restore', serverMajor),
        ['--no-owner', '--exit-on-error', `--dbname=${dbname}`, dumpFile],
        env,
      );
    });
    if (settings.owner) {
      const owner = settings.owner;
      await step('owner', () =>
        withClient(restoringUrl, (client) => giveTo(client, owner, restoring as string)),
      );
      check('owner', true, `database and schema objects owned by ${owner}`);
    }
    check('restore', true, `restored into ${restoring}`);

    await verifyRestored(restoringUrl, manifest, anchors, settings.publicKeys, check, step);

    // The files and the anchors go into place first, each undone if a later part fails; renaming
    // the database is the last step, the one that makes the restore happen.
    await step('switch', async () => {
      const undo: (() => Promise<void>)[] = [await moveFiles(filesDir, settings.dataDir)];
      try {
        const anchorsFile = settings.anchorsFile;
        if (anchorsFile !== undefined) {
          await mkdir(dirname(anchorsFile), { recursive: true, mode: DIRECTORY_MODE });
          const existed = existsSync(anchorsFile); // empty, or the target check refused it
          await writeFile(anchorsFile, anchors, { mode: 0o600 });
          undo.push(() => (existed ? writeFile(anchorsFile, '') : rm(anchorsFile, { force: true })));
        }
        await withClient(adminUrl, async (client) => {
          const tablesNow = await tablesIn(settings.databaseUrl);
          if (tablesNow !== null) {
            if (tablesNow !== 0) throw new Error(`database ${targetName} is no longer empty`);
            await client.query(`DROP DATABASE ${quoteIdentifier(targetName)}`);
          }
          await client.query(
            `ALTER DATABASE ${quoteIdentifier(restoring as string)} RENAME TO ${quoteIdentifier(targetName)}`,
          );
        });
      } catch (error) {
        for (const moveBack of undo.reverse()) await moveBack();
        throw error;
      }
      switched = true;
    });
    check('switch', true, `database ${targetName} and ${settings.dataDir} hold backup ${backupId}`);
    return report(backupId);
  } catch (error) {
    if (!(error instanceof Stop)) checks.push({ name: 'restore', ok: false, detail: describe(error) });
    return report(backupId);
  } finally {
    if (restoring !== undefined && !switched) {
      await withClient(adminUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(restoring as string)} WITH (FORCE)`),
      ).catch((error: unknown) => log(`Could not drop ${restoring}: ${describe(error)}`));
    }
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Gives the restored database and its own objects in `public` (not the extension's) to `owner`.
 * A sequence owned by a column follows its table.
 */
async function giveTo(client: pg.Client, owner: string, database: string): Promise<void> {
  const role = quoteIdentifier(owner);
  await client.query(`ALTER DATABASE ${quoteIdentifier(database)} OWNER TO ${role}`);
  await client.query(`ALTER SCHEMA public OWNER TO ${role}`);
  const notExtension = (oid: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${oid} AND d.deptype = 'e')`;
  const relations = await client.query<{ statement: string }>(
    `SELECT format('ALTER %s public.%I OWNER TO %s',
                   CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                   c.relname, $1::text) AS statement
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${notExtension('c.oid')}
        AND NOT (c.relkind = 'S' AND EXISTS (
              SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))`,
    [role],
  );
  const functions = await client.query<{ statement: string }>(
    `SELECT format('ALTER FUNCTION %s OWNER TO %s', p.oid::regprocedure, $1::text) AS statement
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = 'public' AND ${notExtension('p.oid')}`,
    [role],
  );
  for (const { statement } of [...relations.rows, ...functions.rows]) await client.query(statement);
}

/**
 * Moves the checked files into the (absent or empty) data directory, renames on one file system,
 * and returns how to move them back. An absent directory is one rename; into an existing one (a
 * mount point, say) the entries go one by one, and a failure midway moves back those already moved.
 */
async function moveFiles(filesDir: string, dataDir: string): Promise<() => Promise<void>> {
  let moveBack: () => Promise<void>;
  if (!existsSync(dataDir)) {
    await rename(filesDir, dataDir);
    moveBack = () => rename(dataDir, filesDir);
  } else {
    const emptyTmp = join(dataDir, 'tmp');
    if (existsSync(emptyTmp)) await rmdir(emptyTmp);
    const moved: string[] = [];
    moveBack = async () => {
      for (const entry of [...moved].reverse()) await rename(join(dataDir, entry), join(filesDir, entry));
    };
    try {
      for (const entry of readdirSync(filesDir)) {
        await rename(join(filesDir, entry), join(dataDir, entry));
        moved.push(entry);
      }
    } catch (error) {
      await moveBack();
      throw error;
    }
  }
  try {
    await chmod(dataDir, DIRECTORY_MODE);
  } catch (error) {
    await moveBack();
    throw error;
  }
  return moveBack;
}

type Check = (name: string, ok: boolean, detail: string) => void;
type Step = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/** The restored database against the manifest: row counts, stored files, audit chain and anchors. */
async function verifyRestored(
  url: string,
  manifest: BackupManifest,
  anchors: Buffer,
  publicKeys: Map<string, KeyObject>,
  check: Check,
  step: Step,
): Promise<void> {
  const counted = await step('row counts', () =>
    withClient(url, async (client) => {
      const tables = await client.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
      );
      const counts: Record<string, number> = {};
      for (const { name } of tables.rows) {
        const result = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM public.${quoteIdentifier(name)}`,
        );
        counts[name] = Number(result.rows[0]?.n);
      }
      const files = await client.query<{ sha256: string; size_bytes: string }>(
        `SELECT sha256, size_bytes FROM stored_files ORDER BY sha256`,
      );
      return { counts, files: files.rows.map((row) => `${row.sha256}:${row.size_bytes}`) };
    }),
  );
  const tables = new Set([...Object.keys(counted.counts), ...Object.keys(manifest.rowCounts)]);
  const differences = [...tables]
    .sort()
    .filter((table) => counted.counts[table] !== manifest.rowCounts[table])
    .map(
      (table) =>
        `${table}: ${counted.counts[table] ?? 'absent'} (manifest ${manifest.rowCounts[table] ?? 'absent'})`,
    );
  const total = Object.values(counted.counts).reduce((sum, n) => sum + n, 0);
  check(
    'row counts',
    differences.length === 0,
    differences.length === 0 ? `${tables.size} tables, ${total} rows` : differences.join('; '),
  );
  const listed = manifest.files.map((file) => `${file.sha256}:${file.sizeBytes}`);
  check(
    'stored files',
    listed.join(',') === counted.files.join(','),
    listed.join(',') === counted.files.join(',')
      ? `stored_files lists the ${listed.length} file(s) restored`
      : `stored_files does not list the manifest's files`,
  );

  const dataSource = new DataSource({ type: 'postgres', url, logging: false });
  await dataSource.initialize();
  try {
    const lines = anchors
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '');
    const parsed = checkAnchorLines(lines, publicKeys);
    const wanted = new Set(parsed.anchors.map((anchor) => anchor.count));
    const heads = new Map<number, string>();
    const verdict = await step('audit chain', () =>
      verifyAuditChain(dataSource, undefined, (count, hash) => {
        if (wanted.has(count)) heads.set(count, hash);
      }),
    );
    check(
      'audit chain',
      verdict.ok && verdict.count === manifest.audit.count && verdict.headHash === manifest.audit.headHash,
      verdict.ok
        ? `${verdict.count} events, head ${verdict.headHash}` +
            (verdict.count === manifest.audit.count && verdict.headHash === manifest.audit.headHash
              ? ''
              : ` (manifest: ${manifest.audit.count} events, head ${manifest.audit.headHash})`)
        : `broken at event ${verdict.brokenAtId} (${verdict.reason})`,
    );
    const problems = [
      ...parsed.problems,
      ...checkAnchorsAgainstChain(
        parsed.anchors,
        (anchor) => parsed.lineOf.get(anchor) ?? 0,
        (count) => heads.get(count),
      ),
    ];
    check(
      'audit anchors',
      problems.length === 0,
      problems.length === 0
        ? `${lines.length} anchor(s) match the chain`
        : problems.map((problem) => `line ${problem.line} ${problem.message}`).join('; '),
    );
  } finally {
    await dataSource.destroy();
  }
}
