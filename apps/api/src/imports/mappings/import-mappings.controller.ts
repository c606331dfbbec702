import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ImportMappingRecord } from '@vigie/domain';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { UuidParam } from '../../common/http';
import { importErrors } from '../imports.errors';
import { CreateImportMappingDto, UpdateImportMappingDto } from './import-mapping-input.dto';
import { ImportMappingsService } from './import-mappings.service';

@ApiTags('imports')
@Controller()
export class ImportMappingsController {
  constructor(private readonly mappings: ImportMappingsService) {}

  @Get('import-mappings')
  @ApiOperation({ summary: 'Saved mappings (filter `kind`)' })
  @RequirePermission('imports.manage')
  list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
  ): Promise<ImportMappingRecord[]> {
    const { kind, ...rest } = query;
    const unknown = Object.keys(rest).filter((key) => !['_start', '_end', '_sort', '_order'].includes(key));
    if (unknown.length > 0) {
      throw importErrors.invalidForm(
        Object.fromEntries(unknown.map((key) => [key, 'is not a filter of mappings'])),
      );
    }
    if (kind !== undefined && kind !== 'observations' && kind !== 'incidents') {
      throw importErrors.invalidForm({ kind: 'must be one of: observations, incidents' });
    }
    return this.mappings.list(actor, kind);
  }

  @Post('import-mappings')
  @ApiOperation({ summary: 'Save a mapping by name for the headers of a file' })
  @RequirePermission('imports.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateImportMappingDto): Promise<ImportMappingRecord> {
    return this.mappings.create(actor, dto);
  }

  @Get('import-mappings/:id')
  @RequirePermission('imports.manage')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ImportMappingRecord> {
    return this.mappings.get(actor, id);
  }

  @Put('import-mappings/:id')
  @RequirePermission('imports.manage')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: UpdateImportMappingDto,
  ): Promise<ImportMappingRecord> {
    return this.mappings.update(actor, id, dto);
  }

  @Delete('import-mappings/:id')
  @RequirePermission('imports.manage')
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<ImportMappingRecord> {
    return this.mappings.remove(actor, id);
  }
}
