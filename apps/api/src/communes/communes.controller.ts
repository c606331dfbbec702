import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommuneRecord } from '@vigie/domain';
import { sendGeoJson, sendPage } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { CommunesService } from './communes.service';

@ApiTags('communes')
@Controller()
export class CommunesController {
  constructor(private readonly communes: CommunesService) {}

  @Get('communes')
  @ApiOperation({ summary: 'List communes (reference data, without geometry)' })
  async list(
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommuneRecord[]> {
    return sendPage(reply, await this.communes.list(query));
  }

  @Get('communes.geojson')
  @ApiOperation({ summary: 'Commune outlines as a GeoJSON FeatureCollection' })
  async geojson(@Query() query: RawQuery, @Res() reply: FastifyReply): Promise<void> {
    sendGeoJson(reply, await this.communes.geojson(query));
  }

  @Get('communes/:code')
  @ApiOperation({ summary: 'One commune with its geometry' })
  get(@Param('code') code: string): Promise<CommuneRecord> {
    return this.communes.get(code);
  }
}
