import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DuplicateComparison, ObservationRecord } from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { UuidParam } from '../common/http';
import { MergeObservationDto } from './duplicates.dto';
import { DuplicatesService } from './duplicates.service';

/** Possible duplicates of an observation: compare, dismiss ("not a duplicate"), merge. */
@ApiTags('observations')
@Controller()
export class DuplicatesController {
  constructor(private readonly duplicates: DuplicatesService) {}

  @Get('observations/:id/duplicates')
  @ApiOperation({
    summary:
      'Side-by-side comparison: each possible or dismissed duplicate with distanceM, timeGapMinutes, status, decidedBy, decidedAt',
  })
  @RequirePermission('observations.read')
  compare(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<DuplicateComparison[]> {
    return this.duplicates.compare(actor, id);
  }

  @Post('observations/:id/duplicates/:otherId/dismiss')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark a possible duplicate "not a duplicate" (coordinators, admins); harmless to repeat',
  })
  @RequirePermission('observations.merge')
  dismiss(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Param('otherId', UuidParam) otherId: string,
  ): Promise<DuplicateComparison> {
    return this.duplicates.dismiss(actor, id, otherId);
  }

  @Post('observations/:id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Keep :id, merge duplicateId into it (soft-deleted, mergedIntoId set; its incidents and attachments move to :id); 409 with the current record on a stale version',
  })
  @RequirePermission('observations.merge')
  merge(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: MergeObservationDto,
  ): Promise<ObservationRecord> {
    return this.duplicates.merge(actor, id, dto);
  }
}
