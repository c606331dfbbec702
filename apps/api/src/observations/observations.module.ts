import { Module } from '@nestjs/common';
import { ObservationsController } from './observations.controller';
import { ObservationsRepository } from './observations.repository';
import { ObservationsService } from './observations.service';

@Module({
  controllers: [ObservationsController],
  providers: [ObservationsService, ObservationsRepository],
})
export class ObservationsModule {}
