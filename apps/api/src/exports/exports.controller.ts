import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { TokenScope } from '../auth/access-tokens/access-token-scope.decorator';
import { type Actor, CurrentActor } from '../auth/actor';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { ExportQueryDocs } from './dto/export-query.dto';
import { EXPORT_FILES, type ExportFile } from './exports-query';
import { type ExportEstimate, ExportsService } from './exports.service';

/**
 * `GET /api/exports/<file>` (DESIGN §5, §7; docs/api.md "Exports"). Every role that exports gets
 * the research level; the service refuses `level=internal` to the others. Errors are answered
 * before any byte of data.
 */
@ApiTags('exports')
@Controller('exports')
@TokenScope('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('observations.csv')
  @ApiOperation({ summary: 'Observations as CSV (one column per seizure item and force unit), streamed' })
  @ExportQueryDocs('text/csv', true)
  @RequirePermission('exports.research')
  observationsCsv(@CurrentActor() actor: Actor, @Query() query: RawQuery, @Res() reply: FastifyReply) {
    return this.send(actor, 'observations.csv', query, reply);
  }

  @Get('observations.geojson')
  @ApiOperation({ summary: 'Observations as an RFC 7946 FeatureCollection, streamed' })
  @ExportQueryDocs('application/geo+json')
  @RequirePermission('exports.research')
  observationsGeojson(@CurrentActor() actor: Actor, @Query() query: RawQuery, @Res() reply: FastifyReply) {
    return this.send(actor, 'observations.geojson', query, reply);
  }

  @Get('observations.xlsx')
  @ApiOperation({ summary: 'Observations as an XLSX workbook (data and definitions sheets), streamed' })
  @ExportQueryDocs('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @RequirePermission('exports.research')
  observationsXlsx(@CurrentActor() actor: Actor, @Query() query: RawQuery, @Res() reply: FastifyReply) {
    return this.send(actor, 'observations.xlsx', query, reply);
  }

  @Get('incidents.csv')
  @ApiOperation({ summary: 'Incidents as CSV, streamed' })
  @ExportQueryDocs('text/csv', true)
  @RequirePermission('exports.research')
  incidentsCsv(@CurrentActor() actor: Actor, @Query() query: RawQuery, @Res() reply: FastifyReply) {
    return this.send(actor, 'incidents.csv', query, reply);
  }

  @Get('incidents.xlsx')
  @ApiOperation({ summary: 'Incidents as an XLSX workbook, streamed' })
  @ExportQueryDocs('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @RequirePermission('exports.research')
  incidentsXlsx(@CurrentActor() actor: Actor, @Query() query: RawQuery, @Res() reply: FastifyReply) {
    return this.send(actor, 'incidents.xlsx', query, reply);
  }

  @Get('datapackage.zip')
  @ApiOperation({
    summary: 'Frictionless Data Package 2.0 (datapackage.json, CSVs, README, LICENSE), streamed',
  })
  @ExportQueryDocs('application/zip')
  @RequirePermission('exports.research')
  datapackage(@CurrentActor() actor: Actor, @Query() query: RawQuery, @Res() reply: FastifyReply) {
    return this.send(actor, 'datapackage.zip', query, reply);
  }

  @Get('estimate')
  @ApiOperation({
    summary:
      'Rows and approximate size of an export before downloading it: `file` names the export, the other ' +
      'parameters are those of the export, checked the same way',
  })
  @ApiQuery({ name: 'file', required: true, enum: EXPORT_FILES })
  @ExportQueryDocs('application/json', true)
  @RequirePermission('exports.research')
  estimate(@CurrentActor() actor: Actor, @Query() query: RawQuery): Promise<ExportEstimate> {
    return this.exports.estimate(actor, query);
  }

  private async send(actor: Actor, file: ExportFile, query: RawQuery, reply: FastifyReply): Promise<void> {
    const download = await this.exports.export(actor, file, query);
    await reply
      .header('content-type', download.contentType)
      .header('content-disposition', `attachment; filename="${download.filename}"`)
      .header('cache-control', 'no-store')
      .send(download.stream);
  }
}
