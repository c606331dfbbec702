import { Module } from '@nestjs/common';
import { StatsModule } from '../../stats/stats.module';
import { ReportComposer } from './report-composer';
import { ReportComposerRepository } from './report-composer.repository';

/** Report model and HTML (the reports context prints and stores them). */
@Module({
  imports: [StatsModule],
  providers: [ReportComposer, ReportComposerRepository],
  exports: [ReportComposer],
})
export class ReportComposerModule {}
