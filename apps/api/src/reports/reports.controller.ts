import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AREAS, type ReportRecord } from '@vigie/domain';
import { REPORT_KINDS, REPORT_LANGS } from '@vigie/reporting';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendPage, UuidParam } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { reprDigest } from '../files/repr-digest';
import { ReportsService } from './reports.service';

/**
 * The preview is our own HTML with user text escaped; still, it may run nothing and fetch nothing,
 * like the page the PDF is printed from, and no page may frame it (the console opens it in a tab).
 */
const PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const REQUEST_BODY: Parameters<typeof ApiBody>[0] = {
  description:
    'A periodic publication: kind, from, to, lang and optionally area. A case dossier (admin, legal): ' +
    'kind "case-dossier", caseId, lang and optionally includeRestricted — no period, no area.',
  schema: {
    type: 'object',
    required: ['kind', 'lang'],
    properties: {
      kind: { type: 'string', enum: [...REPORT_KINDS] },
      from: { type: 'string', format: 'date', description: 'Periodic kinds: Paris local date, included' },
      to: {
        type: 'string',
        format: 'date',
        description:
          'Periodic kinds: Paris local date, included; a monthly note covers at most 31 days, the others 366',
      },
      area: {
        type: 'string',
        enum: [...AREAS.codes],
        nullable: true,
        description: 'Periodic kinds; absent: the whole territory',
      },
      caseId: { type: 'string', format: 'uuid', description: 'Case dossier: the legal case' },
      includeRestricted: {
        type: 'boolean',
        default: false,
        description: 'Case dossier: print claimants, confidential notes and testimonies',
      },
      lang: { type: 'string', enum: [...REPORT_LANGS] },
    },
  },
};

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Reports, newest first (filters kind, status, lang, area, caseId; total in X-Total-Count); ' +
      'case dossiers only for admin and legal',
  })
  @RequirePermission('reports.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportRecord[]> {
    return sendPage(reply, await this.reports.list(actor, query));
  }

  @Post()
  @HttpCode(202)
  @ApiBody(REQUEST_BODY)
  @ApiOperation({
    summary:
      'Queue a report; 202 with the report (status queued), audited. Periodic kinds need reports.create, ' +
      'a case dossier reports.caseDossier (checked by the service)',
  })
  @RequirePermission('reports.read')
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ReportRecord> {
    return this.reports.create(actor, body);
  }

  @Get('preview')
  @ApiOperation({ summary: 'The HTML a report with these parameters is printed from (text/html)' })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'kind', required: true, enum: [...REPORT_KINDS] })
  @ApiQuery({ name: 'from', required: false, description: 'Periodic kinds: Paris local date YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: false, description: 'Periodic kinds: Paris local date YYYY-MM-DD' })
  @ApiQuery({ name: 'area', required: false, enum: [...AREAS.codes] })
  @ApiQuery({ name: 'caseId', required: false, description: 'Case dossier: the legal case' })
  @ApiQuery({ name: 'includeRestricted', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'lang', required: true, enum: [...REPORT_LANGS] })
  @RequirePermission('reports.read')
  async preview(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const html = await this.reports.preview(actor, query);
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PREVIEW_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(html);
  }

  @Get(':id')
  @RequirePermission('reports.read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ReportRecord> {
    return this.reports.get(actor, id);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a failed report again (409 unless failed); audited' })
  @RequirePermission('reports.read')
  retry(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ReportRecord> {
    return this.reports.retry(actor, id);
  }

  @Get(':id/pdf')
  @ApiOperation({ summary: 'The PDF of a done report (409 otherwise), with Repr-Digest; audited' })
  @ApiProduces('application/pdf')
  @RequirePermission('reports.read')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.reports.openPdf(actor, id);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(file.sizeBytes))
      .header('repr-digest', reprDigest(file.sha256))
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.stream);
  }
}
