import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SESSION_IDLE_HOURS } from '@vigie/domain';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ScheduledJobs } from '../jobs/scheduled-jobs';

export const AUTH_RETENTION_JOB = 'maintenance.auth-retention';

/**
 * Sign-in attempts and sessions hold addresses and user agents: who connected from where. They are
 * kept `VIGIE_AUTH_RETENTION_DAYS` (90 by default) for the rate limits and for investigating an
 * incident, then deleted by a daily job. A session is deleted only once it has ended (revoked or
 * idle) for that long; the audit trail keeps its own record of sign-ins.
 */
@Injectable()
export class AuthRetention implements OnModuleInit {
  private readonly logger = new Logger(AuthRetention.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly scheduledJobs: ScheduledJobs,
  ) {}

  onModuleInit(): void {
    this.scheduledJobs.register({
      name: AUTH_RETENTION_JOB,
      cron: '40 3 * * *',
      run: async () => {
        await this.run();
      },
    });
  }

  async run(): Promise<{ loginAttempts: number; sessions: number }> {
    const days = this.config.VIGIE_AUTH_RETENTION_DAYS;
    const [, loginAttempts] = (await this.dataSource.query(
      `DELETE FROM login_attempts WHERE at < now() - make_interval(days => $1)`,
      [days],
    )) as [unknown, number];
    const [, sessions] = (await this.dataSource.query(
      `DELETE FROM sessions
        WHERE last_seen_at + make_interval(hours => $2) < now() - make_interval(days => $1)
          AND (revoked_at IS NULL OR revoked_at < now() - make_interval(days => $1))`,
      [days, SESSION_IDLE_HOURS],
    )) as [unknown, number];
    if (loginAttempts + sessions > 0) {
      this.logger.log(
        `Retention (${days} days): deleted ${loginAttempts} sign-in attempt(s) and ${sessions} ended session(s)`,
      );
    }
    return { loginAttempts, sessions };
  }
}
