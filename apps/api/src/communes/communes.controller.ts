import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CommuneRecord } from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendGeoJson, sendPage } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { CommunesService } from './communes.service';

@ApiTags('communes')
@Controller()
export class CommunesController {
  constructor(private readonly communes: CommunesService) {}

  @Get('communes')
  @ApiOperation({ summary: 'List communes (reference data, without geometry)' })
  @RequirePermission('communes.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommuneRecord[]> {
    return sendPage(reply, await this.communes.list(actor, query));
  }

  @Get('communes.geojson')
  @ApiOperation({ summary: 'Commune outlines as a GeoJSON FeatureCollection' })
  @RequirePermission('communes.read')
  async geojson(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendGeoJson(reply, await this.communes.geojson(actor, query));
  }

  @Get('communes/:code')
  @ApiOperation({ summary: 'One commune with its geometry' })
  @RequirePermission('communes.read')
  get(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<CommuneRecord> {
    return this.communes.get(actor, code);
  }
}
