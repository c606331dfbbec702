import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [AuditModule],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottle, SessionsRepository, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [SessionsRepository],
})
export class AuthModule {}
