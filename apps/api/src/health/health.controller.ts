import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';

export interface HealthReport {
  status: 'ok';
  database: { status: 'up'; postgis: string; latencyMs: number };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Answers 503 when the database does not, so a load balancer takes the instance out. */
  @Get()
  @Public()
  async check(): Promise<HealthReport> {
    const started = performance.now();
    try {
      const [row] = (await this.dataSource.query(`SELECT postgis_lib_version() AS postgis`)) as {
        postgis: string;
      }[];
      return {
        status: 'ok',
        database: {
          status: 'up',
          postgis: row?.postgis ?? 'unknown',
          latencyMs: Math.round(performance.now() - started),
        },
      };
    } catch {
      throw new ServiceUnavailableException('Database unavailable');
    }
  }
}
