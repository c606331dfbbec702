import { Injectable } from '@nestjs/common';
import type { LegalRuleView } from '@vigie/domain';
import { DEADLINE_RULES, type DeadlineRule, deadlineRule, describeRule } from '@vigie/domain/legal';
import { AuditService } from '../../audit/audit.service';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { recordErrors } from '../../common/record-errors';
import { LegalRulesRepository, type RuleConfirmation } from './legal-rules.repository';

export const LEGAL_RULE_ENTITY = 'legal_rules';

function view(rule: DeadlineRule, confirmation: RuleConfirmation | undefined): LegalRuleView {
  const { description, trigger } = describeRule(rule);
  return {
    code: rule.code,
    title: rule.title,
    citation: rule.citation,
    nature: rule.nature,
    description,
    trigger,
    confirmed: confirmation !== undefined,
    confirmedAt: confirmation?.confirmedAt ?? null,
    confirmedBy: confirmation?.confirmedBy ?? null,
  };
}

/**
 * The deadline rules (data in libs/domain) with the legal team's confirmation of each: until an
 * admin confirms a rule, every deadline it computes says « à confirmer par l'équipe juridique ».
 */
@Injectable()
export class LegalRulesService {
  constructor(
    private readonly repository: LegalRulesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<LegalRuleView[]> {
    assertCan(actor, 'legalRules.read');
    const confirmations = await this.repository.confirmations();
    return DEADLINE_RULES.map((rule) => view(rule, confirmations.get(rule.code)));
  }

  async get(actor: Actor, code: string): Promise<LegalRuleView> {
    assertCan(actor, 'legalRules.read');
    const rule = this.rule(code);
    return view(rule, (await this.repository.confirmations()).get(rule.code));
  }

  /** Confirms (`true`) or withdraws the confirmation of a rule; audited when it changes. */
  async setConfirmed(actor: Actor, code: string, confirmed: boolean): Promise<LegalRuleView> {
    assertCan(actor, 'legalRules.confirm');
    const rule = this.rule(code);
    return this.repository.transaction(async (manager) => {
      const changed = confirmed
        ? await this.repository.confirm(manager, rule.code, actor.id)
        : await this.repository.withdraw(manager, rule.code);
      if (changed) {
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'update',
          entity: LEGAL_RULE_ENTITY,
          entityId: rule.code,
          diff: { confirmed: { before: !confirmed, after: confirmed } },
          context: { ip: actor.ip, citation: rule.citation },
        });
      }
      return view(rule, (await this.repository.confirmations(manager)).get(rule.code));
    });
  }

  private rule(code: string): DeadlineRule {
    const rule = deadlineRule(code);
    if (!rule) throw recordErrors.notFound('Deadline rule', code);
    return rule;
  }
}
