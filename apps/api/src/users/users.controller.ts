import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../auth/access.decorators';
import { type Actor, CurrentActor } from '../auth/actor';
import { OwnCredentialsDto } from '../auth/dto/own-credentials.dto';
import { sendPage, UuidParam } from '../common/http';
import { AcceptsReadOnlyEcho } from '../common/read-only-fields';
import type { RawQuery } from '../common/list-query/parse-list-query';
import { PatchUserDto } from './dto/patch-user.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { CreateUserDto, ReplaceUserDto, USER_READ_ONLY } from './dto/user-input.dto';
import type { UserRecord } from './user-record';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@RequirePermission('users.manage')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'List accounts (ra-data-json-server dialect; total in X-Total-Count)' })
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserRecord[]> {
    return sendPage(reply, await this.users.list(actor, query));
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserRecord> {
    return this.users.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account; 409 when the email is taken (case-insensitively)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserRecord> {
    return this.users.create(actor, dto);
  }

  @Put(':id')
  @AcceptsReadOnlyEcho(USER_READ_ONLY, UsersService)
  @ApiOperation({ summary: 'Replace email, name, role and active; 409 with the current record when stale' })
  replace(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ReplaceUserDto,
  ): Promise<UserRecord> {
    return this.users.replace(actor, id, dto);
  }

  @Patch(':id')
  @AcceptsReadOnlyEcho(USER_READ_ONLY, UsersService)
  @ApiOperation({ summary: 'Change some fields; 409 with the current record when stale' })
  patch(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: PatchUserDto,
  ): Promise<UserRecord> {
    return this.users.patch(actor, id, dto);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Deactivate (never deleted) and end its sessions; not your own account' })
  deactivate(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserRecord> {
    return this.users.deactivate(actor, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a deactivated account' })
  restore(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserRecord> {
    return this.users.restore(actor, id);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Set a new password; ends the sessions of the account and lifts a lock. Your own: with currentPassword (and totp)',
  })
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<UserRecord> {
    return this.users.resetPassword(actor, id, dto);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a lockout after repeated failed sign-ins' })
  unlock(@CurrentActor() actor: Actor, @Param('id', UuidParam) id: string): Promise<UserRecord> {
    return this.users.unlock(actor, id);
  }

  @Post(':id/totp/reset')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Remove the account's second factor (lost device); ends its sessions. Your own: with currentPassword and totp",
  })
  resetTotp(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParam) id: string,
    @Body() dto: OwnCredentialsDto,
  ): Promise<UserRecord> {
    return this.users.resetTotp(actor, id, dto);
  }
}
