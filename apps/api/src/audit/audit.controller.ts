import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { SerialIdParam, sendPage } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import type { ChainVerdict } from './audit-chain';
import { AuditQueryService } from './audit-query.service';
import type { AuditEventView } from './audit.repository';

@ApiTags('audit')
@Controller('audit-events')
@RequirePermission('audit.read')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @ApiOperation({
    summary:
      'List audit events (ra-data-json-server dialect; filters id, actorId, action, entity, entityId, at_gte, at_lte; newest first)',
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuditEventView[]> {
    return sendPage(reply, await this.audit.list(actor, query));
  }

  @Get('verify')
  @ApiOperation({
    summary:
      'Verify the hash chain end to end: { ok: true, count, headHash } or { ok: false, count, brokenAtId, reason }',
  })
  verify(@CurrentActor() actor: Actor): Promise<ChainVerdict> {
    return this.audit.verify(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One audit event, as the list gives it (react-admin getOne); 404 when unknown' })
  get(@CurrentActor() actor: Actor, @Param('id', SerialIdParam) id: string): Promise<AuditEventView> {
    return this.audit.get(actor, id);
  }
}
