import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

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
