import { Module } from '@nestjs/common';
import { AuditAnchorService } from './audit-anchor.service';
import { AuditController } from './audit.controller';
import { DatabaseRoleCheck } from './database-role-check';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';
import { HistoryController } from './history.controller';

/**
 * Reading the audit trail over HTTP (log, verification, histories). Apart from the global
 * `AuditModule`, which only writes, so that writing contexts do not pull in these controllers.
 * Also what keeps the trail trustworthy: the start-up check of the database role and the anchors.
 */
@Module({
  controllers: [AuditController, HistoryController],
  providers: [AuditQueryService, AuditRepository, DatabaseRoleCheck, AuditAnchorService],
})
export class AuditApiModule {}
