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
import type { FastifyReply } from 'fastify';
import type { ObservationRecord } from '@vigie/domain';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendGeoJson, sendPage, UuidParam } from '../common/http';
import { AcceptsReadOnlyEcho } from '../common/read-only-fields';
import { sendTile, TILE_CONTENT_TYPE } from '../common/tiles';
import type { RawQuery } from '../common/list-query/parse-list-query';
import {
  CreateObservationDto,
  OBSERVATION_READ_ONLY,
  ReplaceObservationDto,
} from './dto/observation-input.dto';
import { PatchObservationDto } from './dto/patch-observation.dto';
import { ObservationsService } from './observations.service';

@ApiTags('observations')
@Controller()
export class ObservationsController {
  constructor(private readonly observations: ObservationsService) {}

  @Get('observations')
  @ApiOperation({ summary: 'List observations (ra-data-json-server dialect; total in X-Total-Count)' })
  @RequirePermission('observations.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ObservationRecord[]> {
    return sendPage(reply, await this.observations.list(actor, query));
  }

  @Get('observations.geojson')
  @ApiOperation({ summary: 'Observations as a GeoJSON FeatureCollection, same filters as the list' })
  @RequirePermission('observations.read')
  async geojson(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendGeoJson(reply, await this.observations.geojson(actor, query));
  }

  @Get('observations/tiles/:z/:x/:y.mvt')
  @ApiProduces(TILE_CONTENT_TYPE)
  @ApiOperation({
    summary: 'A Mapbox vector tile of observations (layer "observations"), same filters as the list',
  })
  @RequirePermission('observations.read')
  async tile(
    @CurrentActor() actor: Actor,
    @Param() coordinates: { z: string; x: string; y: string },
    @Query() query: RawQuery,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendTile(reply, await this.observations.tile(actor, coordinates, query), ifNoneMatch);
  }

  @Get('observations/:id')
  @RequirePermission('observations.read')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ObservationRecord> {
    return this.observations.get(actor, id);
  }

  @Post('observations')
  @ApiOperation({ summary: 'Create; 201, or 200 when the same client id and content were already stored' })
  @ApiOkResponse({ description: 'Replayed create: the stored record' })
  @RequirePermission('observations.create')
  async create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateObservationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ObservationRecord> {
    const { record, created } = await this.observations.create(actor, dto);
    void reply.status(created ? 201 : 200);
    return record;
  }

  @Put('observations/:id')
  @AcceptsReadOnlyEcho(OBSERVATION_READ_ONLY, ObservationsService)
  @ApiOperation({ summary: 'Replace the whole record; 409 with the current record on a stale version' })
  @RequirePermission('observations.update')
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReplaceObservationDto,
  ): Promise<ObservationRecord> {
    return this.observations.replace(actor, id, dto);
  }

  @Patch('observations/:id')
  @AcceptsReadOnlyEcho(OBSERVATION_READ_ONLY, ObservationsService)
  @ApiOperation({ summary: 'Change some fields; 409 with the current record on a stale version' })
  @RequirePermission('observations.update')
  patch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchObservationDto,
  ): Promise<ObservationRecord> {
    return this.observations.patch(actor, id, dto);
  }

  @Delete('observations/:id')
  @ApiOperation({ summary: 'Soft delete (restorable)' })
  @RequirePermission('observations.delete')
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ObservationRecord> {
    return this.observations.remove(actor, id);
  }

  @Post('observations/:id/restore')
  @HttpCode(200)
  @RequirePermission('observations.delete')
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ObservationRecord> {
    return this.observations.restore(actor, id);
  }
}
