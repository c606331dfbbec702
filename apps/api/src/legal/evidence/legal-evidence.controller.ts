import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LegalEvidenceRecord, ObservationRecord } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { sendPage, UuidParam } from '../../common/http';
import { AcceptsReadOnlyEcho } from '../../common/read-only-fields';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import {
  CreateEvidenceDto,
  LEGAL_EVIDENCE_READ_ONLY,
  LinkEvidenceBatchDto,
  PatchEvidenceDto,
} from './dto/evidence-input.dto';
import { LegalEvidenceService } from './legal-evidence.service';

@ApiTags('legal cases')
@Controller('legal-cases/:caseId/evidence')
export class LegalEvidenceController {
  constructor(private readonly evidence: LegalEvidenceService) {}

  @Get()
  @ApiOperation({ summary: 'Records linked to the case as evidence, in the order they happened' })
  @RequirePermission('legalCases.readDetails')
  async list(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalEvidenceRecord[]> {
    return sendPage(reply, await this.evidence.list(actor, caseId, query));
  }

  @Get('in-perimeter')
  @ApiOperation({
    summary: "Observations inside the challenged act's perimeter while it was in force",
    description:
      'Takes the filters, sort and paging of GET /api/observations; 409 when the act has no perimeter.',
  })
  @RequirePermission('legalCases.readDetails')
  async inPerimeter(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ObservationRecord[]> {
    return sendPage(reply, await this.evidence.inPerimeter(actor, caseId, query));
  }

  @Get(':id')
  @RequirePermission('legalCases.readDetails')
  get(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<LegalEvidenceRecord> {
    return this.evidence.get(actor, caseId, id);
  }

  @Post()
  @ApiOperation({
    summary: 'Link one observation, incident or file (409 without litigation consent, or already linked)',
  })
  @ApiOkResponse({ description: 'Replayed create: the stored link' })
  @RequirePermission('legalCases.update')
  async create(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Body() dto: CreateEvidenceDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalEvidenceRecord> {
    const { record, created } = await this.evidence.create(actor, caseId, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Post('batch')
  @HttpCode(201)
  @ApiOperation({ summary: 'Link several records at once, all or nothing; those already linked are skipped' })
  @RequirePermission('legalCases.update')
  createMany(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Body() dto: LinkEvidenceBatchDto,
  ): Promise<{ created: LegalEvidenceRecord[]; alreadyLinked: string[] }> {
    return this.evidence.createMany(actor, caseId, dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change the link's note; 409 on a stale version" })
  @RequirePermission('legalCases.update')
  @AcceptsReadOnlyEcho(LEGAL_EVIDENCE_READ_ONLY, LegalEvidenceService, ['caseId', 'id'])
  patch(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchEvidenceDto,
  ): Promise<LegalEvidenceRecord> {
    return this.evidence.patch(actor, caseId, id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Unlink (soft delete; the record itself is untouched)' })
  @RequirePermission('legalCases.update')
  remove(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<LegalEvidenceRecord> {
    return this.evidence.remove(actor, caseId, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @RequirePermission('legalCases.update')
  restore(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
  ): Promise<LegalEvidenceRecord> {
    return this.evidence.restore(actor, caseId, id);
  }
}
