import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { LegalModule } from '../legal/legal.module';
import { ReportComposerModule } from './composer/report-composer.module';
import { ReportQueue } from './report-queue';
import { ReportRenderer } from './report-renderer';
import { ReportWorker } from './report-worker';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Publications: the API, the durable job queue and the in-process worker (DESIGN §6). */
@Module({
  imports: [FilesModule, LegalModule, ReportComposerModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportsRepository, ReportQueue, ReportWorker, ReportRenderer],
})
export class ReportsModule {}
