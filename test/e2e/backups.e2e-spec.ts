import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BackupHealth, BackupRunRecord, BackupStatus, Role } from '@vigie/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBackupIdentity } from '../../apps/api/src/backups/backup-crypto';
import { BACKUP_JOB_NICENESS } from '../../apps/api/src/backups/backup-process';
import { type ApiClient, expectApiError, signedInAs, totalCount, useApi } from '../support/e2e-api';

/*
 * Backups seen from the API (issue 15, items 1 and 5): the runs, the status the « Sauvegardes »
 * page shows, a backup asked for now (run by the job queue), and the health endpoint's flag.
 * Each block starts the app with its own backup settings.
 */

const ROUTES = [
  ['GET', '/api/backups'],
  ['GET', '/api/backups/status'],
  ['POST', '/api/backups'],
] as const;

const NON_ADMIN_ROLES: Role[] = ['coordinator', 'observer', 'legal', 'communication', 'researcher'];

interface AuditEvent {
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  context: Record<string, unknown> | null;
}

const scratch = mkdtempSync(join(tmpdir(), 'vigie-backups-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Anchors and stored files in a directory of the test's, never the project's `.data/`. */
function isolatedEnv(name: string): Record<string, string> {
  const dir = join(scratch, name);
  mkdirSync(join(dir, 'files'), { recursive: true });
  return {
    VIGIE_DATA_DIR: join(dir, 'files'),
    VIGIE_AUDIT_ANCHOR_FILE: join(dir, 'audit-anchors.jsonl'),
    VIGIE_AUDIT_ANCHOR_KEY: join(dir, 'audit-anchor.key'),
    VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS: join(dir, 'audit-anchor.key.pub'),
  };
}

/** The run as listed, once its job has recorded how it ended. */
async function finished(api: ApiClient, id: string): Promise<BackupRunRecord> {
  const deadline = Date.now() + 50_000;
  while (Date.now() < deadline) {
    const response = await api.get<BackupRunRecord[]>(`/api/backups?id=${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const run = response.body[0];
    if (run && run.status !== 'running') return run;
    await sleep(200);
  }
  throw new Error(`backup run ${id} still running after 50 s`);
}

/** Runs left by another file's app are finished before this file counts on "none under way". */
async function noRunUnderWay(api: ApiClient): Promise<void> {
  const deadline = Date.now() + 50_000;
  while (Date.now() < deadline) {
    const status = await api.get<BackupStatus>('/api/backups/status');
    if (status.body.running === null) return;
    await sleep(200);
  }
  throw new Error('a backup run stayed under way');
}

async function auditEventsOf(api: ApiClient, runId: string): Promise<AuditEvent[]> {
  const response = await api.get<AuditEvent[]>(`/api/audit-events?entity=backup_runs&entityId=${runId}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** A child process of this one (where the app runs) running `backup-cli job`, with its niceness. */
/** `SCHED_IDLE`, the kernel's policy for work that runs only on an otherwise idle core. */
const SCHED_IDLE = 5;

function backupJobProcess(): { pid: number; niceness: number; policy: number } | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!command.some((part) => part.endsWith('backup-cli.ts')) || !command.includes('job')) continue;
      // Fields after the command name in parentheses: state ppid … (niceness is the 19th field,
      // the scheduling policy the 41st).
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      if (Number(fields[1]) !== process.pid) continue;
      return { pid: Number(entry), niceness: Number(fields[16]), policy: Number(fields[38]) };
    } catch {
      // Gone meanwhile.
    }
  }
  return null;
}

async function requestBackup(api: ApiClient): Promise<BackupRunRecord> {
  const response = await api.post<BackupRunRecord>('/api/backups', {});
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  expect(response.body).toMatchObject({ kind: 'backup', status: 'running', triggeredBy: api.user!.id });
  return response.body;
}

describe('backups without a destination', () => {
  const api = useApi({ env: isolatedEnv('unset') });
  beforeAll(() => noRunUnderWay(api), 60_000);

  describe.each(NON_ADMIN_ROLES)('as %s', (role) => {
    let client: ApiClient;
    beforeAll(async () => {
      client = await signedInAs(api, role);
    });

    it.each(ROUTES)('refuses %s %s with 403 and starts no run', async (method, path) => {
      const count = async () =>
        (await api.dataSource.query(`SELECT count(*)::int AS n FROM backup_runs`)) as { n: number }[];
      const before = await count();
      expectApiError(await client.call(method, path, method === 'POST' ? {} : undefined), 403);
      expect(await count()).toEqual(before);
    });

    it('sees nothing about backups in the health check', async () => {
      const response = await client.get('/api/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });
  });

  it('says backups are stale and not scheduled while none ever succeeded', async () => {
    const [{ n }] = (await api.dataSource.query(
      `SELECT count(*)::int AS n FROM backup_runs WHERE status = 'succeeded'`,
    )) as { n: number }[];
    expect(n, 'no successful backup before this file').toBe(0);

    const status = await api.get<BackupStatus>('/api/backups/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ lastBackup: null, lastDrill: null, stale: true, drillFailed: false });
    expect(status.body.schedule.backup).toEqual({
      configured: false,
      cron: '30 2 * * *',
      missing: ['VIGIE_BACKUP_TARGET', 'VIGIE_BACKUP_RECIPIENT'],
    });
    expect(status.body.schedule.drill.configured).toBe(false);

    const health = await api.get<{ backup: BackupHealth }>('/api/health');
    expect(health.body.backup).toEqual({ ok: false, lastBackupAt: null, stale: true, drillFailed: false });
  });

  it('records a backup asked for without settings as failed, with the reason, and audits it', async () => {
    const run = await requestBackup(api);
    const done = await finished(api, run.id);

    expect(done.status).toBe('failed');
    expect(done.error).toBe('not configured: set VIGIE_BACKUP_TARGET and VIGIE_BACKUP_RECIPIENT');
    expect(done.finishedAt).not.toBeNull();
    const status = await api.get<BackupStatus>('/api/backups/status');
    expect(status.body.failures[0]).toMatchObject({ runId: run.id, kind: 'backup', error: done.error });
    expect(status.body.stale).toBe(true);
    expect(await auditEventsOf(api, run.id)).toEqual([
      expect.objectContaining({
        action: 'backup',
        actorId: api.user!.id,
        context: expect.objectContaining({ status: 'failed', trigger: 'admin', error: done.error }),
      }),
    ]);
  });
});

describe('backups to a directory that is not there', () => {
  const missing = join(scratch, 'unmounted-disk');
  const env: Record<string, string> = { ...isolatedEnv('unreachable'), VIGIE_BACKUP_TARGET: missing };
  // Before useApi's hook, which starts the app with `env`.
  beforeAll(async () => {
    env.VIGIE_BACKUP_RECIPIENT = (await generateBackupIdentity()).recipient;
  });
  const api = useApi({ env });
  beforeAll(() => noRunUnderWay(api), 60_000);

  it('records the run as failed because the destination cannot be reached, and audits it', async () => {
    const run = await requestBackup(api);
    const done = await finished(api, run.id);

    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/^destination unreachable: .*cannot be reached/);
    expect(done.destination).toBe(`directory ${missing}`);
    expect(existsSync(missing), 'no directory made on the system disk').toBe(false);
    const [event] = await auditEventsOf(api, run.id);
    expect(event?.context).toMatchObject({
      status: 'failed',
      destination: `directory ${missing}`,
      error: done.error,
    });
  });
});

describe('backups to a local directory', () => {
  const target = join(scratch, 'external-disk');
  mkdirSync(target, { recursive: true });
  const env: Record<string, string> = { ...isolatedEnv('local'), VIGIE_BACKUP_TARGET: target };
  beforeAll(async () => {
    env.VIGIE_BACKUP_RECIPIENT = (await generateBackupIdentity()).recipient;
  });
  // A database of its own: a backup takes every stored file the database names, and the run's
  // shared database names files other test files keep in their own directories.
  const api = useApi({ env, ownDatabase: true });
  beforeAll(() => noRunUnderWay(api), 60_000);

  it('runs a backup asked for now: listed, in the status and the health check, audited', async () => {
    const run = await requestBackup(api);
    expectApiError(await api.post('/api/backups', {}), 409);
    const done = await finished(api, run.id);

    expect(done, done.error ?? '').toMatchObject({
      status: 'succeeded',
      error: null,
      destination: `directory ${target}`,
    });
    expect(done.backupId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(done.sizeBytes).toBeGreaterThan(0);
    expect(done.bytesWritten).toBeGreaterThan(0);
    expect(existsSync(join(target, 'backups', done.backupId!, 'manifest.sig'))).toBe(true);

    const list = await api.get<BackupRunRecord[]>('/api/backups');
    expect(list.status).toBe(200);
    expect(totalCount(list)).toBeGreaterThanOrEqual(1);
    expect(list.body[0]?.id, 'newest first').toBe(run.id);

    const status = await api.get<BackupStatus>('/api/backups/status');
    expect(status.body).toMatchObject({
      lastBackup: {
        runId: run.id,
        backupId: done.backupId,
        at: done.finishedAt,
        sizeBytes: done.sizeBytes,
        destination: `directory ${target}`,
      },
      running: null,
      stale: false,
    });
    expect(status.body.schedule.backup.configured).toBe(true);

    const health = await api.get<{ backup: BackupHealth }>('/api/health');
    expect(health.body.backup).toEqual({
      ok: true,
      lastBackupAt: done.finishedAt,
      stale: false,
      drillFailed: false,
    });

    expect(await auditEventsOf(api, run.id)).toEqual([
      expect.objectContaining({
        action: 'backup',
        actorId: api.user!.id,
        context: expect.objectContaining({
          status: 'succeeded',
          backupId: done.backupId,
          destination: `directory ${target}`,
          sizeBytes: done.sizeBytes,
          bytesWritten: done.bytesWritten,
        }),
      }),
    ]);
  }, 60_000);

  it('runs the backup in a process of its own at a low priority, on idle cores, not in the API', async () => {
    const run = await requestBackup(api);
    // Seen once its priority is set (a few instructions after it is started), or as it was last.
    const deadline = Date.now() + 30_000;
    let seen = backupJobProcess();
    while (seen?.niceness !== BACKUP_JOB_NICENESS && Date.now() < deadline) {
      await sleep(20);
      seen = backupJobProcess() ?? seen;
    }
    const done = await finished(api, run.id);

    expect(seen, 'a backup-cli job process under the API').not.toBeNull();
    expect(seen!.pid).not.toBe(process.pid);
    expect(seen!.niceness).toBe(BACKUP_JOB_NICENESS);
    // A request waking up takes the core from the backup at once (util-linux's chrt is on Debian).
    expect(seen!.policy).toBe(SCHED_IDLE);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(backupJobProcess(), 'the job process ends with the run').toBeNull();
  }, 60_000);
});
