import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendPage, UuidParam } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { AuditQueryService } from './audit-query.service';
import type { HistoryEntry } from './audit.repository';

/**
 * `GET /api/<resource>/:id/history` for every resource that has one. Here rather than in each
 * resource's controller: the history is read from the audit trail, whatever the resource.
 */
@ApiTags('history')
@Controller()
export class HistoryController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get('observations/:id/history')
  @RequirePermission('observations.read')
  @ApiOperation({ summary: 'Who changed what and when, newest first (_start/_end; total in X-Total-Count)' })
  async observation(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'observations', id, query));
  }

  @Get('incidents/:id/history')
  @RequirePermission('incidents.read')
  @ApiOperation({ summary: 'Who changed what and when, newest first (_start/_end; total in X-Total-Count)' })
  async incident(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'incidents', id, query));
  }

  @Get('sites/:id/history')
  @RequirePermission('sites.read')
  @ApiOperation({ summary: 'Who changed what and when, newest first (_start/_end; total in X-Total-Count)' })
  async site(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'sites', id, query));
  }

  @Get('attachments/:id/history')
  @RequirePermission('attachments.read')
  @ApiOperation({
    summary: 'Who changed the file and when, downloads included, newest first (_start/_end; X-Total-Count)',
  })
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'attachments', id, query));
  }

  @Get('users/:id/history')
  @RequirePermission('users.manage')
  @ApiOperation({ summary: 'Who changed what and when, newest first (_start/_end; total in X-Total-Count)' })
  async user(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'users', id, query));
  }

  @Get('legal-cases/:id/history')
  @RequirePermission('legalCases.read')
  @ApiOperation({
    summary: 'Who changed the case and when (communication: its public fields only), newest first',
  })
  async legalCase(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'legal_cases', id, query));
  }

  @Get('legal-cases/:caseId/events/:id/history')
  @RequirePermission('legalCases.read')
  @ApiOperation({ summary: 'Who changed the event and when, newest first' })
  async legalEvent(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'legal_case_events', id, query, caseId));
  }

  @Get('legal-cases/:caseId/deadlines/:id/history')
  @RequirePermission('legalCases.readDetails')
  @ApiOperation({
    summary: 'Every change of the deadline (each recomputed due date, done, cancelled), newest first',
  })
  async legalDeadline(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'legal_deadlines', id, query, caseId));
  }

  @Get('legal-cases/:caseId/evidence/:id/history')
  @RequirePermission('legalCases.readDetails')
  @ApiOperation({ summary: 'Who linked, annotated or unlinked the evidence and when, newest first' })
  async legalEvidence(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HistoryEntry[]> {
    return sendPage(reply, await this.audit.history(actor, 'legal_case_evidence', id, query, caseId));
  }
}
