import { Module } from '@nestjs/common';
import { BackupQueue } from './backup-queue';
import { BackupRunner } from './backup-runner';
import { BackupRunsRepository } from './backup-runs.repository';
import { BackupsController } from './backups.controller';
import { BackupsService } from './backups.service';

/**
 * Backups in the running API (issue 15): the admin page's endpoints, the job queue of backups asked
 * for there, and the scheduled backup and drill. The work itself is in plain modules (run-backup,
 * run-drill) that the command line uses too. AuditService, AppConfig and ScheduledJobs come from
 * global modules; BackupsService is exported for the health endpoint.
 */
@Module({
  controllers: [BackupsController],
  providers: [BackupsService, BackupRunsRepository, BackupRunner, BackupQueue],
  exports: [BackupsService],
})
export class BackupsModule {}
