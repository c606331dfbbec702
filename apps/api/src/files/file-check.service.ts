import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { ScheduledJobs } from '../jobs/scheduled-jobs';
import {
  type FileCheckResult,
  type FileCheckTrigger,
  fileIntegrityStatus,
  type FileIntegrityStatus,
  runFileCheck,
} from './file-check';
import { FileStore } from './file-store';

/** The pg-boss queue of the nightly file check. */
export const FILE_CHECK_JOB = 'maintenance.files-verify';

/**
 * Re-hashes every stored file on a schedule (`VIGIE_FILES_VERIFY_CRON`, nightly by default) at
 * `VIGIE_FILES_VERIFY_MB_PER_SECOND`, so that a missing or altered file is found even if nobody
 * downloads it, and reported to admins (health endpoint) and in the audit trail.
 */
@Injectable()
export class FileCheckService implements OnModuleInit {
  private readonly logger = new Logger(FileCheckService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: FileStore,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly jobs: ScheduledJobs,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: FILE_CHECK_JOB,
      cron: this.config.VIGIE_FILES_VERIFY_CRON,
      // A large store read slowly takes hours; pg-boss allows a job 24 h at most.
      expireInSeconds: 23 * 3600,
      run: async () => {
        await this.run();
      },
    });
  }

  /** One full check (what the scheduled job runs); logs what it found. */
  async run(trigger: FileCheckTrigger = 'schedule'): Promise<FileCheckResult> {
    await this.store.secureModes();
    const result = await runFileCheck(this.dataSource, this.store, this.audit, {
      trigger,
      mbPerSecond: this.config.VIGIE_FILES_VERIFY_MB_PER_SECOND,
    });
    if (result.problems.length > 0) {
      this.logger.error(
        `File check: ${result.problems.length} of ${result.filesChecked} stored file(s) missing or altered: ` +
          result.problems.map((problem) => `${problem.sha256} (${problem.problem})`).join(', '),
      );
    }
    return result;
  }

  status(): Promise<FileIntegrityStatus> {
    return fileIntegrityStatus(this.dataSource);
  }
}
