import type { BackupRunRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { backupHealth, backupSchedule, backupStatus, type BackupStatusInput } from './backup-status';

const NOW = new Date('2025-06-10T12:00:00Z');

function run(overrides: Partial<BackupRunRecord>): BackupRunRecord {
  return {
    id: 'run-1',
    kind: 'backup',
    status: 'succeeded',
    backupId: '20250610T020000Z-abc123',
    destination: '/mnt/disque',
    sizeBytes: 1234,
    filesCopied: 2,
    bytesWritten: 1500,
    startedAt: '2025-06-10T02:00:00.000Z',
    finishedAt: '2025-06-10T02:05:00.000Z',
    error: null,
    report: null,
    triggeredBy: null,
    triggeredByName: null,
    ...overrides,
  };
}

const NONE: BackupStatusInput = {
  lastBackup: null,
  lastDrill: null,
  lastFinishedDrill: null,
  failures: [],
  running: null,
};

const SCHEDULE = backupSchedule({
  VIGIE_BACKUP_TARGET: '/mnt/disque',
  VIGIE_BACKUP_RECIPIENT: 'age1xyz',
  VIGIE_BACKUP_CRON: '30 2 * * *',
  VIGIE_BACKUP_DRILL_CRON: '0 4 1 * *',
});

describe(backupStatus.name, () => {
  it('is stale when no backup ever succeeded', () => {
    const status = backupStatus(NONE, SCHEDULE, NOW);
    expect(status.stale).toBe(true);
    expect(status.lastBackup).toBeNull();
    expect(backupHealth(status)).toEqual({ ok: false, lastBackupAt: null, stale: true, drillFailed: false });
  });

  it('is fresh with a backup finished less than two days ago, and gives its size and destination', () => {
    const lastBackup = run({ finishedAt: '2025-06-08T12:30:00.000Z', startedAt: '2025-06-08T12:00:00.000Z' });
    const status = backupStatus({ ...NONE, lastBackup }, SCHEDULE, NOW);
    expect(status.stale).toBe(false);
    expect(status.lastBackup).toEqual({
      runId: 'run-1',
      backupId: '20250610T020000Z-abc123',
      at: '2025-06-08T12:30:00.000Z',
      sizeBytes: 1234,
      destination: '/mnt/disque',
    });
    expect(backupHealth(status)).toEqual({
      ok: true,
      lastBackupAt: '2025-06-08T12:30:00.000Z',
      stale: false,
      drillFailed: false,
    });
  });

  it('is stale once the last backup is more than two days old', () => {
    const lastBackup = run({ startedAt: '2025-06-08T11:00:00.000Z', finishedAt: '2025-06-08T11:59:59.000Z' });
    expect(backupStatus({ ...NONE, lastBackup }, SCHEDULE, NOW).stale).toBe(true);
  });

  it('flags a drill whose last finished run failed, not one that failed before a success', () => {
    const failed = run({ id: 'drill-2', kind: 'drill', status: 'failed', error: 'hash mismatch' });
    const succeeded = run({ id: 'drill-1', kind: 'drill', finishedAt: '2025-05-01T04:10:00.000Z' });
    const afterFailure = backupStatus(
      { ...NONE, lastDrill: succeeded, lastFinishedDrill: failed, failures: [failed] },
      SCHEDULE,
      NOW,
    );
    expect(afterFailure.drillFailed).toBe(true);
    expect(afterFailure.lastDrill).toEqual({
      runId: 'drill-1',
      backupId: '20250610T020000Z-abc123',
      at: '2025-05-01T04:10:00.000Z',
    });
    expect(backupHealth(afterFailure).ok).toBe(false);
    const afterSuccess = backupStatus(
      { ...NONE, lastDrill: succeeded, lastFinishedDrill: succeeded },
      SCHEDULE,
      NOW,
    );
    expect(afterSuccess.drillFailed).toBe(false);
  });

  it('lists failures with their reason and the run under way', () => {
    const failure = run({ id: 'run-9', status: 'failed', error: 'unreachable: no such host' });
    const running = run({ id: 'run-10', status: 'running', finishedAt: null });
    const status = backupStatus({ ...NONE, failures: [failure], running }, SCHEDULE, NOW);
    expect(status.failures).toEqual([
      {
        runId: 'run-9',
        kind: 'backup',
        at: '2025-06-10T02:05:00.000Z',
        destination: '/mnt/disque',
        error: 'unreachable: no such host',
      },
    ]);
    expect(status.running).toEqual({
      runId: 'run-10',
      kind: 'backup',
      startedAt: '2025-06-10T02:00:00.000Z',
    });
  });
});

describe(backupSchedule.name, () => {
  it('says which settings a backup and a drill lack', () => {
    const schedule = backupSchedule({
      VIGIE_BACKUP_TARGET: undefined,
      VIGIE_BACKUP_RECIPIENT: ' ',
      VIGIE_BACKUP_CRON: '30 2 * * *',
      VIGIE_BACKUP_DRILL_CRON: '0 4 1 * *',
    });
    expect(schedule.backup).toEqual({
      configured: false,
      cron: '30 2 * * *',
      missing: ['VIGIE_BACKUP_TARGET', 'VIGIE_BACKUP_RECIPIENT'],
    });
    expect(schedule.drill.missing).toEqual([
      'VIGIE_BACKUP_TARGET',
      'VIGIE_BACKUP_DRILL_IDENTITY',
      'VIGIE_BACKUP_DRILL_DATABASE_URL',
    ]);
  });

  it('is configured when the destination, the recipient, the drill key and its server are set', () => {
    const schedule = backupSchedule({
      VIGIE_BACKUP_TARGET: 'nextcloud:vigie',
      VIGIE_BACKUP_RECIPIENT: 'age1xyz',
      VIGIE_BACKUP_DRILL_IDENTITY: '/root/backup.key',
      VIGIE_BACKUP_DRILL_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      VIGIE_BACKUP_CRON: '30 2 * * *',
      VIGIE_BACKUP_DRILL_CRON: '0 4 1 * *',
    });
    expect(schedule.backup).toEqual({ configured: true, cron: '30 2 * * *', missing: [] });
    expect(schedule.drill).toEqual({ configured: true, cron: '0 4 1 * *', missing: [] });
  });
});
