import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KoboFeedRecord, KoboReceipt, KoboSubmissionRecord, NewKoboFeedRecord } from '@vigie/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public, RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { DomainError } from '../../common/domain-error';
import { sendPage, UuidParam } from '../../common/http';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import { AppConfig } from '../../config/app-config';
import { importErrors } from '../imports.errors';
import { CreateKoboFeedDto } from './kobo-feed-input.dto';
import { KoboFeedsService } from './kobo-feeds.service';

@ApiTags('imports')
@Controller()
export class KoboFeedsController {
  constructor(
    private readonly feeds: KoboFeedsService,
    private readonly config: AppConfig,
  ) {}

  @Get('kobo-feeds')
  @ApiOperation({ summary: 'KoboToolbox feeds, with their counts of accepted and rejected submissions' })
  @RequirePermission('imports.manage')
  async list(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KoboFeedRecord[]> {
    const rows = await this.feeds.list(actor);
    return sendPage(reply, { rows, total: rows.length });
  }

  @Post('kobo-feeds')
  @ApiOperation({ summary: 'Create a feed: the URL to paste into KoboToolbox REST Services, shown once' })
  @RequirePermission('imports.manage')
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateKoboFeedDto,
    @Req() request: FastifyRequest,
  ): Promise<NewKoboFeedRecord> {
    const baseUrl =
      this.config.VIGIE_PUBLIC_URL ?? `${request.protocol}://${request.headers.host ?? request.hostname}`;
    return this.feeds.create(actor, dto, baseUrl);
  }

  @Get('kobo-feeds/:id')
  @RequirePermission('imports.manage')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<KoboFeedRecord> {
    return this.feeds.get(actor, id);
  }

  @Delete('kobo-feeds/:id')
  @ApiOperation({ summary: 'Revoke a feed: its URL answers 404 from now on (kept, with its submissions)' })
  @RequirePermission('imports.manage')
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<KoboFeedRecord> {
    return this.feeds.revoke(actor, id);
  }

  @Get('kobo-feeds/:id/submissions')
  @ApiOperation({ summary: 'Submissions received, newest first (`status=accepted|rejected`)' })
  @RequirePermission('imports.manage')
  async submissions(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KoboSubmissionRecord[]> {
    const { status, _start, _end, _sort, _order, ...rest } = query;
    void _sort;
    void _order;
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw importErrors.invalidForm(
        Object.fromEntries(unknown.map((key) => [key, 'is not a filter of submissions'])),
      );
    }
    if (status !== undefined && status !== 'accepted' && status !== 'rejected') {
      throw importErrors.invalidForm({ status: 'must be one of: accepted, rejected' });
    }
    const offset = _start === undefined ? 0 : Number(_start);
    const end = _end === undefined ? offset + 25 : Number(_end);
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(end) ||
      offset < 0 ||
      end < offset ||
      end - offset > 1000
    ) {
      throw importErrors.invalidForm({ _end: 'must give a page of at most 1000 rows after _start' });
    }
    return sendPage(
      reply,
      await this.feeds.submissions(actor, id, (status as 'accepted' | 'rejected' | undefined) ?? null, {
        offset,
        limit: end - offset,
      }),
    );
  }

  @Post('kobo-feeds/:id/submissions/:submissionId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Process a rejected submission again with the mapping as it is now' })
  @RequirePermission('imports.manage')
  retry(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Param('submissionId', UuidParam) submissionId: string,
  ): Promise<KoboReceipt> {
    return this.feeds.retry(actor, id, submissionId);
  }

  /**
   * The KoboToolbox REST Services hook. Public: the token in the path is the credential (256 bits,
   * stored hashed, revocable). 201 for a new observation, 200 for a submission already received,
   * 400 with the reasons for a rejected one (kept in the feed's rejected list).
   */
  @Post('import/kobo/:token')
  @Public()
  @ApiOperation({ summary: 'KoboToolbox REST Services hook: one submission as JSON' })
  async receive(
    @Param('token') token: string,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KoboReceipt | Record<string, unknown>> {
    // KoboToolbox posts JSON; a form body (which any web page can send cross-site without a
    // preflight) would otherwise be parsed into an object and kept as a submission.
    if (!/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
      throw new DomainError(
        'unsupported_media_type',
        'kobo_submission_not_json',
        'A KoboToolbox submission is posted as JSON (Content-Type: application/json)',
      );
    }
    const receipt = await this.feeds.receive(token, body);
    if (receipt.status === 'rejected') {
      void reply.status(400);
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: `Submission rejected and kept in Vigie's list of rejected submissions: ${Object.entries(
          receipt.errors ?? {},
        )
          .map(([field, message]) => `${field} ${message}`)
          .join('; ')}`,
        errors: receipt.errors,
      };
    }
    void reply.status(receipt.duplicate ? 200 : 201);
    return receipt;
  }
}
