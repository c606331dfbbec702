import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { describeDatabaseError } from '../../../../db/safe-query-logger';
import { AppConfig, queueDatabaseUrl } from '../config/app-config';
import { ReportWorker } from './report-worker';

/** What a job carries: the report row holds everything else. */
interface ReportJob {
  reportId: string;
}

/** How long a rendering may hold its job before pg-boss takes it for a dead worker's. */
const JOB_EXPIRE_SECONDS = 600;

/**
 * The durable queue of report jobs, on pg-boss in the application's PostgreSQL (schema `pgboss`,
 * installed and migrated by pg-boss itself): a job outlives a restart of the server and any process
 * sharing the database (and `VIGIE_REPORT_QUEUE`) may render it. This process works the queue with
 * at most `VIGIE_REPORT_CONCURRENCY` jobs at once unless `VIGIE_REPORT_WORKER=false`.
 *
 * A job's outcome is written to its report row by the worker, which never throws for a failed
 * rendering; pg-boss's own retries therefore only serve jobs whose process died mid-way (the job
 * expires, is handed out again, and the worker starts the report over).
 */
@Injectable()
export class ReportQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportQueue.name);
  private readonly boss: PgBoss;
  private readonly name: string;

  constructor(
    private readonly config: AppConfig,
    private readonly worker: ReportWorker,
  ) {
    this.name = config.VIGIE_REPORT_QUEUE;
    this.boss = new PgBoss({
      connectionString: queueDatabaseUrl(config),
      // The queue role owns the `pgboss` schema, made for it at provisioning: it may not create schemas.
      createSchema: config.VIGIE_QUEUE_DATABASE_URL === undefined,
      application_name: 'vigie-reports',
      max: 2 + config.VIGIE_REPORT_CONCURRENCY,
      schedule: false,
      useListenNotify: true,
    });
    // Without a listener an 'error' event would end the process.
    this.boss.on('error', (error: Error) =>
      this.logger.error(`Report queue: ${describeDatabaseError(error)}`),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(this.name, {
      retryLimit: 2,
      retryDelay: 5,
      expireInSeconds: JOB_EXPIRE_SECONDS,
      notify: true,
    });
    if (!this.config.VIGIE_REPORT_WORKER) return;
    await this.boss.work<ReportJob>(
      this.name,
      {
        localConcurrency: this.config.VIGIE_REPORT_CONCURRENCY,
        batchSize: 1,
        // After each job the worker waits this long before fetching the next one (NOTIFY only
        // wakes it for jobs sent later): with 5 s, ten notes requested at once left the two slots
        // idle half the time (bench/results/reports.md). 0.5 s is pg-boss's minimum.
        pollingIntervalSeconds: 0.5,
        notifyPollingIntervalSeconds: 0.5,
      },
      async (jobs) => {
        for (const job of jobs) await this.worker.run(job.data.reportId);
      },
    );
  }

  /** Queues the rendering of a report whose row is committed. */
  async enqueue(reportId: string): Promise<void> {
    const id = await this.boss.send(this.name, { reportId } satisfies ReportJob);
    if (id === null) throw new Error('the report queue refused the job');
  }

  /** Stops taking jobs and waits (up to 30 s) for the renderings under way, before the renderer closes. */
  async onModuleDestroy(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 30_000, close: true });
  }
}
