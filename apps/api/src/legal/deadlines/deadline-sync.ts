import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DeadlineRecord, DeadlineSource } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { recordChange } from '../../audit/record-change';
import type { Actor } from '../../auth/actor';
import { type CalledFor, deadlineKey, deadlinesCalledFor } from './deadlines-called-for';
import { type DeadlineValues, LegalDeadlinesRepository } from './legal-deadlines.repository';

export const DEADLINE_ENTITY = 'legal_deadlines';

/** Why the engine cancelled a deadline: its source no longer calls for it. */
export const SOURCE_REMOVED = 'source_removed';

/**
 * Keeps a case's computed deadlines equal to what its sources (its challenged act and its live
 * events) call for under the rules of libs/domain: a new source's deadline is created, a changed
 * one recomputed (the old due date stays in the history: each change is audited), one no longer
 * called for is cancelled, never deleted, and reopened if called for again. Deadlines marked done
 * stay done. Runs inside the transaction of the change that may move them, under the case's lock.
 */
@Injectable()
export class DeadlineSync {
  constructor(
    private readonly repository: LegalDeadlinesRepository,
    private readonly audit: AuditService,
  ) {}

  async reconcile(manager: EntityManager, actor: Actor, caseId: string): Promise<void> {
    const wanted = deadlinesCalledFor(await this.repository.sources(manager, caseId));
    const existing = new Map(
      (await this.repository.lockComputed(manager, caseId)).map((deadline) => [
        deadlineKey(deadline.source as DeadlineSource, deadline.sourceEventId, deadline.rule as string),
        deadline,
      ]),
    );
    for (const [key, want] of wanted) {
      const current = existing.get(key);
      if (current) await this.update(manager, actor, current, want);
      else await this.create(manager, actor, caseId, want);
    }
    for (const [key, current] of existing) {
      if (!wanted.has(key) && current.status === 'open') {
        await this.write(manager, actor, current, {
          status: 'cancelled',
          cancelReason: SOURCE_REMOVED,
          closedAt: new Date(),
          closedBy: actor.id,
        });
      }
    }
  }

  private async create(manager: EntityManager, actor: Actor, caseId: string, want: CalledFor): Promise<void> {
    const id = randomUUID();
    await this.repository.insert(manager, {
      id,
      caseId,
      title: want.rule.title.fr,
      dueOn: want.dueAt,
      rule: want.rule.code,
      startsOn: want.startsOn,
      basisFr: want.basis.fr,
      basisEn: want.basis.en,
      computed: true,
      source: want.source,
      sourceEventId: want.sourceEventId,
      createdBy: actor.id,
      updatedBy: actor.id,
    });
    const record = (await this.repository.findOne(caseId, id, manager)) as DeadlineRecord;
    await recordChange(this.audit, manager, actor, DEADLINE_ENTITY, 'create', null, record);
  }

  /** Recomputes a deadline that is still called for; reopens it if the engine had cancelled it. */
  private async update(
    manager: EntityManager,
    actor: Actor,
    current: DeadlineRecord,
    want: CalledFor,
  ): Promise<void> {
    const values: DeadlineValues = {};
    if (current.dueAt !== want.dueAt) values.dueOn = want.dueAt;
    if (current.startsOn !== want.startsOn) values.startsOn = want.startsOn;
    if (current.basis?.fr !== want.basis.fr || current.basis?.en !== want.basis.en) {
      values.basisFr = want.basis.fr;
      values.basisEn = want.basis.en;
    }
    if (current.status === 'cancelled' && current.cancelReason === SOURCE_REMOVED) {
      Object.assign(values, { status: 'open', cancelReason: null, closedAt: null, closedBy: null });
    }
    if (Object.keys(values).length > 0) await this.write(manager, actor, current, values);
  }

  private async write(
    manager: EntityManager,
    actor: Actor,
    current: DeadlineRecord,
    values: DeadlineValues,
  ): Promise<void> {
    await this.repository.update(manager, current.id, values, actor.id);
    const record = (await this.repository.findOne(current.caseId, current.id, manager)) as DeadlineRecord;
    await recordChange(this.audit, manager, actor, DEADLINE_ENTITY, 'update', current, record);
  }
}
