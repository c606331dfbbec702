import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessTokenView, NewAccessToken } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { UuidParam } from '../../common/http';
import { Authenticated } from '../access.decorators';
import { type Actor, CurrentActor } from '../actor';
import { AccessTokensService } from './access-tokens.service';
import { CreateAccessTokenDto } from './dto/create-access-token.dto';

/**
 * Personal access tokens for scripts (DESIGN §5; docs/api.md "Access tokens"). Managed from a
 * session only: these routes carry no `@TokenScope`, so a token cannot list, make or revoke tokens.
 */
@ApiTags('auth')
@Controller('auth/tokens')
export class AccessTokensController {
  constructor(private readonly tokens: AccessTokensService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'Your access tokens (name, prefix, scopes, dates, status), never their secret' })
  list(@CurrentActor() actor: Actor): Promise<AccessTokenView[]> {
    return this.tokens.list(actor);
  }

  @Post()
  @Authenticated()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an access token: its secret (`token`) is in this answer only',
    description:
      'Needs `currentPassword` (and `totp` when the account has a second factor). Scopes: `exports`, ' +
      '`stats`, within what your role may do.',
  })
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateAccessTokenDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NewAccessToken> {
    void reply.header('cache-control', 'no-store');
    return this.tokens.create(actor, dto);
  }

  @Delete(':id')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke one of your access tokens (at once, for good)' })
  async revoke(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<void> {
    await this.tokens.revoke(actor, id);
  }
}
