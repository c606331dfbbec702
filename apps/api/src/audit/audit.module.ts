import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** Global: every context records its changes in the same transaction. */
@Global()
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
