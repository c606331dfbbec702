import { Injectable } from '@nestjs/common';
import type { LegalRuleView } from '@vigie/domain';
import { DEADLINE_RULES, type DeadlineRule, deadlineRule, describeRule } from '@vigie/domain/legal';
import { AuditService } from '../../audit/audit.service';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { parseListQuery, type RawQuery } from '../../common/list-query/parse-list-query';
import type { ListResult } from '../../common/list-result';
import { recordErrors } from '../../common/record-errors';
import { LEGAL_RULE_LIST_SPEC } from './legal-rules.list-spec';
import { type ListedRule, LegalRulesRepository, type RuleConfirmation } from './legal-rules.repository';

export const LEGAL_RULE_ENTITY = 'legal_rules';

/** What the list filters and sorts the rules by, in the order they are written. */
const LISTED_RULES: readonly ListedRule[] = DEADLINE_RULES.map((rule, position) => ({
  code: rule.code,
  position,
  title_fr: rule.title.fr,
  title_en: rule.title.en,
  citation: rule.citation,
  nature: rule.nature,
}));

function view(rule: DeadlineRule, confirmation: RuleConfirmation | undefined): LegalRuleView {
  const { description, trigger } = describeRule(rule);
  return {
    id: rule.code,
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

  /** The rules in the list dialect (DESIGN §5): filters, sort and page in SQL, with the confirmations. */
  async list(actor: Actor, query: RawQuery): Promise<ListResult<LegalRuleView>> {
    assertCan(actor, 'legalRules.read');
    const page = await this.repository.list(LISTED_RULES, parseListQuery(query, LEGAL_RULE_LIST_SPEC));
    const confirmations = await this.repository.confirmations();
    return {
      rows: page.rows.map((code) => view(this.rule(code), confirmations.get(code))),
      total: page.total,
    };
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
