import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncidentRecord } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendGeoJson, sendPage, UuidParam } from '../common/http';
import { AcceptsReadOnlyEcho } from '../common/read-only-fields';
import { sendTile, TILE_CONTENT_TYPE } from '../common/tiles';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { CreateIncidentDto, INCIDENT_READ_ONLY, ReplaceIncidentDto } from './dto/incident-input.dto';
import { PatchIncidentDto } from './dto/patch-incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller()
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get('incidents')
  @ApiOperation({ summary: 'List incidents (ra-data-json-server dialect; total in X-Total-Count)' })
  @RequirePermission('incidents.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncidentRecord[]> {
    return sendPage(reply, await this.incidents.list(actor, query));
  }

  @Get('incidents.geojson')
  @ApiOperation({ summary: 'Incidents as a GeoJSON FeatureCollection, same filters as the list' })
  @RequirePermission('incidents.read')
  async geojson(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendGeoJson(reply, await this.incidents.geojson(actor, query));
  }

  @Get('incidents/tiles/:z/:x/:y.mvt')
  @ApiProduces(TILE_CONTENT_TYPE)
  @ApiOperation({
    summary: 'A Mapbox vector tile of incidents (layer "incidents"), same filters as the list',
  })
  @RequirePermission('incidents.read')
  async tile(
    @CurrentActor() actor: Actor,
    @Param() coordinates: { z: string; x: string; y: string },
    @Query() query: RawQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendTile(reply, await this.incidents.tile(actor, coordinates, query), ifNoneMatch);
  }

  @Get('incidents/:id')
  @RequirePermission('incidents.read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<IncidentRecord> {
    return this.incidents.get(actor, id);
  }

  @Post('incidents')
  @ApiOperation({ summary: 'Create; 201, or 200 when the same client id and content were already stored' })
  @ApiOkResponse({ description: 'Replayed create: the stored record' })
  @RequirePermission('incidents.create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateIncidentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncidentRecord> {
    const { record, created } = await this.incidents.create(actor, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Put('incidents/:id')
  @AcceptsReadOnlyEcho(INCIDENT_READ_ONLY, IncidentsService)
  @ApiOperation({ summary: 'Replace the whole record; 409 with the current record on a stale version' })
  @RequirePermission('incidents.update')
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReplaceIncidentDto,
  ): Promise<IncidentRecord> {
    return this.incidents.replace(actor, id, dto);
  }

  @Patch('incidents/:id')
  @AcceptsReadOnlyEcho(INCIDENT_READ_ONLY, IncidentsService)
  @ApiOperation({ summary: 'Change some fields; 409 with the current record on a stale version' })
  @RequirePermission('incidents.update')
  patch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchIncidentDto,
  ): Promise<IncidentRecord> {
    return this.incidents.patch(actor, id, dto);
  }

  @Delete('incidents/:id')
  @ApiOperation({ summary: 'Soft delete (restorable)' })
  @RequirePermission('incidents.delete')
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<IncidentRecord> {
    return this.incidents.remove(actor, id);
  }

  @Post('incidents/:id/restore')
  @HttpCode(200)
  @RequirePermission('incidents.delete')
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<IncidentRecord> {
    return this.incidents.restore(actor, id);
  }
}
