import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LegalCaseEventRecord } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { sendPage, UuidParam } from '../../common/http';
import { AcceptsReadOnlyEcho } from '../../common/read-only-fields';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import { CreateLegalEventDto, LEGAL_EVENT_READ_ONLY, PatchLegalEventDto } from './dto/legal-event-input.dto';
import { LegalEventsService } from './legal-events.service';

@ApiTags('legal cases')
@Controller('legal-cases/:caseId/events')
export class LegalEventsController {
  constructor(private readonly events: LegalEventsService) {}

  @Get()
  @ApiOperation({ summary: "A case's chronology, oldest first (list dialect; total in X-Total-Count)" })
  @RequirePermission('legalCases.read')
  async list(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalCaseEventRecord[]> {
    return sendPage(reply, await this.events.list(actor, caseId, query));
  }

  @Get(':id')
  @RequirePermission('legalCases.read')
  get(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<LegalCaseEventRecord> {
    return this.events.get(actor, caseId, id);
  }

  @Post()
  @ApiOperation({
    summary: 'Record an event; the deadlines it starts (a notified decision…) are computed at once',
  })
  @ApiOkResponse({ description: 'Replayed create: the stored event' })
  @RequirePermission('legalCases.update')
  async create(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Body() dto: CreateLegalEventDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalCaseEventRecord> {
    const { record, created } = await this.events.create(actor, caseId, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an event (its deadlines are recomputed); 409 on a stale version' })
  @RequirePermission('legalCases.update')
  @AcceptsReadOnlyEcho(LEGAL_EVENT_READ_ONLY, LegalEventsService, ['caseId', 'id'])
  patch(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchLegalEventDto,
  ): Promise<LegalCaseEventRecord> {
    return this.events.patch(actor, caseId, id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Soft delete (its open computed deadlines are cancelled)' })
  @RequirePermission('legalCases.update')
  remove(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<LegalCaseEventRecord> {
    return this.events.remove(actor, caseId, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequirePermission('legalCases.update')
  restore(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<LegalCaseEventRecord> {
    return this.events.restore(actor, caseId, id);
  }
}
