import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LegalRuleView } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { sendPage } from '../../common/http';
import { LegalRulesService } from './legal-rules.service';

@ApiTags('legal cases')
@Controller('legal-rules')
export class LegalRulesController {
  constructor(private readonly rules: LegalRulesService) {}

  @Get()
  @ApiOperation({ summary: 'The deadline rules: text cited, computation in words, confirmed or not' })
  @RequirePermission('legalRules.read')
  async list(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalRuleView[]> {
    const rules = await this.rules.list(actor);
    return sendPage(reply, { rows: rules, total: rules.length });
  }

  @Get(':code')
  @RequirePermission('legalRules.read')
  get(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<LegalRuleView> {
    return this.rules.get(actor, code);
  }

  @Post(':code/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a rule for the legal team (admin); audited' })
  @RequirePermission('legalRules.confirm')
  confirm(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<LegalRuleView> {
    return this.rules.setConfirmed(actor, code, true);
  }

  @Delete(':code/confirm')
  @ApiOperation({ summary: 'Withdraw the confirmation of a rule (admin); audited' })
  @RequirePermission('legalRules.confirm')
  withdraw(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<LegalRuleView> {
    return this.rules.setConfirmed(actor, code, false);
  }
}
