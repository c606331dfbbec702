import { Module } from '@nestjs/common';
import { AuthModule } from './auth.module';
import { TotpController } from './totp.controller';
import { TotpService } from './totp.service';

/** Self-service TOTP; AuthModule provides SessionsRepository, AuditService is global. */
@Module({
  imports: [AuthModule],
  controllers: [TotpController],
  providers: [TotpService],
})
export class TotpModule {}
