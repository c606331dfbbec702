import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeadlineRecord } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { sendPage, UuidParam } from '../../common/http';
import { AcceptsReadOnlyEcho } from '../../common/read-only-fields';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import { CreateDeadlineDto, DEADLINE_READ_ONLY, PatchDeadlineDto } from './dto/deadline-input.dto';
import { LegalDeadlinesService } from './legal-deadlines.service';

@ApiTags('legal cases')
@Controller()
export class LegalDeadlinesController {
  constructor(private readonly deadlines: LegalDeadlinesService) {}

  @Get('deadlines')
  @ApiOperation({
    summary: 'Deadlines of every live case, soonest first (« Échéances »)',
    description:
      'Filters: status, dueAt (_gte/_lte), caseId, rule, computed, q (title, case reference and title).',
  })
  @RequirePermission('legalCases.readDetails')
  async listAll(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeadlineRecord[]> {
    return sendPage(reply, await this.deadlines.listAll(actor, query));
  }

  @Get('deadlines/:id')
  @ApiOperation({
    summary:
      'One deadline of any live case, deleted or not, as GET /api/deadlines gives it (react-admin getOne)',
  })
  @RequirePermission('legalCases.readDetails')
  getOfAnyCase(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<DeadlineRecord> {
    return this.deadlines.getOfAnyCase(actor, id);
  }

  @Get('legal-cases/:caseId/deadlines')
  @ApiOperation({ summary: "A case's deadlines, soonest first" })
  @RequirePermission('legalCases.readDetails')
  async list(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeadlineRecord[]> {
    return sendPage(reply, await this.deadlines.list(actor, caseId, query));
  }

  @Get('legal-cases/:caseId/deadlines/:id')
  @RequirePermission('legalCases.readDetails')
  get(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<DeadlineRecord> {
    return this.deadlines.get(actor, caseId, id);
  }

  @Post('legal-cases/:caseId/deadlines')
  @ApiOperation({ summary: 'Add a deadline by hand: a due date, or a rule and the day it starts from' })
  @ApiOkResponse({ description: 'Replayed create: the stored deadline' })
  @RequirePermission('legalCases.update')
  async create(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Body() dto: CreateDeadlineDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DeadlineRecord> {
    const { record, created } = await this.deadlines.create(actor, caseId, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Patch('legal-cases/:caseId/deadlines/:id')
  @ApiOperation({ summary: 'Mark done or cancelled, retitle, annotate; reschedule one added by hand' })
  @RequirePermission('legalCases.update')
  @AcceptsReadOnlyEcho(DEADLINE_READ_ONLY, LegalDeadlinesService, ['caseId', 'id'])
  patch(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchDeadlineDto,
  ): Promise<DeadlineRecord> {
    return this.deadlines.patch(actor, caseId, id, dto);
  }

  @Delete('legal-cases/:caseId/deadlines/:id')
  @ApiOperation({ summary: 'Soft delete a deadline added by hand (a computed one: cancel it, 409)' })
  @RequirePermission('legalCases.update')
  remove(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<DeadlineRecord> {
    return this.deadlines.remove(actor, caseId, id);
  }

  @Post('legal-cases/:caseId/deadlines/:id/restore')
  @HttpCode(200)
  @RequirePermission('legalCases.update')
  restore(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<DeadlineRecord> {
    return this.deadlines.restore(actor, caseId, id);
  }
}
