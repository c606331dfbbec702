import { Injectable, Logger } from '@nestjs/common';
import type { BackupRunKind, BackupRunRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { anchorPaths } from '../audit/audit-anchors';
import { type AuditAction, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { dataDirectory } from '../files/data-directory';
import { BackupRunsRepository, type RunOutcome } from './backup-runs.repository';
import { backupSchedule } from './backup-status';
import { failureReason } from './backup-job';
import { runBackupJobProcess } from './backup-process';
import { openDestination } from './destination';

/** A run still "running" after this long belonged to a process that died (pg-boss's limit is 24 h). */
export const RUN_EXPIRE_SECONDS = 23 * 3600;

const AUDIT_ACTIONS: Readonly<Record<BackupRunKind, AuditAction>> = {
  backup: 'backup',
  drill: 'backup_drill',
  restore: 'restore',
};

/**
 * Runs a backup or a restore drill that BackupRunsRepository.start recorded as running, and
 * records how it ended with its audit event (in one transaction). A failure is an outcome, written
 * with its reason: `execute` throws only when the database cannot record it.
 */
@Injectable()
export class BackupRunner {
  private readonly logger = new Logger(BackupRunner.name);

  constructor(
    private readonly runs: BackupRunsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Starts a run of `kind` now (none if one is under way); the runs it found dead are audited. */
  async start(
    kind: BackupRunKind,
    triggeredBy: string | null,
  ): Promise<{ run: BackupRunRecord; started: boolean }> {
    const { run, started, interrupted } = await this.runs.start(kind, triggeredBy, RUN_EXPIRE_SECONDS);
    for (const dead of interrupted) {
      await this.runs.transaction((manager) => this.recordAudit(manager, dead));
    }
    return { run, started };
  }

  /**
   * A run made outside the API (`npm run backup`, `npm run backup:drill`): recorded and audited as
   * the API's own runs are, so the « Sauvegardes » page and the audit trail show it.
   */
  async runRecorded(kind: BackupRunKind, work: () => Promise<RunOutcome>): Promise<BackupRunRecord> {
    const { run, started } = await this.start(kind, null);
    if (!started)
      throw new Error(`a ${kind === 'drill' ? 'restore drill' : 'backup'} is already running (${run.id})`);
    let outcome: RunOutcome;
    try {
      outcome = await work();
    } catch (error) {
      outcome = { status: 'failed', destination: this.destinationDescription(), error: failureReason(error) };
    }
    return (await this.record(run.id, outcome, 'command line'))!;
  }

  /** Records a run that could not be handed to a worker as failed, with the reason. */
  async abandon(runId: string, error: unknown): Promise<void> {
    await this.record(runId, { status: 'failed', error: failureReason(error) });
  }

  async execute(runId: string): Promise<BackupRunRecord | null> {
    const run = await this.runs.findOne(runId);
    if (!run || run.status !== 'running') return run;
    let outcome: RunOutcome;
    try {
      outcome = run.kind === 'drill' ? await this.drill() : await this.backup();
    } catch (error) {
      outcome = { status: 'failed', destination: this.destinationDescription(), error: failureReason(error) };
    }
    if (outcome.status === 'failed') {
      this.logger.error(`${run.kind === 'drill' ? 'Restore drill' : 'Backup'} failed: ${outcome.error}`);
    }
    return this.record(run.id, outcome);
  }

  /** The outcome and its audit event, in one transaction; nothing if the run had ended already. */
  private record(runId: string, outcome: RunOutcome, trigger?: string): Promise<BackupRunRecord | null> {
    return this.runs.transaction(async (manager) => {
      if (!(await this.runs.finish(manager, runId, outcome))) return this.runs.findOne(runId, manager);
      const finished = (await this.runs.findOne(runId, manager))!;
      await this.recordAudit(manager, finished, trigger);
      return finished;
    });
  }

  private async backup(): Promise<RunOutcome> {
    const schedule = backupSchedule(this.config);
    if (!schedule.backup.configured)
      return notConfigured(schedule.backup.missing, this.destinationDescription());
    return runBackupJobProcess(
      {
        kind: 'backup',
        settings: {
          databaseUrl: this.config.DATABASE_URL,
          dataDir: dataDirectory(this.config),
          anchors: anchorPaths(this.config),
          target: this.config.VIGIE_BACKUP_TARGET!,
          recipient: this.config.VIGIE_BACKUP_RECIPIENT!,
          retention: {
            daily: this.config.VIGIE_BACKUP_KEEP_DAILY,
            weekly: this.config.VIGIE_BACKUP_KEEP_WEEKLY,
            monthly: this.config.VIGIE_BACKUP_KEEP_MONTHLY,
          },
        },
      },
      (line) => this.logger.log(line),
    );
  }

  private drill(): Promise<RunOutcome> {
    const schedule = backupSchedule(this.config);
    if (!schedule.drill.configured)
      return Promise.resolve(notConfigured(schedule.drill.missing, this.destinationDescription()));
    return runBackupJobProcess(
      {
        kind: 'drill',
        settings: {
          target: this.config.VIGIE_BACKUP_TARGET!,
          identityFile: this.config.VIGIE_BACKUP_DRILL_IDENTITY!,
          // The scratch database is made and dropped by a maintenance role, never the API's own.
          serverUrl: this.config.VIGIE_BACKUP_DRILL_DATABASE_URL!,
          publicKeysFile: anchorPaths(this.config).publicKeysFile,
        },
        destination: this.destinationDescription(),
      },
      (line) => this.logger.log(line),
    );
  }

  /** The destination as the admin page names it; null when unset or not understood. */
  private destinationDescription(): string | null {
    const target = this.config.VIGIE_BACKUP_TARGET;
    if (!target) return null;
    try {
      return openDestination(target).description;
    } catch {
      return null;
    }
  }

  private recordAudit(manager: EntityManager, run: BackupRunRecord, trigger?: string): Promise<void> {
    return this.audit.record(manager, {
      actorId: run.triggeredBy,
      action: AUDIT_ACTIONS[run.kind],
      entity: 'backup_runs',
      entityId: run.id,
      context: {
        trigger: trigger ?? (run.triggeredBy ? 'admin' : 'schedule'),
        status: run.status,
        backupId: run.backupId,
        destination: run.destination,
        sizeBytes: run.sizeBytes,
        filesCopied: run.filesCopied,
        bytesWritten: run.bytesWritten,
        error: run.error,
      },
    });
  }
}

function notConfigured(missing: readonly string[], destination: string | null): RunOutcome {
  return {
    status: 'failed',
    destination,
    error: `not configured: set ${missing.join(' and ')}`,
  };
}
