import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SiteRecord } from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendGeoJson, sendPage, UuidParam } from '../common/http';
import { AcceptsReadOnlyEcho } from '../common/read-only-fields';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { CreateSiteDto, PatchSiteDto, ReplaceSiteDto, SITE_READ_ONLY } from './dto/site-input.dto';
import { SitesService } from './sites.service';

@ApiTags('sites')
@Controller()
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get('sites')
  @ApiOperation({ summary: 'List sites (ra-data-json-server dialect; total in X-Total-Count)' })
  @RequirePermission('sites.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteRecord[]> {
    return sendPage(reply, await this.sites.list(actor, query));
  }

  @Get('sites.geojson')
  @ApiOperation({ summary: 'Sites as a GeoJSON FeatureCollection, same filters as the list' })
  @RequirePermission('sites.read')
  async geojson(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendGeoJson(reply, await this.sites.geojson(actor, query));
  }

  @Get('sites/:id')
  @RequirePermission('sites.read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<SiteRecord> {
    return this.sites.get(actor, id);
  }

  @Post('sites')
  @ApiOperation({ summary: 'Create; 201, or 200 when the same client id and content were already stored' })
  @ApiOkResponse({ description: 'Replayed create: the stored record' })
  @RequirePermission('sites.create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSiteDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteRecord> {
    const { record, created } = await this.sites.create(actor, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Put('sites/:id')
  @AcceptsReadOnlyEcho(SITE_READ_ONLY, SitesService)
  @ApiOperation({ summary: 'Replace the whole record; 409 with the current record on a stale version' })
  @RequirePermission('sites.update')
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReplaceSiteDto,
  ): Promise<SiteRecord> {
    return this.sites.replace(actor, id, dto);
  }

  @Patch('sites/:id')
  @AcceptsReadOnlyEcho(SITE_READ_ONLY, SitesService)
  @ApiOperation({ summary: 'Change some fields; 409 with the current record on a stale version' })
  @RequirePermission('sites.update')
  patch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchSiteDto,
  ): Promise<SiteRecord> {
    return this.sites.patch(actor, id, dto);
  }

  @Delete('sites/:id')
  @ApiOperation({ summary: 'Soft delete (restorable)' })
  @RequirePermission('sites.delete')
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<SiteRecord> {
    return this.sites.remove(actor, id);
  }

  @Post('sites/:id/restore')
  @HttpCode(200)
  @RequirePermission('sites.delete')
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<SiteRecord> {
    return this.sites.restore(actor, id);
  }
}
