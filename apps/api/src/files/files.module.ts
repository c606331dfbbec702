import { Module } from '@nestjs/common';
import { FileCheckService } from './file-check.service';
import { FileStore } from './file-store';

/**
 * The content-addressed store of file bytes (evidence, generated PDFs), shared by the contexts that
 * keep files: one provider, so one start-up clean-up of the temporary directory; and its nightly
 * check (AuditService, AppConfig and ScheduledJobs come from global modules).
 */
@Module({
  providers: [FileStore, FileCheckService],
  exports: [FileStore, FileCheckService],
})
export class FilesModule {}
