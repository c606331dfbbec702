import {
  BACKUP_STALE_DAYS,
  type BackupHealth,
  type BackupRunRecord,
  type BackupScheduleStatus,
  type BackupStatus,
} from '@vigie/domain';

/*
 * What the « Sauvegardes » page and the health endpoint say about backups, computed from the last
 * runs (read by BackupRunsRepository) and the settings: pure, so that "stale" and "drill failed"
 * are tested on their own.
 */

/** The settings a scheduled backup or drill needs (AppConfig's `VIGIE_BACKUP_*`). */
export interface BackupScheduleSettings {
  VIGIE_BACKUP_TARGET?: string;
  VIGIE_BACKUP_RECIPIENT?: string;
  VIGIE_BACKUP_CRON: string;
  VIGIE_BACKUP_DRILL_CRON: string;
  VIGIE_BACKUP_DRILL_IDENTITY?: string;
  VIGIE_BACKUP_DRILL_DATABASE_URL?: string;
}

/** The runs the status is computed from. */
export interface BackupStatusInput {
  /** The last successful backup. */
  lastBackup: BackupRunRecord | null;
  /** The last successful drill. */
  lastDrill: BackupRunRecord | null;
  /** The last drill that finished, successful or not. */
  lastFinishedDrill: BackupRunRecord | null;
  /** The latest failed runs, newest first. */
  failures: readonly BackupRunRecord[];
  /** The oldest run under way. */
  running: BackupRunRecord | null;
}

const DAY_MS = 86_400_000;

function missingOf(settings: Record<string, string | undefined>): string[] {
  return Object.entries(settings)
    .filter(([, value]) => value === undefined || value.trim() === '')
    .map(([name]) => name);
}

/** A backup needs a destination and a recipient; a drill a destination and the private key. */
export function backupSchedule(settings: BackupScheduleSettings): {
  backup: BackupScheduleStatus;
  drill: BackupScheduleStatus;
} {
  const backupMissing = missingOf({
    VIGIE_BACKUP_TARGET: settings.VIGIE_BACKUP_TARGET,
    VIGIE_BACKUP_RECIPIENT: settings.VIGIE_BACKUP_RECIPIENT,
  });
  const drillMissing = missingOf({
    VIGIE_BACKUP_TARGET: settings.VIGIE_BACKUP_TARGET,
    VIGIE_BACKUP_DRILL_IDENTITY: settings.VIGIE_BACKUP_DRILL_IDENTITY,
    VIGIE_BACKUP_DRILL_DATABASE_URL: settings.VIGIE_BACKUP_DRILL_DATABASE_URL,
  });
  return {
    backup: {
      configured: backupMissing.length === 0,
      cron: settings.VIGIE_BACKUP_CRON,
      missing: backupMissing,
    },
    drill: {
      configured: drillMissing.length === 0,
      cron: settings.VIGIE_BACKUP_DRILL_CRON,
      missing: drillMissing,
    },
  };
}

/** When a run ended (or started, for one without an end: it should not be passed here). */
function endOf(run: BackupRunRecord): string {
  return run.finishedAt ?? run.startedAt;
}

/**
 * Stale: no successful backup at all, or the last one finished more than BACKUP_STALE_DAYS ago.
 * Drill failed: the last drill that finished did not succeed (a later success clears it).
 */
export function backupStatus(
  input: BackupStatusInput,
  schedule: BackupStatus['schedule'],
  now: Date,
): BackupStatus {
  const { lastBackup, lastDrill, lastFinishedDrill, failures, running } = input;
  const stale =
    lastBackup === null || now.getTime() - Date.parse(endOf(lastBackup)) > BACKUP_STALE_DAYS * DAY_MS;
  return {
    lastBackup: lastBackup && {
      runId: lastBackup.id,
      backupId: lastBackup.backupId,
      at: endOf(lastBackup),
      sizeBytes: lastBackup.sizeBytes,
      destination: lastBackup.destination,
    },
    lastDrill: lastDrill && { runId: lastDrill.id, backupId: lastDrill.backupId, at: endOf(lastDrill) },
    failures: failures.map((run) => ({
      runId: run.id,
      kind: run.kind,
      at: endOf(run),
      destination: run.destination,
      error: run.error ?? 'unknown error',
    })),
    running: running && { runId: running.id, kind: running.kind, startedAt: running.startedAt },
    schedule,
    stale,
    drillFailed: lastFinishedDrill !== null && lastFinishedDrill.status === 'failed',
  };
}

/** The health endpoint's summary for admins: ok unless stale or the last drill failed. */
export function backupHealth(status: BackupStatus): BackupHealth {
  return {
    ok: !status.stale && !status.drillFailed,
    lastBackupAt: status.lastBackup?.at ?? null,
    stale: status.stale,
    drillFailed: status.drillFailed,
  };
}
