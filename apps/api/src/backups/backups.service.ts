import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { BackupHealth, BackupRunRecord, BackupStatus } from '@vigie/domain';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { AppConfig } from '../config/app-config';
import { ScheduledJobs } from '../jobs/scheduled-jobs';
import { BackupQueue } from './backup-queue';
import { BackupRunner, RUN_EXPIRE_SECONDS } from './backup-runner';
import { BackupRunsRepository } from './backup-runs.repository';
import { backupHealth, backupSchedule, backupStatus } from './backup-status';
import { backupsErrors } from './backups.errors';
import { BACKUP_RUN_LIST_SPEC } from './backups.list-spec';

/** The pg-boss queues of the scheduled backup and restore drill. */
export const BACKUP_JOB = 'maintenance.backup';
export const BACKUP_DRILL_JOB = 'maintenance.backup-drill';

/**
 * Backups seen from the API (`backups.manage`, admin only): the runs, the status the page and the
 * health endpoint show, a backup started now; and the schedule, daily backups at
 * `VIGIE_BACKUP_CRON` and monthly drills at `VIGIE_BACKUP_DRILL_CRON`, each left out (with a
 * warning, and "not configured" in the status) while its settings are missing.
 */
@Injectable()
export class BackupsService implements OnModuleInit {
  private readonly logger = new Logger(BackupsService.name);

  constructor(
    private readonly runs: BackupRunsRepository,
    private readonly runner: BackupRunner,
    private readonly queue: BackupQueue,
    private readonly config: AppConfig,
    private readonly jobs: ScheduledJobs,
  ) {}

  onModuleInit(): void {
    const schedule = backupSchedule(this.config);
    const warn = this.config.VIGIE_SCHEDULED_JOBS;
    if (schedule.backup.configured) {
      this.jobs.register({
        name: BACKUP_JOB,
        cron: schedule.backup.cron,
        expireInSeconds: RUN_EXPIRE_SECONDS,
        run: () => this.scheduled('backup'),
      });
    } else if (warn) {
      this.logger.warn(`Scheduled backups are off: set ${schedule.backup.missing.join(' and ')}.`);
    }
    if (schedule.drill.configured) {
      this.jobs.register({
        name: BACKUP_DRILL_JOB,
        cron: schedule.drill.cron,
        expireInSeconds: RUN_EXPIRE_SECONDS,
        run: () => this.scheduled('drill'),
      });
    } else if (warn) {
      this.logger.warn(`Scheduled restore drills are off: set ${schedule.drill.missing.join(' and ')}.`);
    }
  }

  async list(actor: Actor, query: RawQuery): Promise<ListResult<BackupRunRecord>> {
    assertCan(actor, 'backups.manage');
    return this.runs.list(parseListQuery(query, BACKUP_RUN_LIST_SPEC));
  }

  async status(actor: Actor): Promise<BackupStatus> {
    assertCan(actor, 'backups.manage');
    return this.currentStatus();
  }

  /** For the health endpoint, which checks the caller itself. */
  async health(): Promise<BackupHealth> {
    return backupHealth(await this.currentStatus());
  }

  /** Records a backup as running and queues it; 409 with the run under way if there is one. */
  async request(actor: Actor): Promise<BackupRunRecord> {
    assertCan(actor, 'backups.manage');
    const { run, started } = await this.runner.start('backup', actor.id);
    if (!started) throw backupsErrors.alreadyRunning(run);
    try {
      await this.queue.enqueue(run.id);
    } catch (error) {
      // Recorded as failed rather than left "running" until it expires.
      await this.runner.abandon(run.id, error);
      throw error;
    }
    return run;
  }

  private async currentStatus(): Promise<BackupStatus> {
    return backupStatus(await this.runs.statusInput(), backupSchedule(this.config), new Date());
  }

  /** The scheduled job, already in a pg-boss job: runs here, unless a run is under way. */
  private async scheduled(kind: 'backup' | 'drill'): Promise<void> {
    const { run, started } = await this.runner.start(kind, null);
    if (!started) {
      this.logger.warn(`Scheduled ${kind} skipped: run ${run.id} is still under way.`);
      return;
    }
    await this.runner.execute(run.id);
  }
}
