import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GENESIS_HASH, hashAuditEvent } from '../../apps/api/src/audit/audit-chain';
import { AuditService, type AuditEntry } from '../../apps/api/src/audit/audit.service';
import {
  AUDIT_EVENT_COLUMNS,
  type AuditEventRow,
  storedAuditEvent,
  verifyAuditChain,
} from '../../apps/api/src/audit/audit-verification';
import { EXIT_BROKEN, EXIT_INTACT, runAuditVerify } from '../../db/audit-verify';
import { dataSourceOptions } from '../../db/data-source';
import { dropDatabase, ensureDatabase } from '../../db/provision/index.mts';
import { connect, rejection, uniqueWord } from '../support/given';

const run = promisify(execFile);
const ROOT = process.cwd();
const COMPILED_CLI = join(ROOT, 'dist/db/audit-verify.js');
const API_SOURCES = ['apps/api/src', 'libs/domain/src', 'db'];

const audit = new AuditService();

/** Appends one event in a transaction of its own, as a service would alongside its change. */
function record(dataSource: DataSource, entry: AuditEntry): Promise<void> {
  return dataSource.transaction((manager) => audit.record(manager, entry));
}

async function createUser(dataSource: DataSource): Promise<string> {
  const [{ id }]: { id: string }[] = await dataSource.query(
    `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, 'admin', 'not-a-hash') RETURNING id`,
    [`${uniqueWord('audit')}@vigie.test`, 'Éloïse Auditrice'],
  );
  return id;
}

/** Events whose content survives the trip through jsonb and timestamptz only if read back with care. */
function awkwardEntries(actorId: string, entityId: string): AuditEntry[] {
  return [
    {
      actorId,
      action: 'create',
      entity: 'observations',
      entityId,
      diff: {
        kind: { before: null, after: 'eviction' },
        forces: { before: null, after: [{ unit: 'crs', vehicles: 6, officers: null, identifiers: 'CRS 8' }] },
        location: { before: null, after: { type: 'Point', coordinates: [1.8587123, 50.9513456] } },
        startedAt: { before: null, after: new Date('2025-03-31T21:30:00.000Z') },
      },
      context: { ip: '127.0.0.1', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
    },
    {
      actorId,
      action: 'update',
      entity: 'observations',
      entityId,
      diff: {
        peopleEvicted: { before: 40, after: 55 },
        arrests: { before: 0, after: -0 },
        locationAccuracyM: { before: 0.1 + 0.2, after: 1e-7 },
        big: { before: 1e21, after: Number.MAX_SAFE_INTEGER },
        countsReliable: { before: true, after: false },
        description: {
          before: 'Expulsée à l’aube — « tentes » lacérées',
          after: 'خيام 🏕️ 帐篷 ሰፈር "quoted" \\ back\\slash\nnew line\ttab \u2028 end',
        },
        seizures: { before: [], after: {} },
      },
      context: null,
    },
    {
      actorId: null,
      action: 'login_failed',
      entity: 'users',
      entityId: null,
      diff: null,
      context: {
        email: 'ÉLOÏSE@vigie.test',
        reason: 'bad_password',
        'clé é': { z: 1, a: [null, { b: null }] },
      },
    },
  ];
}

/** The server's superuser on its maintenance database (the run's own roles may not create databases). */
const adminUrl = () => inject('adminDatabaseUrl');

/** A database of its own for the tampering test: the run's database is shared by every file. */
async function throwawayDatabase(): Promise<{
  url: string;
  dataSource: DataSource;
  drop: () => Promise<void>;
}> {
  const name = `vigie_test_audit_tamper_${Date.now()}_${process.pid}`;
  const url = await ensureDatabase(adminUrl(), name);
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    url,
    dataSource,
    drop: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(adminUrl(), name);
    },
  };
}

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/** Builds the API the way `npm start` does, unless the compiled command is newer than every source. */
async function ensureCliBuilt(): Promise<void> {
  const built = existsSync(COMPILED_CLI) ? statSync(COMPILED_CLI).mtimeMs : 0;
  if (built >= Math.max(...API_SOURCES.map((source) => newest(join(ROOT, source))))) return;
  await run(join(ROOT, 'node_modules/.bin/nest'), ['build', 'api'], { cwd: ROOT });
}

/** Runs the compiled `audit:verify` command; a non-zero exit is an answer, not a failure. */
async function runCompiledCli(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [COMPILED_CLI], {
      cwd: ROOT,
      // An anchor file left by `npm start` in this checkout belongs to another database.
      env: {
        ...process.env,
        DATABASE_URL: url,
        VIGIE_AUDIT_ANCHOR_FILE: join(ROOT, '.data', 'no-such-anchors.jsonl'),
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('audit trail', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await connect(inject('databaseUrl'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  describe('a chain written through AuditService.record', () => {
    it('verifies once read back, awkward numbers, unicode, nesting and nulls included', async () => {
      const actorId = await createUser(dataSource);
      const entityId = randomUUID();
      for (const entry of awkwardEntries(actorId, entityId)) await record(dataSource, entry);

      const verdict = await verifyAuditChain(dataSource);

      const [head]: { hash: string; total: number }[] = await dataSource.query(
        `SELECT hash, (SELECT count(*)::int FROM audit_events) AS total FROM audit_events ORDER BY id DESC LIMIT 1`,
      );
      expect(verdict).toEqual({ ok: true, count: head?.total, headHash: head?.hash });
    });

    it('gives the same verdict when read in batches smaller than the chain (keyset pages)', async () => {
      const actorId = await createUser(dataSource);
      for (const entry of awkwardEntries(actorId, randomUUID())) await record(dataSource, entry);

      expect(await verifyAuditChain(dataSource, 2)).toEqual(await verifyAuditChain(dataSource));
      expect(await verifyAuditChain(dataSource, 2)).toMatchObject({ ok: true });
    });

    it('stores each diff as written, dates as ISO strings', async () => {
      const actorId = await createUser(dataSource);
      const entityId = randomUUID();
      const entries = awkwardEntries(actorId, entityId).slice(0, 2);
      for (const entry of entries) await record(dataSource, entry);

      const stored: { diff: unknown; actor_id: string }[] = await dataSource.query(
        `SELECT diff, actor_id FROM audit_events WHERE entity_id = $1 ORDER BY id`,
        [entityId],
      );
      expect(stored).toEqual(
        entries.map((entry) => ({ diff: JSON.parse(JSON.stringify(entry.diff)), actor_id: actorId })),
      );
    });

    it('links the first event of an empty chain to the genesis hash', async () => {
      const database = await throwawayDatabase();
      try {
        expect(await verifyAuditChain(database.dataSource)).toEqual({
          ok: true,
          count: 0,
          headHash: GENESIS_HASH,
        });
        await record(database.dataSource, {
          actorId: null,
          action: 'login_failed',
          entity: 'users',
          entityId: null,
        });

        const [first]: { prev_hash: string }[] = await database.dataSource.query(
          `SELECT prev_hash FROM audit_events`,
        );
        expect(first?.prev_hash).toBe(GENESIS_HASH);
      } finally {
        await database.drop();
      }
    });
  });

  describe('the audit_events table', () => {
    it.each([
      ['UPDATE', `UPDATE audit_events SET action = 'forged'`],
      ['DELETE', `DELETE FROM audit_events`],
      ['TRUNCATE', `TRUNCATE audit_events`],
    ])('refuses %s to the application’s role, and to the table’s owner', async (_operation, sql) => {
      await record(dataSource, { actorId: null, action: 'login_failed', entity: 'users', entityId: null });
      const [before]: { total: number }[] = await dataSource.query(
        `SELECT count(*)::int AS total FROM audit_events`,
      );
      const owner = await connect(inject('ownerDatabaseUrl'));
      try {
        // The app's role lacks the privilege; the owner has it, and meets the append-only trigger.
        for (const [db, expected] of [
          [dataSource, /permission denied for table audit_events/],
          [owner, /audit_events is append-only/],
        ] as const) {
          // Inside a transaction rolled back whatever happens, so a missing guard could not empty the
          // table every other test file of the run shares.
          const runner = db.createQueryRunner();
          await runner.connect();
          await runner.startTransaction();
          try {
            const error = (await rejection(() => runner.query(sql))) as { code?: string; message: string };
            expect(error.message).toMatch(expected);
            expect(error.code).toBe('42501');
          } finally {
            await runner.rollbackTransaction();
            await runner.release();
          }
        }
      } finally {
        await owner.destroy();
      }

      const [after]: { total: number }[] = await dataSource.query(
        `SELECT count(*)::int AS total FROM audit_events`,
      );
      expect(after?.total).toBe(before?.total);
      expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: true });
    });
  });

  describe('concurrent appends', () => {
    it('never fork the chain: 20 transactions at once, each links to a different predecessor', async () => {
      // A pool as large as the burst, so that the 20 transactions really run side by side.
      const wide = new DataSource({
        ...dataSourceOptions(inject('databaseUrl')),
        logging: false,
        extra: { max: 20, options: '-c timezone=UTC -c jit=off' },
      });
      await wide.initialize();
      const entityId = randomUUID();
      try {
        await Promise.all(
          Array.from({ length: 20 }, (_, index) =>
            wide.transaction(async (manager) => {
              // Some work in the transaction before the append, as a real change would do.
              await manager.query(`SELECT pg_sleep(0.01)`);
              await audit.record(manager, {
                actorId: null,
                action: 'update',
                entity: 'observations',
                entityId,
                diff: { arrests: { before: index, after: index + 1 } },
              });
            }),
          ),
        );
      } finally {
        await wide.destroy();
      }

      const [counts]: { mine: number; total: number; distinct_prev: number }[] = await dataSource.query(
        `SELECT count(*) FILTER (WHERE entity_id = $1)::int AS mine, count(*)::int AS total,
                count(DISTINCT prev_hash)::int AS distinct_prev
           FROM audit_events`,
        [entityId],
      );
      expect(counts).toEqual({ mine: 20, total: counts?.total, distinct_prev: counts?.total });
      expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: true, count: counts?.total });
    });
  });

  describe('a row altered behind the application’s back', () => {
    let database: Awaited<ReturnType<typeof throwawayDatabase>>;
    let alteredId: string;

    beforeAll(async () => {
      // The compiled command is what operators run; building it first is what `npm start` does too.
      await Promise.all([
        ensureCliBuilt(),
        (async () => {
          database = await throwawayDatabase();
        })(),
      ]);
      const actorId = await createUser(database.dataSource);
      for (const entry of awkwardEntries(actorId, randomUUID())) await record(database.dataSource, entry);
      for (const entry of awkwardEntries(actorId, randomUUID())) await record(database.dataSource, entry);
    }, 240_000);

    afterAll(async () => {
      await database?.drop();
    });

    it('verifies before the tampering, through the API code, the command and its compiled form', async () => {
      const [{ hash }]: { hash: string }[] = await database.dataSource.query(
        `SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1`,
      );
      const lines: string[] = [];

      expect(await verifyAuditChain(database.dataSource)).toEqual({ ok: true, count: 6, headHash: hash });
      expect(await runAuditVerify(database.url, (line) => lines.push(line))).toBe(EXIT_INTACT);
      expect(lines).toEqual([`Audit chain OK: 6 events, head ${hash}`]);
      const compiled = await runCompiledCli(database.url);
      expect(compiled, compiled.stderr).toMatchObject({ code: 0 });
      expect(compiled.stdout.trim()).toBe(`Audit chain OK: 6 events, head ${hash}`);
    });

    it('is pointed at by verify, by the command and by its compiled form (exit 1)', async () => {
      const [{ id }]: { id: string }[] = await database.dataSource.query(
        `SELECT id FROM audit_events WHERE action = 'update' ORDER BY id DESC LIMIT 1`,
      );
      alteredId = id;
      // What a superuser with psql could do: switch the guard off, rewrite a diff, switch it back on.
      await database.dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
        await manager.query(
          `UPDATE audit_events SET diff = jsonb_set(diff, '{peopleEvicted,after}', '5') WHERE id = $1`,
          [alteredId],
        );
        await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
      });
      const lines: string[] = [];
      const message = `Audit chain BROKEN at event ${alteredId} (hash_mismatch) after 4 events`;

      expect(await verifyAuditChain(database.dataSource)).toEqual({
        ok: false,
        count: 5,
        brokenAtId: alteredId,
        reason: 'hash_mismatch',
      });
      expect(await runAuditVerify(database.url, (line) => lines.push(line))).toBe(EXIT_BROKEN);
      expect(lines).toEqual([message]);
      const compiled = await runCompiledCli(database.url);
      expect(compiled, compiled.stderr).toMatchObject({ code: 1 });
      expect(compiled.stdout.trim()).toBe(message);
    });

    it('is still found when its hash was recomputed too: the next event no longer links to it', async () => {
      const [row]: AuditEventRow[] = await database.dataSource.query(
        `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e WHERE e.id = $1`,
        [alteredId],
      );
      const { id: _id, hash: _hash, ...content } = storedAuditEvent(row as AuditEventRow);
      await database.dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
        await manager.query(`UPDATE audit_events SET hash = $2 WHERE id = $1`, [
          alteredId,
          hashAuditEvent(content),
        ]);
        await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
      });
      const [{ next }]: { next: string }[] = await database.dataSource.query(
        `SELECT min(id)::text AS next FROM audit_events WHERE id > $1`,
        [alteredId],
      );

      expect(await verifyAuditChain(database.dataSource)).toEqual({
        ok: false,
        count: 6,
        brokenAtId: next,
        reason: 'broken_link',
      });
    });
  });
});
