import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ObservationRecord } from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { UuidParam } from '../common/http';
import { ReturnObservationDto } from './dto/return-observation.dto';
import { ObservationReviewService } from './observation-review.service';

/** The review workflow (DESIGN §3, §5): 409 `invalid_transition` from any other status. */
@ApiTags('observations')
@Controller()
export class ObservationReviewController {
  constructor(private readonly review: ObservationReviewService) {}

  @Post('observations/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft → submitted (its author observer, coordinators, admins)' })
  @RequirePermission('observations.submit')
  submit(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ObservationRecord> {
    return this.review.submit(actor, id);
  }

  @Post('observations/:id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'submitted → validated (coordinators, admins)' })
  @RequirePermission('observations.validate')
  validate(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ObservationRecord> {
    return this.review.validate(actor, id);
  }

  @Post('observations/:id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'submitted → draft with a comment for the author (coordinators, admins)' })
  @RequirePermission('observations.validate')
  return(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReturnObservationDto,
  ): Promise<ObservationRecord> {
    return this.review.return(actor, id, dto.comment);
  }
}
