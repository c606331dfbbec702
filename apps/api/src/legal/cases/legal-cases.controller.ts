import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LegalCaseRecord } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { sendGeoJson, sendPage, UuidParam } from '../../common/http';
import { AcceptsReadOnlyEcho } from '../../common/read-only-fields';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import {
  CreateLegalCaseDto,
  LEGAL_CASE_READ_ONLY,
  PatchLegalCaseDto,
  ReplaceLegalCaseDto,
} from './dto/legal-case-input.dto';
import { LegalCasesService } from './legal-cases.service';

@ApiTags('legal cases')
@Controller()
export class LegalCasesController {
  constructor(private readonly cases: LegalCasesService) {}

  @Get('legal-cases')
  @ApiOperation({
    summary: 'List legal cases (ra-data-json-server dialect; total in X-Total-Count)',
    description:
      'Filters: procedure, forum, status, outcome, q, hasOpenDeadlines, dueBefore, siteId, activeOn_gte/_lte ' +
      '(period of the chronology), parentCaseId, reference. Communication: public fields, filters and sorts only.',
  })
  @RequirePermission('legalCases.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalCaseRecord[]> {
    return sendPage(reply, await this.cases.list(actor, query));
  }

  @Get('legal-cases.geojson')
  @ApiOperation({ summary: "The challenged acts' perimeters as a GeoJSON FeatureCollection, same filters" })
  @RequirePermission('legalCases.readDetails')
  async geojson(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendGeoJson(reply, await this.cases.geojson(actor, query));
  }

  @Get('legal-cases/:id')
  @ApiOperation({ summary: 'One case, with its parent and its appeals' })
  @RequirePermission('legalCases.read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<LegalCaseRecord> {
    return this.cases.get(actor, id);
  }

  @Post('legal-cases')
  @ApiOperation({ summary: 'Create; 201, or 200 when the same client id and content were already stored' })
  @ApiOkResponse({ description: 'Replayed create: the stored case' })
  @RequirePermission('legalCases.create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateLegalCaseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalCaseRecord> {
    const { record, created } = await this.cases.create(actor, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Put('legal-cases/:id')
  @AcceptsReadOnlyEcho(LEGAL_CASE_READ_ONLY, LegalCasesService)
  @ApiOperation({ summary: 'Replace the whole case; 409 with the current case on a stale version' })
  @RequirePermission('legalCases.update')
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReplaceLegalCaseDto,
  ): Promise<LegalCaseRecord> {
    return this.cases.replace(actor, id, dto);
  }

  @Patch('legal-cases/:id')
  @AcceptsReadOnlyEcho(LEGAL_CASE_READ_ONLY, LegalCasesService)
  @ApiOperation({ summary: 'Change some fields (of the challenged act: those sent); 409 on a stale version' })
  @RequirePermission('legalCases.update')
  patch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchLegalCaseDto,
  ): Promise<LegalCaseRecord> {
    return this.cases.patch(actor, id, dto);
  }

  @Delete('legal-cases/:id')
  @ApiOperation({ summary: 'Soft delete (restorable)' })
  @RequirePermission('legalCases.delete')
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<LegalCaseRecord> {
    return this.cases.remove(actor, id);
  }

  @Post('legal-cases/:id/restore')
  @HttpCode(200)
  @RequirePermission('legalCases.delete')
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<LegalCaseRecord> {
    return this.cases.restore(actor, id);
  }
}
