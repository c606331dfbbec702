import { Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BackupRunRecord, BackupStatus } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { sendPage } from '../common/http';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { BackupsService } from './backups.service';

@ApiTags('backups')
@Controller('backups')
@RequirePermission('backups.manage')
export class BackupsController {
  constructor(private readonly backups: BackupsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Backups, restore drills and restores, newest first (filters kind, status, startedAt_gte/_lte; ' +
      'total in X-Total-Count); admin only',
  })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BackupRunRecord[]> {
    return sendPage(reply, await this.backups.list(actor, query));
  }

  @Get('status')
  @ApiOperation({
    summary:
      'Last successful backup (size, destination) and drill, latest failures with their reason, the ' +
      'schedule, `stale` (no backup within 2 days) and `drillFailed`; admin only',
  })
  status(@CurrentActor() actor: Actor): Promise<BackupStatus> {
    return this.backups.status(actor);
  }

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Run a backup now: 202 with the run (running), done by a job; 409 while one is under way; audited',
  })
  run(@CurrentActor() actor: Actor): Promise<BackupRunRecord> {
    return this.backups.request(actor);
  }
}
