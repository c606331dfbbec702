import { Module } from '@nestjs/common';
import { DuplicatesController } from './duplicates.controller';
import { DuplicatesRepository } from './duplicates.repository';
import { DuplicatesService } from './duplicates.service';
import { ObservationReviewController } from './observation-review.controller';
import { ObservationReviewService } from './observation-review.service';
import { ObservationsController } from './observations.controller';
import { ObservationsRepository } from './observations.repository';
import { ObservationsService } from './observations.service';

@Module({
  controllers: [ObservationsController, ObservationReviewController, DuplicatesController],
  providers: [
    ObservationsService,
    ObservationReviewService,
    ObservationsRepository,
    DuplicatesService,
    DuplicatesRepository,
  ],
})
export class ObservationsModule {}
