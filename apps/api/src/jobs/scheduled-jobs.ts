import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { describeDatabaseError } from '../../../../db/safe-query-logger';
import { AppConfig, queueDatabaseUrl } from '../config/app-config';

const POLL_SECONDS = 60;

/** A maintenance task run on a schedule (audit anchors, file re-hashing, retention purges…). */
export interface ScheduledJob {
  /** The pg-boss queue name: lower-case, unique, e.g. `maintenance.audit-anchor`. */
  name: string;
  /** Five-field cron expression, in UTC. */
  cron: string;
  /** How long one run may take before pg-boss hands it to another worker. */
  expireInSeconds?: number;
  run(): Promise<void>;
}

/**
 * The schedule of maintenance jobs, on one pg-boss instance in the application's PostgreSQL. Feature
 * modules `register` their jobs while the modules initialise; at bootstrap each gets its queue, its
 * cron schedule (pg-boss's, so that several processes sharing the database run it once) and a worker.
 * With `VIGIE_SCHEDULED_JOBS=false` (the tests' default) nothing is scheduled: the jobs still run on
 * demand through their own services and npm scripts.
 */
@Injectable()
export class ScheduledJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScheduledJobs.name);
  private readonly jobs = new Map<string, ScheduledJob>();
  private boss: PgBoss | undefined;

  constructor(private readonly config: AppConfig) {}

  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new Error(`Scheduled job "${job.name}" is registered twice`);
    this.jobs.set(job.name, job);
  }

  registered(): readonly ScheduledJob[] {
    return [...this.jobs.values()];
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.VIGIE_SCHEDULED_JOBS || this.jobs.size === 0) return;
    const boss = new PgBoss({
      connectionString: queueDatabaseUrl(this.config),
      createSchema: this.config.VIGIE_QUEUE_DATABASE_URL === undefined,
      application_name: 'vigie-jobs',
      max: 2,
      schedule: true,
    });
    // Without a listener an 'error' event would end the process.
    boss.on('error', (error: Error) => this.logger.error(`Scheduled jobs: ${describeDatabaseError(error)}`));
    await boss.start();
    this.boss = boss;
    for (const job of this.jobs.values()) {
      await boss.createQueue(job.name, { retryLimit: 1, expireInSeconds: job.expireInSeconds ?? 3600 });
      await boss.schedule(job.name, job.cron, null, { tz: 'UTC' });
      // Maintenance runs hourly at most: a poll a minute is soon enough, and keeps the queue's
      // queries off the API's two cores (pg-boss's default is one every 2 s per queue).
      await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, async () => {
        try {
          await job.run();
        } catch (error) {
          this.logger.error(`Scheduled job ${job.name} failed: ${describe(error)}`);
          throw error;
        }
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss?.stop({ graceful: true, timeout: 30_000, close: true });
  }
}

function describe(error: unknown): string {
  return describeDatabaseError(error);
}
