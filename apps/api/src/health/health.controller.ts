import { Controller, Get, Header, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { type BackupHealth, can } from '@vigie/domain';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';
import { readToken } from '../auth/access.guard';
import { hashSessionToken } from '../auth/session-token';
import { SessionsRepository } from '../auth/sessions.repository';
import { BackupsService } from '../backups/backups.service';
import type { FileIntegrityStatus } from '../files/file-check';
import { FileCheckService } from '../files/file-check.service';

/** What anyone gets: up or down (503), nothing that helps an attacker pick an exploit. */
export interface PublicHealthReport {
  status: 'ok';
}

/**
 * What an admin's session gets besides: versions, latency, the file check's findings, and whether
 * backups are current (`stale`: none within 2 days) and the last restore drill passed.
 */
export interface HealthReport extends PublicHealthReport {
  database: { status: 'up'; postgis: string; latencyMs: number };
  files: FileIntegrityStatus;
  backup: BackupHealth;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsRepository,
    private readonly fileCheck: FileCheckService,
    private readonly backups: BackupsService,
  ) {}

  /**
   * Answers 503 when the database does not, so a load balancer takes the instance out. Without a
   * session, or with a non-admin one, only `{ status: 'ok' }`; an admin's session (second factor
   * done) gets the details.
   */
  @Get()
  @Public()
  @Header('Cache-Control', 'no-store')
  async check(@Req() request: FastifyRequest): Promise<PublicHealthReport | HealthReport> {
    const started = performance.now();
    let postgis: string;
    try {
      const [row] = (await this.dataSource.query(`SELECT postgis_lib_version() AS postgis`)) as {
        postgis: string;
      }[];
      postgis = row?.postgis ?? 'unknown';
    } catch {
      throw new ServiceUnavailableException('Database unavailable');
    }
    const latencyMs = Math.round(performance.now() - started);
    if (!(await this.isAdmin(request))) return { status: 'ok' };
    return {
      status: 'ok',
      database: { status: 'up', postgis, latencyMs },
      files: await this.fileCheck.status(),
      backup: await this.backups.health(),
    };
  }

  /** The route is public, so the guard resolved no session: look it up here, for details only. */
  private async isAdmin(request: FastifyRequest): Promise<boolean> {
    const { token } = readToken(request);
    if (!token) return false;
    const session = await this.sessions.findLive(hashSessionToken(token));
    return Boolean(session && !session.mfaPending && can(session.role, 'audit.read'));
  }
}
