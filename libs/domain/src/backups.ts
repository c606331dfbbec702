/** Backups (issue 15): what the API says about its backup runs, shared by the API and the console. */

export const BACKUP_RUN_KINDS = ['backup', 'drill', 'restore'] as const;
export type BackupRunKind = (typeof BACKUP_RUN_KINDS)[number];

export const BACKUP_RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type BackupRunStatus = (typeof BACKUP_RUN_STATUSES)[number];

/** A backup older than this many days is stale: the admin page and the health endpoint say so. */
export const BACKUP_STALE_DAYS = 2;

/** One backup, restore drill or restore (`GET /api/backups`). */
export interface BackupRunRecord {
  id: string;
  kind: BackupRunKind;
  status: BackupRunStatus;
  /** The backup written (a backup) or restored (a drill, a restore): `YYYYMMDDTHHMMSSZ-<6 hex>`. */
  backupId: string | null;
  /** Where, described without secrets (a directory, an rclone remote). */
  destination: string | null;
  /** A backup: its plaintext size (dump, anchors, files it references). */
  sizeBytes: number | null;
  /** A backup: the stored files it copied (the others were at the destination already). */
  filesCopied: number | null;
  /** A backup: the encrypted bytes it wrote. */
  bytesWritten: number | null;
  startedAt: string;
  finishedAt: string | null;
  /** Why it failed; null otherwise. */
  error: string | null;
  /** A drill's or restore's checks. */
  report: unknown;
  /** The admin who asked for it; null for the schedule and the command line. */
  triggeredBy: string | null;
  triggeredByName: string | null;
}

/** Whether a scheduled job can run, and which settings it lacks otherwise. */
export interface BackupScheduleStatus {
  configured: boolean;
  /** Five-field cron expression, UTC. */
  cron: string;
  /** Environment variables to set before it can run. */
  missing: string[];
}

/** `GET /api/backups/status`: what the « Sauvegardes » page shows at the top. */
export interface BackupStatus {
  /** The last successful backup. */
  lastBackup: {
    runId: string;
    backupId: string | null;
    at: string;
    sizeBytes: number | null;
    destination: string | null;
  } | null;
  /** The last successful restore drill. */
  lastDrill: { runId: string; backupId: string | null; at: string } | null;
  /** The latest failed runs, newest first, with their reason. */
  failures: { runId: string; kind: BackupRunKind; at: string; destination: string | null; error: string }[];
  /** A run under way, if any. */
  running: { runId: string; kind: BackupRunKind; startedAt: string } | null;
  schedule: { backup: BackupScheduleStatus; drill: BackupScheduleStatus };
  /** No successful backup, or the last one older than BACKUP_STALE_DAYS. */
  stale: boolean;
  /** The last finished drill failed. */
  drillFailed: boolean;
}

/** What an admin's `GET /api/health` says about backups. */
export interface BackupHealth {
  ok: boolean;
  lastBackupAt: string | null;
  stale: boolean;
  drillFailed: boolean;
}
