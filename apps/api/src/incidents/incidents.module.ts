import { Module } from '@nestjs/common';
import { IncidentReviewController } from './incident-review.controller';
import { IncidentReviewService } from './incident-review.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

@Module({
  controllers: [IncidentsController, IncidentReviewController],
  providers: [IncidentsService, IncidentReviewService, IncidentsRepository],
  // Imports write incidents through the same repository.
  exports: [IncidentsRepository],
})
export class IncidentsModule {}
