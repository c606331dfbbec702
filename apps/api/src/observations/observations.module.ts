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
  // Legal cases search observations to link as evidence (inside a challenged act's perimeter).
  exports: [ObservationsRepository],
})
export class ObservationsModule {}
