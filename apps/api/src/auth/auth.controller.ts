import '@fastify/cookie';
import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from './access.decorators';
import { AllowDuringMfaEnrolment } from './mfa.decorator';
import { type Actor, CurrentActor } from './actor';
import { AuthService, type SessionUserView } from './auth.service';
import { LoginDto } from './dto/login.dto';
import { SESSION_COOKIE } from './session-token';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: { token, user } and an httpOnly SameSite=Strict session cookie' })
  async login(
    @Body() dto: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ token: string; user: SessionUserView }> {
    const result = await this.auth.login(dto, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    void reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/',
    });
    return result;
  }

  @Post('logout')
  @Authenticated()
  @AllowDuringMfaEnrolment()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the current session' })
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(actor);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  @Authenticated()
  @AllowDuringMfaEnrolment()
  me(@CurrentActor() actor: Actor): Promise<SessionUserView> {
    return this.auth.me(actor);
  }
}
