import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AttachmentRecord } from '@vigie/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendPage, UuidParam } from '../common/http';
import { AcceptsReadOnlyEcho } from '../common/read-only-fields';
import { reprDigest } from '../files/repr-digest';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { AttachmentsService, type FileDownload, type FileVariant } from './attachments.service';
import { ATTACHMENT_READ_ONLY, PatchAttachmentDto } from './dto/patch-attachment.dto';

/** Sends stored bytes so that a browser never renders nor sniffs them, and nothing caches them. */
function sendFile(reply: FastifyReply, file: FileDownload, disposition: 'attachment' | 'inline'): void {
  void reply
    .header('content-type', file.mimeType)
    .header('content-length', String(file.sizeBytes))
    .header('repr-digest', reprDigest(file.sha256))
    .header('content-disposition', `${disposition}; filename="${file.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .send(file.stream);
}

@ApiTags('attachments')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get('attachments')
  @ApiOperation({ summary: 'List evidence files (observationId=…, incidentId=…; total in X-Total-Count)' })
  @RequirePermission('attachments.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentRecord[]> {
    return sendPage(reply, await this.attachments.list(actor, query));
  }

  @Get('attachments/:id')
  @RequirePermission('attachments.read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<AttachmentRecord> {
    return this.attachments.get(actor, id);
  }

  @Post('attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'The evidence; its type is read from the bytes',
        },
        observationId: {
          type: 'string',
          format: 'uuid',
          description: 'Exactly one of observationId, incidentId',
        },
        incidentId: { type: 'string', format: 'uuid' },
        caption: { type: 'string', maxLength: 500 },
        consent: {
          type: 'string',
          description:
            'JSON: {"publication": false, "litigation": false, "research": false} (default all false)',
        },
        id: {
          type: 'string',
          format: 'uuid',
          description: 'Client id: a retry with the same content returns 200',
        },
      },
    },
  })
  @ApiOperation({
    summary:
      'Upload a file (multipart: file, observationId | incidentId, caption?, consent?, id?); 201, or 200 on a retry with the same id and content',
  })
  @ApiOkResponse({ description: 'Replayed upload: the stored record' })
  @RequirePermission('attachments.create')
  async create(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttachmentRecord> {
    const { record, created } = await this.attachments.create(actor, request);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Get('attachments/:id/content')
  @ApiOperation({ summary: 'The original bytes (audited), with Repr-Digest' })
  @RequirePermission('attachments.read')
  async content(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendFile(reply, await this.attachments.open(actor, id, 'original'), 'attachment');
  }

  @Get('attachments/:id/publication')
  @ApiOperation({ summary: 'The publication copy of an image: JPEG, ≤ 1600 px, no metadata (audited)' })
  @RequirePermission('attachments.read')
  async publication(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendFile(reply, await this.attachments.open(actor, id, 'publication'), 'attachment');
  }

  @Get('attachments/:id/thumbnail')
  @ApiOperation({ summary: 'A small JPEG of an image for the console (not audited)' })
  @RequirePermission('attachments.read')
  async thumbnail(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendFile(reply, await this.attachments.open(actor, id, 'thumbnail' satisfies FileVariant), 'inline');
  }

  @Patch('attachments/:id')
  @ApiOperation({ summary: 'Change caption or consent; 409 with the current record on a stale version' })
  @RequirePermission('attachments.update')
  @AcceptsReadOnlyEcho(ATTACHMENT_READ_ONLY, AttachmentsService)
  patch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchAttachmentDto,
  ): Promise<AttachmentRecord> {
    return this.attachments.patch(actor, id, dto);
  }

  @Delete('attachments/:id')
  @ApiOperation({ summary: 'Soft delete (restorable); the bytes are never deleted' })
  @RequirePermission('attachments.delete')
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<AttachmentRecord> {
    return this.attachments.remove(actor, id);
  }

  @Post('attachments/:id/restore')
  @HttpCode(200)
  @RequirePermission('attachments.delete')
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<AttachmentRecord> {
    return this.attachments.restore(actor, id);
  }
}
