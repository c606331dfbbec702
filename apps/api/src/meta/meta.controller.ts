import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequirePermission } from '../auth/access.decorators';
import { AppConfig } from '../config/app-config';

export const GEODATA_ATTRIBUTION =
  'Contours : IGN Admin Express ; codes : INSEE COG — Licence Ouverte Etalab';

export interface MetaReport {
  demoData: boolean;
  demoGeneratedAt: string | null;
  tileUrl: string | null;
  tileAttribution: string | null;
  geodataAttribution: string;
  /** Largest evidence file accepted, in MB of 1024 × 1024 bytes (`VIGIE_MAX_UPLOAD_MB`). */
  maxUploadMb: number;
}

/** What the console needs to know about this installation: demo data, map settings, upload limit. */
@ApiTags('meta')
@Controller('meta')
export class MetaController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission('meta.read')
  async get(): Promise<MetaReport> {
    const rows: { value: { generatedAt?: string } }[] = await this.dataSource.query(
      `SELECT value FROM dataset_facts WHERE key = 'demo'`,
    );
    const demo = rows[0]?.value;
    return {
      demoData: demo !== undefined,
      demoGeneratedAt: demo?.generatedAt ?? null,
      tileUrl: this.config.VIGIE_TILE_URL ?? null,
      tileAttribution: this.config.VIGIE_TILE_ATTRIBUTION ?? null,
      geodataAttribution: GEODATA_ATTRIBUTION,
      maxUploadMb: this.config.VIGIE_MAX_UPLOAD_MB,
    };
  }
}
