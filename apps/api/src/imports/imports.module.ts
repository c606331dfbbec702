import { Module } from '@nestjs/common';
import { FilesModule } from '../files/files.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { ObservationsModule } from '../observations/observations.module';
import { ImportsController } from './imports.controller';
import { KoboFeedsController } from './kobo/kobo-feeds.controller';
import { KoboFeedsService } from './kobo/kobo-feeds.service';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';
import { ImportMappingsController } from './mappings/import-mappings.controller';
import { ImportMappingsService } from './mappings/import-mappings.service';
import { ImportTargets } from './targets/import-targets';
import { IncidentImportTarget } from './targets/incident-target';
import { ObservationImportTarget } from './targets/observation-target';

@Module({
  imports: [FilesModule, ObservationsModule, IncidentsModule],
  controllers: [ImportsController, ImportMappingsController, KoboFeedsController],
  providers: [
    ImportsService,
    ImportsRepository,
    ImportMappingsService,
    KoboFeedsService,
    ImportTargets,
    ObservationImportTarget,
    IncidentImportTarget,
  ],
})
export class ImportsModule {}
