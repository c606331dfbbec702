import { Module } from '@nestjs/common';
import { ObservationReviewController } from './observation-review.controller';
import { ObservationReviewService } from './observation-review.service';
import { ObservationsController } from './observations.controller';
import { ObservationsRepository } from './observations.repository';
import { ObservationsService } from './observations.service';

@Module({
  controllers: [ObservationsController, ObservationReviewController],
  providers: [ObservationsService, ObservationReviewService, ObservationsRepository],
})
export class ObservationsModule {}
