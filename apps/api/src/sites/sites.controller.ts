import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SiteRecord } from '@vigie/domain';
import { sendGeoJson, sendPage, UuidParam } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { CreateSiteDto, PatchSiteDto, ReplaceSiteDto } from './dto/site-input.dto';
import { SitesService } from './sites.service';

@ApiTags('sites')
@Controller()
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Get('sites')
  @ApiOperation({ summary: 'List sites (ra-data-json-server dialect; total in X-Total-Count)' })
  async list(
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteRecord[]> {
    return sendPage(reply, await this.sites.list(query));
  }

  @Get('sites.geojson')
  @ApiOperation({ summary: 'Sites as a GeoJSON FeatureCollection, same filters as the list' })
  async geojson(@Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    sendGeoJson(reply, await this.sites.geojson(query));
  }

  @Get('sites/:id')
  get(@Param('id', UuidParam) id: string): Promise<SiteRecord> {
    return this.sites.get(id);
  }

  @Post('sites')
  @ApiOperation({ summary: 'Create; 201, or 200 when the same client id and content were already stored' })
  @ApiOkResponse({ description: 'Replayed create: the stored record' })
  async create(
    @Body() dto: CreateSiteDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SiteRecord> {
    const { record, created } = await this.sites.create(dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Put('sites/:id')
  @ApiOperation({ summary: 'Replace the whole record; 409 with the current record on a stale version' })
  replace(@Param('id', UuidParam) id: string, @Body() dto: ReplaceSiteDto): Promise<SiteRecord> {
    return this.sites.replace(id, dto);
  }

  @Patch('sites/:id')
  @ApiOperation({ summary: 'Change some fields; 409 with the current record on a stale version' })
  patch(@Param('id', UuidParam) id: string, @Body() dto: PatchSiteDto): Promise<SiteRecord> {
    return this.sites.patch(id, dto);
  }

  @Delete('sites/:id')
  @ApiOperation({ summary: 'Soft delete (restorable)' })
  remove(@Param('id', UuidParam) id: string): Promise<SiteRecord> {
    return this.sites.remove(id);
  }

  @Post('sites/:id/restore')
  @HttpCode(200)
  restore(@Param('id', UuidParam) id: string): Promise<SiteRecord> {
    return this.sites.restore(id);
  }
}
