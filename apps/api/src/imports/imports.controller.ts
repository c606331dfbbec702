import { Readable } from 'node:stream';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ImportDetail, ImportDryRun, ImportRecord, ImportRowReport } from '@vigie/domain';
import { stringify } from 'csv-stringify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendPage, UuidParam } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { neutraliseFormula } from '../common/spreadsheet-cells';
import { CommitImportDto } from './dto/commit-import.dto';
import { ImportMappingDto } from './dto/import-mapping.dto';
import { ImportsService } from './imports.service';

@ApiTags('imports')
@Controller()
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('imports')
  @ApiOperation({ summary: 'Import history (admins: all; coordinators: their own)' })
  @RequirePermission('imports.manage')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportRecord[]> {
    return sendPage(reply, await this.imports.list(actor, query));
  }

  @Post('imports')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV, XLSX or a KoboToolbox export' },
        kind: { type: 'string', enum: ['observations', 'incidents'] },
        sheet: { type: 'string', description: 'XLSX: the sheet to read (default: the first)' },
      },
    },
  })
  @ApiOperation({ summary: 'Upload a file: its format, columns, 20 sample rows and a suggested mapping' })
  @RequirePermission('imports.manage')
  upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<ImportDetail> {
    return this.imports.upload(actor, request);
  }

  @Get('imports/:id')
  @RequirePermission('imports.manage')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ImportDetail> {
    return this.imports.get(actor, id);
  }

  @Put('imports/:id/mapping')
  @ApiOperation({ summary: 'Columns → fields, value maps, time zone, date format, source-id column' })
  @RequirePermission('imports.manage')
  setMapping(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ImportMappingDto,
  ): Promise<ImportDetail> {
    return this.imports.setMapping(actor, id, dto);
  }

  @Post('imports/:id/dry-run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What each row would do (create, update, unchanged, rejected and why); writes nothing',
  })
  @RequirePermission('imports.manage')
  dryRun(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ImportDryRun> {
    return this.imports.dryRun(actor, id);
  }

  @Get('imports/:id/rows')
  @ApiOperation({ summary: 'The last dry run, a page of rows (`action` filter; total in X-Total-Count)' })
  @RequirePermission('imports.manage')
  async rows(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportRowReport[]> {
    return sendPage(reply, await this.imports.rows(actor, id, query));
  }

  @Get('imports/:id/report.csv')
  @ApiOperation({ summary: 'The last dry run as CSV: one line per problem of each row' })
  @RequirePermission('imports.manage')
  async report(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { record, batches } = await this.imports.reportRows(actor, id);
    const csv = stringify({
      header: true,
      columns: ['row', 'action', 'id', 'field', 'message', 'possible_duplicates'],
      record_delimiter: '\r\n',
      bom: true,
    });
    const lines = Readable.from(reportLines(batches));
    lines.on('error', (error) => csv.destroy(error));
    lines.pipe(csv);
    const name = record.fileName.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/\.[^.]*$/, '');
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="rapport-import-${name}.csv"`)
      .send(csv);
  }

  @Post('imports/:id/commit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Import, all or nothing; 409 when rows are rejected and skipRejected is not set' })
  @RequirePermission('imports.manage')
  commit(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: CommitImportDto,
  ): Promise<ImportRecord> {
    return this.imports.commit(actor, id, dto);
  }

  @Post('imports/:id/undo')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a committed import while nothing newer touched its records' })
  @RequirePermission('imports.manage')
  undo(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ImportRecord> {
    return this.imports.undo(actor, id);
  }
}

/** One line per problem of a rejected row, one line for every other row; text cells neutralised. */
async function* reportLines(batches: AsyncIterable<ImportRowReport[]>): AsyncGenerator<string[]> {
  for await (const batch of batches) {
    for (const row of batch) {
      const duplicates = (row.possibleDuplicateIds ?? []).join(' ');
      const problems = Object.entries(row.errors ?? {});
      if (problems.length === 0) {
        yield [String(row.row), row.action, row.id ?? '', '', '', duplicates];
        continue;
      }
      for (const [field, message] of problems) {
        yield [
          String(row.row),
          row.action,
          row.id ?? '',
          neutraliseFormula(field),
          neutraliseFormula(message),
          duplicates,
        ];
      }
    }
  }
}
