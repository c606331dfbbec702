import { Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LegalRuleView } from '@vigie/domain';
import type { FastifyReply } from 'fastify';
import { RequirePermission } from '../../auth/access.decorators';
import { type Actor, CurrentActor } from '../../auth/actor';
import { sendPage } from '../../common/http';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import { LegalRulesService } from './legal-rules.service';

@ApiTags('legal cases')
@Controller('legal-rules')
export class LegalRulesController {
  constructor(private readonly rules: LegalRulesService) {}

  @Get()
  @ApiOperation({
    summary:
      'The deadline rules: text cited, computation in words, confirmed or not (list dialect; id = code; ' +
      'filters id, code, nature, confirmed, q; sorts position (default), id, code, title, citation, nature, ' +
      'confirmed, confirmedAt; total in X-Total-Count)',
  })
  @RequirePermission('legalRules.read')
  async list(
    @CurrentActor() actor: Actor,
    @Query() query: RawQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LegalRuleView[]> {
    return sendPage(reply, await this.rules.list(actor, query));
  }

  @Get(':code')
  @ApiOperation({ summary: 'One deadline rule by its code (its id)' })
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
