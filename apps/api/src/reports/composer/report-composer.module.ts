import { Module } from '@nestjs/common';
import { LegalModule } from '../../legal/legal.module';
import { StatsModule } from '../../stats/stats.module';
import { CaseDossierComposer } from './case-dossier/case-dossier-composer';
import { CaseDossierRepository } from './case-dossier/case-dossier.repository';
import { ReportComposer } from './report-composer';
import { ReportComposerRepository } from './report-composer.repository';

/** Report model and HTML (the reports context prints and stores them). */
@Module({
  imports: [StatsModule, LegalModule],
  providers: [ReportComposer, ReportComposerRepository, CaseDossierComposer, CaseDossierRepository],
  exports: [ReportComposer],
})
export class ReportComposerModule {}
