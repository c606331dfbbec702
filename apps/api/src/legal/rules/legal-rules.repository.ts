import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ParsedListQuery } from '../../common/list-query/list-spec';
import type { ListResult } from '../../common/list-result';
import { LEGAL_RULES_FROM } from './legal-rules.list-spec';

/** A rule as the list filters and sorts it (the rest of the rule stays in `@vigie/domain`). */
export interface ListedRule {
  code: string;
  position: number;
  title_fr: string;
  title_en: string;
  citation: string;
  nature: string;
}

/** The legal team's confirmation of a rule: when and by whom. */
export interface RuleConfirmation {
  rule: string;
  confirmedAt: string;
  confirmedBy: string | null;
}

@Injectable()
export class LegalRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A page of the rules' codes, filtered and sorted with their confirmations, and the total. */
  async list(rules: readonly ListedRule[], query: ParsedListQuery): Promise<ListResult<string>> {
    const n = query.params.length;
    const from = LEGAL_RULES_FROM(`$${n + 1}`);
    const values = [...query.params, JSON.stringify(rules)];
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT r.code FROM ${from} WHERE ${query.where}
          ORDER BY ${query.orderBy} LIMIT $${n + 2} OFFSET $${n + 3}`,
        [...values, query.limit, query.offset],
      ) as Promise<{ code: string }[]>,
      this.dataSource.query(
        `SELECT count(*)::int AS total FROM ${from} WHERE ${query.where}`,
        values,
      ) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map((row) => row.code), total: counts[0]?.total ?? 0 };
  }

  async confirmations(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, RuleConfirmation>> {
    const rows: RuleConfirmation[] = await manager.query(
      `SELECT rule, confirmed_at AS "confirmedAt", confirmed_by AS "confirmedBy" FROM legal_rule_confirmations`,
    );
    return new Map(
      rows.map((row) => [row.rule, { ...row, confirmedAt: new Date(row.confirmedAt).toISOString() }]),
    );
  }

  /** Marks the rule confirmed; false when it already was. */
  async confirm(manager: EntityManager, rule: string, actorId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO legal_rule_confirmations (rule, confirmed_by) VALUES ($1, $2)
       ON CONFLICT (rule) DO NOTHING RETURNING rule`,
      [rule, actorId],
    );
    return rows.length > 0;
  }

  /** Withdraws the confirmation; false when there was none. */
  async withdraw(manager: EntityManager, rule: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH gone AS (DELETE FROM legal_rule_confirmations WHERE rule = $1 RETURNING rule) SELECT * FROM gone`,
      [rule],
    );
    return rows.length > 0;
  }
}
