import { Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { UuidParam } from '../../common/http';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import { AppConfig } from '../../config/app-config';
import { CalendarService, type FeedState } from './calendar.service';

const ICS_TYPE = 'text/calendar; charset=utf-8';

@ApiTags('legal cases')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly config: AppConfig,
  ) {}

  @Get('auth/calendar-feed')
  @ApiOperation({
    summary: 'Whether you have a calendar feed, since when, last fetched when (never its URL)',
  })
  @RequirePermission('legalCases.read')
  feedState(@CurrentActor() actor: Actor): Promise<FeedState> {
    return this.calendar.feedState(actor);
  }

  @Post('auth/calendar-feed')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Create or replace your secret calendar feed URL (shown this once; the previous one stops working)',
  })
  @RequirePermission('legalCases.read')
  createFeed(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<FeedState & { url: string }> {
    return this.calendar.createFeed(actor, this.baseUrl(request));
  }

  @Delete('auth/calendar-feed')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke your calendar feed URL' })
  @RequirePermission('legalCases.read')
  async revokeFeed(@CurrentActor() actor: Actor): Promise<void> {
    await this.calendar.revokeFeed(actor);
  }

  @Get('calendar/:file')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'A calendar feed (`<token>.ics`, `?lang=en`): the deadlines and hearings its owner may see',
    description: 'The secret in the URL is the credential; an unknown or revoked one is a 404.',
  })
  async feed(
    @Param('file') file: string,
    @Query() query: RawQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.sendIcs(reply, await this.calendar.feed(file, query, this.baseUrl(request)), 'vigie.ics');
  }

  @Get('deadlines.ics')
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: 'The deadlines of GET /api/deadlines (same filters, open by default) in iCalendar',
  })
  @RequirePermission('legalCases.readDetails')
  async deadlines(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.sendIcs(
      reply,
      await this.calendar.deadlinesCalendar(actor, query, this.baseUrl(request)),
      'vigie-echeances.ics',
    );
  }

  @Get('legal-cases/:caseId/hearings.ics')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: "A case's hearings in iCalendar" })
  @RequirePermission('legalCases.read')
  async hearings(
    @CurrentActor() actor: Actor,
    @Param('caseId', UuidParam) caseId: string,
    @Query() query: RawQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const text = await this.calendar.caseHearingsCalendar(actor, caseId, query, this.baseUrl(request));
    this.sendIcs(reply, text, 'vigie-audiences.ics');
  }

  private sendIcs(reply: FastifyReply, text: string, filename: string): void {
    void reply
      .header('content-type', ICS_TYPE)
      .header('content-disposition', `inline; filename="${filename}"`)
      // A feed holds what its owner may see: no shared cache keeps it.
      .header('cache-control', 'private, no-store')
      .header('x-robots-tag', 'noindex')
      .send(text);
  }

  private baseUrl(request: FastifyRequest): string {
    return (
      this.config.VIGIE_PUBLIC_URL ?? `${request.protocol}://${request.headers.host ?? request.hostname}`
    );
  }
}
