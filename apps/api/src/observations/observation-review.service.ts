import { Injectable } from '@nestjs/common';
import type { ObservationRecord, Permission, ReviewStatus } from '@vigie/domain';
import { AuditService } from '../audit/audit.service';
import { recordChange } from '../audit/record-change';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { recordErrors } from '../common/record-errors';
import { assertMayEdit, lockVisibleObservation } from './observation-access';
import { observationErrors } from './observations.errors';
import { ObservationsRepository, type ObservationValues } from './observations.repository';

const LABEL = 'Observation';
const ENTITY = 'observations';

export type ReviewAction = 'submit' | 'validate' | 'return';

/** Each step of the review workflow (DESIGN §3): who may take it, from which status, to which. */
const TRANSITIONS: Record<ReviewAction, { permission: Permission; from: ReviewStatus; to: ReviewStatus }> = {
  submit: { permission: 'observations.submit', from: 'draft', to: 'submitted' },
  validate: { permission: 'observations.validate', from: 'submitted', to: 'validated' },
  return: { permission: 'observations.validate', from: 'submitted', to: 'draft' },
};

@Injectable()
export class ObservationReviewService {
  constructor(
    private readonly repository: ObservationsRepository,
    private readonly audit: AuditService,
  ) {}

  /** draft → submitted, by the author observer, a coordinator or an admin; clears the review comment. */
  submit(actor: Actor, id: string): Promise<ObservationRecord> {
    return this.transition(actor, id, 'submit', { reviewComment: null });
  }

  /** submitted → validated, by a coordinator or an admin. */
  validate(actor: Actor, id: string): Promise<ObservationRecord> {
    return this.transition(actor, id, 'validate', {});
  }

  /** submitted → draft with the reviewer's comment, by a coordinator or an admin. */
  return(actor: Actor, id: string, comment: string): Promise<ObservationRecord> {
    return this.transition(actor, id, 'return', { reviewComment: comment });
  }

  private async transition(
    actor: Actor,
    id: string,
    action: ReviewAction,
    values: ObservationValues,
  ): Promise<ObservationRecord> {
    const { permission, from, to } = TRANSITIONS[action];
    assertCan(actor, permission);
    return this.repository.transaction(async (manager) => {
      const current = await lockVisibleObservation(this.repository, manager, actor, id);
      if (action === 'submit') assertMayEdit(actor, current);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.status !== from) throw observationErrors.invalidTransition(action, current);
      await this.repository.update(manager, id, { ...values, status: to }, actor.id);
      const record = (await this.repository.findOne(id, manager)) as ObservationRecord;
      await recordChange(this.audit, manager, actor, ENTITY, action, current, record);
      return record;
    });
  }
}
