import { execFile } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { AttachmentRecord, ObservationRecord } from '@vigie/domain';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileCheckService } from '../../apps/api/src/files/file-check.service';
import type { FileIntegrityStatus } from '../../apps/api/src/files/file-check';
import { FileStore } from '../../apps/api/src/files/file-store';
import { EXIT_INTACT, EXIT_PROBLEMS, runFilesVerify } from '../../db/files-verify';
import { dataSourceOptions } from '../../db/data-source';
import { applyAppGrants } from '../../db/database-grants';
import { dropDatabase, ensureDatabase, ensureDatabaseRoles } from '../../db/provision/index.mts';
import { startApp, type RunningApp } from '../support/app';
import { BYTES, filesUnder, fixture, uploadOk } from '../support/attachments';
import { ApiClient, createObservation, uniqueWord } from '../support/e2e-api';
import { request } from '../support/http';
import { TEST_ROLES } from '../support/global-setup';
import { createSessionToken, createUser } from '../support/users';

/*
 * Issue 10, item 9: evidence files are private to the server user and read-only once stored, and a
 * file changed or removed behind the application's back is found (the job, `npm run files:verify`),
 * audited once, and shown to admins only. The check walks every stored file of the database, so
 * this file has a database of its own (another test file's files are not in this data directory),
 * set up as the run's: migrated by the owner role, the API and the command signed in as the app role.
 */

const run = promisify(execFile);
const ROOT = process.cwd();
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-files-check-'));
const databaseName = `vigie_test_files_${Date.now()}_${process.pid}`;
const passwordOf = (url: string): string => decodeURIComponent(new URL(url).password);

let url = '';
let dataSource: DataSource;
let running: RunningApp;
const admin = new ApiClient();
const coordinator = new ApiClient();
const anonymous = new ApiClient();

beforeAll(async () => {
  await ensureDatabase(inject('adminDatabaseUrl'), databaseName);
  // The run's roles, with the run's passwords (roles are cluster-wide: changing one would break it).
  const roles = await ensureDatabaseRoles(inject('adminDatabaseUrl'), databaseName, TEST_ROLES, {
    owner: passwordOf(inject('ownerDatabaseUrl')),
    app: passwordOf(inject('databaseUrl')),
    queue: passwordOf(inject('queueDatabaseUrl')),
  });
  const owner = new DataSource({ ...dataSourceOptions(roles.ownerUrl), logging: false });
  await owner.initialize();
  try {
    await owner.runMigrations();
    await applyAppGrants((sql, parameters) => owner.query(sql, parameters), {
      app: TEST_ROLES.app,
      queue: TEST_ROLES.queue,
    });
  } finally {
    await owner.destroy();
  }
  url = roles.appUrl;
  dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  running = await startApp(url, { VIGIE_DATA_DIR: dataDir, VIGIE_QUEUE_DATABASE_URL: roles.queueUrl });
  for (const [client, role] of [
    [admin, 'admin'],
    [coordinator, 'coordinator'],
  ] as const) {
    const user = await createUser(dataSource, { role });
    Object.assign(client, {
      baseUrl: running.baseUrl,
      user,
      token: await createSessionToken(dataSource, user.id),
    });
  }
  anonymous.baseUrl = running.baseUrl;
}, 60_000);

afterAll(async () => {
  await running?.close();
  if (dataSource?.isInitialized) await dataSource.destroy();
  await dropDatabase(inject('adminDatabaseUrl'), databaseName);
  rmSync(dataDir, { recursive: true, force: true });
});

const modeOf = (path: string): number => statSync(path).mode & 0o7777;
const pathOf = (sha256: string): string => running.app.get(FileStore).pathOf(sha256);

function uploadPdf(observation: ObservationRecord): Promise<AttachmentRecord> {
  return uploadOk(admin, [
    { name: 'observationId', value: observation.id },
    { name: 'file', file: BYTES.pdf(uniqueWord('evidence')), filename: 'pv.pdf', type: 'application/pdf' },
  ]);
}

/** `npm run files:verify` on this file's database and data directory; a non-zero exit is an answer. */
async function npmFilesVerify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('npm', ['run', '--silent', 'files:verify'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, VIGIE_DATA_DIR: dataDir },
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

async function fileEvents(): Promise<
  { action: string; entity_id: string; actor_id: string | null; context: Record<string, unknown> }[]
> {
  return dataSource.query(
    `SELECT action, entity_id, actor_id, context FROM audit_events WHERE entity = 'stored_files' ORDER BY id`,
  );
}

describe('evidence files on disk (issue 10, item 9)', () => {
  it('stores an upload and its variants read-only for the server user only (0400 in 0700 folders)', async () => {
    const observation = await createObservation(admin);
    const pdf = await uploadPdf(observation);
    const photo = await uploadOk(admin, [
      { name: 'observationId', value: observation.id },
      { name: 'file', file: fixture('exif-calais.jpg'), filename: 'IMG_0042.jpg', type: 'image/jpeg' },
    ]);

    const path = pathOf(pdf.sha256);
    expect(modeOf(path)).toBe(0o400);
    expect(modeOf(dirname(path))).toBe(0o700);
    expect(modeOf(dirname(dirname(path)))).toBe(0o700);
    expect(modeOf(dataDir)).toBe(0o700);
    // The photo's original, its publication copy and its thumbnail alike.
    const stored = filesUnder(dataDir).filter((file) => !file.startsWith('tmp'));
    expect(stored).toEqual(expect.arrayContaining([expect.stringContaining(photo.sha256)]));
    expect(stored.length).toBeGreaterThanOrEqual(4);
    for (const file of stored) expect([file, modeOf(join(dataDir, file))]).toEqual([file, 0o400]);
  });

  it('tells anonymous and non-admin callers up or down only, no versions', async () => {
    for (const client of [anonymous, coordinator]) {
      const response = await client.get('/api/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    }
    const detailed = await admin.get<{ database: { postgis: string } }>('/api/health');
    expect(detailed.body.database.postgis).toMatch(/^3\./);
  });

  it('tells a caller with a made-up token nothing more', async () => {
    const response = await request(running.baseUrl, 'GET', '/api/health', undefined, {
      authorization: 'Bearer not-a-session',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  describe('a file altered by one byte and another deleted behind the application', () => {
    let altered: AttachmentRecord;
    let deleted: AttachmentRecord;
    let intact: AttachmentRecord;
    let originalByte = 0;
    let deletedBytes: Buffer;

    beforeAll(async () => {
      const observation = await createObservation(admin);
      [altered, deleted, intact] = [
        await uploadPdf(observation),
        await uploadPdf(observation),
        await uploadPdf(observation),
      ];
      // Everything intact first: nothing to report, nothing audited.
      const before = await running.app.get(FileCheckService).run();
      expect(before.problems).toEqual([]);
      expect(before.filesChecked).toBeGreaterThanOrEqual(3);

      // As someone with access to the disk would: flip one byte, remove another file.
      const handle = openSync(pathOf(altered.sha256), 'r+');
      const byte = Buffer.alloc(1);
      readSync(handle, byte, 0, 1, 10);
      originalByte = byte[0]!;
      writeSync(handle, Buffer.from([originalByte ^ 0x01]), 0, 1, 10);
      closeSync(handle);
      deletedBytes = readFileSync(pathOf(deleted.sha256));
      rmSync(pathOf(deleted.sha256));
    }, 60_000);

    it('is found by the scheduled job, which audits each problem once, by no one', async () => {
      const result = await running.app.get(FileCheckService).run();

      expect(result.problems).toHaveLength(2);
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            sha256: altered.sha256,
            problem: 'altered',
            usedBy: { attachments: [altered.id] },
          }),
          expect.objectContaining({
            sha256: deleted.sha256,
            problem: 'missing',
            usedBy: { attachments: [deleted.id] },
          }),
        ]),
      );
      expect(result.problems.map((problem) => problem.sha256)).not.toContain(intact.sha256);
      const events = await fileEvents();
      expect(events).toEqual([
        expect.objectContaining({
          action: expect.stringMatching(/^file_(missing|altered)$/),
          actor_id: null,
        }),
        expect.objectContaining({
          action: expect.stringMatching(/^file_(missing|altered)$/),
          actor_id: null,
        }),
      ]);
      expect(events.find((event) => event.entity_id === altered.sha256)).toMatchObject({
        action: 'file_altered',
        context: { usedBy: { attachments: [altered.id] }, check: 'schedule' },
      });
      expect(events.find((event) => event.entity_id === deleted.sha256)).toMatchObject({
        action: 'file_missing',
        context: { usedBy: { attachments: [deleted.id] }, check: 'schedule' },
      });

      // The next night finds the same problems and audits nothing new.
      expect((await running.app.get(FileCheckService).run()).problems).toHaveLength(2);
      expect(await fileEvents()).toHaveLength(2);
    });

    it('is listed by the verify command, which exits non-zero', async () => {
      const lines: string[] = [];
      expect(
        await runFilesVerify({ ...process.env, DATABASE_URL: url, VIGIE_DATA_DIR: dataDir }, (line) =>
          lines.push(line),
        ),
      ).toBe(EXIT_PROBLEMS);
      const output = lines.join('\n');
      expect(output).toMatch(new RegExp(`ALTERED ${altered.sha256}.*attachments ${altered.id}`));
      expect(output).toMatch(new RegExp(`MISSING ${deleted.sha256}.*attachments ${deleted.id}`));
      expect(output).not.toContain(intact.sha256);
      expect(output).toMatch(/1 missing, 1 altered/);
    });

    it('is listed by `npm run files:verify`, which exits 1', { timeout: 300_000 }, async () => {
      const { code, stdout } = await npmFilesVerify();
      expect(code, stdout).toBe(1);
      expect(stdout).toContain(`MISSING ${deleted.sha256}`);
      expect(stdout).toContain(altered.id);
      expect(stdout).toContain(deleted.id);
      // Known problems: audited once, whatever runs the check.
      expect(await fileEvents()).toHaveLength(2);
    });

    it('is shown to an admin by the health endpoint, and to no one else', async () => {
      const response = await admin.get<{ status: string; files: FileIntegrityStatus }>('/api/health');
      expect(response.status).toBe(200);
      const { files } = response.body;
      expect(files.status).toBe('problems');
      expect(files.lastCheck).toMatchObject({ trigger: 'command' });
      expect(files.lastCheck!.filesChecked).toBeGreaterThanOrEqual(3);
      expect(files.missing).toMatchObject({ count: 1, attachmentIds: [deleted.id] });
      expect(files.altered).toMatchObject({ count: 1, attachmentIds: [altered.id] });
      expect(files.altered.files[0]).toMatchObject({
        sha256: altered.sha256,
        detail: expect.stringContaining('hash'),
      });

      for (const client of [anonymous, coordinator]) {
        const answer = await client.get('/api/health');
        expect(answer.body).toEqual({ status: 'ok' });
        expect(JSON.stringify(answer.body)).not.toContain(deleted.id);
      }
    });

    it('is cleared, and audited, once the files are restored from a backup', async () => {
      const path = pathOf(altered.sha256);
      const handle = openSync(path, 'r+');
      writeSync(handle, Buffer.from([originalByte]), 0, 1, 10);
      closeSync(handle);
      writeFileSync(pathOf(deleted.sha256), deletedBytes, { mode: 0o400 });

      const result = await running.app.get(FileCheckService).run();
      expect(result.problems).toEqual([]);
      expect(result.recovered.sort()).toEqual([altered.sha256, deleted.sha256].sort());
      expect((await fileEvents()).filter((event) => event.action === 'file_recovered')).toHaveLength(2);
      const health = await admin.get<{ files: FileIntegrityStatus }>('/api/health');
      expect(health.body.files).toMatchObject({ status: 'ok', missing: { count: 0 }, altered: { count: 0 } });
      const lines: string[] = [];
      expect(
        await runFilesVerify({ ...process.env, DATABASE_URL: url, VIGIE_DATA_DIR: dataDir }, (line) =>
          lines.push(line),
        ),
      ).toBe(EXIT_INTACT);
    });
  });
});
