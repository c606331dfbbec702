import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IncidentRecord } from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { UuidParam } from '../common/http';
import { ReviewCommentDto } from '../review/review-comment.dto';
import { IncidentReviewService } from './incident-review.service';

/** The review workflow of incidents (DESIGN §3, §5): 409 `invalid_transition` from any other status. */
@ApiTags('incidents')
@Controller()
export class IncidentReviewController {
  constructor(private readonly review: IncidentReviewService) {}

  @Post('incidents/:id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'draft → submitted (its author observer, coordinators, admins)' })
  @RequirePermission('incidents.submit')
  submit(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<IncidentRecord> {
    return this.review.submit(actor, id);
  }

  @Post('incidents/:id/validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'submitted → validated (coordinators, admins)' })
  @RequirePermission('incidents.validate')
  validate(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<IncidentRecord> {
    return this.review.validate(actor, id);
  }

  @Post('incidents/:id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'submitted → draft with a comment for the author (coordinators, admins)' })
  @RequirePermission('incidents.validate')
  return(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReviewCommentDto,
  ): Promise<IncidentRecord> {
    return this.review.return(actor, id, dto.comment);
  }
}
