import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditRepository } from './audit.repository';
import { HistoryController } from './history.controller';

/**
 * Reading the audit trail over HTTP (log, verification, histories). Apart from the global
 * `AuditModule`, which only writes, so that writing contexts do not pull in these controllers.
 */
@Module({
  controllers: [AuditController, HistoryController],
  providers: [AuditQueryService, AuditRepository],
})
export class AuditApiModule {}
