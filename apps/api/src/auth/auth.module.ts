import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { AccessGuard } from './access.guard';
import { AccessTokenAuthenticator } from './access-tokens/access-token-authenticator';
import { AccessTokensController } from './access-tokens/access-tokens.controller';
import { AccessTokensRepository } from './access-tokens/access-tokens.repository';
import { AccessTokensService } from './access-tokens/access-tokens.service';
import { AuthRetention } from './auth-retention';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle';
import { OwnCredentials } from './own-credentials';
import { SessionsRepository } from './sessions.repository';

@Module({
  imports: [AuditModule],
  controllers: [AuthController, AccessTokensController],
  providers: [
    AccessTokenAuthenticator,
    AccessTokensRepository,
    AccessTokensService,
    AuthService,
    AuthRetention,
    LoginThrottle,
    OwnCredentials,
    SessionsRepository,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [LoginThrottle, OwnCredentials, SessionsRepository],
})
export class AuthModule {}
