import { Injectable } from '@nestjs/common';
import type { ObservationRecord } from '@vigie/domain';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { takeReviewStep, type ReviewTarget } from '../review/review-workflow';
import { assertMayEdit, lockVisibleObservation } from './observation-access';
import { ObservationsRepository } from './observations.repository';

/** The review workflow of observations; the steps and their rules are shared with incidents. */
@Injectable()
export class ObservationReviewService {
  private readonly target: ReviewTarget<ObservationRecord>;

  constructor(repository: ObservationsRepository, audit: AuditService) {
    this.target = {
      label: 'Observation',
      entity: 'observations',
      permissions: { submit: 'observations.submit', validate: 'observations.validate' },
      audit,
      transaction: (work) => repository.transaction(work),
      lockVisible: (manager, actor, id) => lockVisibleObservation(repository, manager, actor, id),
      assertMayEdit,
      write: (manager, id, values, actorId) => repository.update(manager, id, values, actorId),
      reload: async (manager, id) => (await repository.findOne(id, manager)) as ObservationRecord,
    };
  }

  /** draft → submitted, by the author observer, a coordinator or an admin; clears the review comment. */
  submit(actor: Actor, id: string): Promise<ObservationRecord> {
    return takeReviewStep(this.target, actor, id, 'submit');
  }

  /** submitted → validated, by a coordinator or an admin. */
  validate(actor: Actor, id: string): Promise<ObservationRecord> {
    return takeReviewStep(this.target, actor, id, 'validate');
  }

  /** submitted → draft with the reviewer's comment, by a coordinator or an admin. */
  return(actor: Actor, id: string, comment: string): Promise<ObservationRecord> {
    return takeReviewStep(this.target, actor, id, 'return', comment);
  }
}
