import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { describeDatabaseError } from '../../../../db/safe-query-logger';
import { AppConfig, queueDatabaseUrl } from '../config/app-config';
import { BackupRunner, RUN_EXPIRE_SECONDS } from './backup-runner';

/** The pg-boss queue of backups an admin asked for (`POST /api/backups`). */
export const BACKUP_QUEUE = 'backups.run';

interface BackupJob {
  runId: string;
}

/**
 * Backups asked for from the admin page run as pg-boss jobs, off the request, one at a time per
 * process: the run row is written before the job is sent, and the worker records its outcome
 * there. No retry: a failed backup is an answer (its reason is on the page), not a crash.
 */
@Injectable()
export class BackupQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BackupQueue.name);
  private readonly boss: PgBoss;

  constructor(
    config: AppConfig,
    private readonly runner: BackupRunner,
  ) {
    this.boss = new PgBoss({
      connectionString: queueDatabaseUrl(config),
      createSchema: config.VIGIE_QUEUE_DATABASE_URL === undefined,
      application_name: 'vigie-backups',
      max: 2,
      schedule: false,
      useListenNotify: true,
    });
    // Without a listener an 'error' event would end the process.
    this.boss.on('error', (error: Error) =>
      this.logger.error(`Backup queue: ${describeDatabaseError(error)}`),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(BACKUP_QUEUE, {
      retryLimit: 0,
      expireInSeconds: RUN_EXPIRE_SECONDS,
      notify: true,
    });
    await this.boss.work<BackupJob>(
      BACKUP_QUEUE,
      { localConcurrency: 1, batchSize: 1, pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 },
      async (jobs) => {
        for (const job of jobs) await this.runner.execute(job.data.runId);
      },
    );
  }

  /** Queues a run whose row is committed. */
  async enqueue(runId: string): Promise<void> {
    const id = await this.boss.send(BACKUP_QUEUE, { runId } satisfies BackupJob);
    if (id === null) throw new Error('the backup queue refused the job');
  }

  /** Waits (up to 30 s) for a backup under way; a longer one is marked interrupted at the next start. */
  async onModuleDestroy(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 30_000, close: true });
  }
}
