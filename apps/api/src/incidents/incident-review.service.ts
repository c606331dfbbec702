import { Injectable } from '@nestjs/common';
import type { IncidentRecord } from '@vigie/domain';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { takeReviewStep, type ReviewTarget } from '../review/review-workflow';
import { assertMayEditIncident, lockVisibleIncident, presentIncident } from './incident-access';
import { IncidentsRepository } from './incidents.repository';

/** The review workflow of incidents: the same steps and rules as observations (DESIGN §3). */
@Injectable()
export class IncidentReviewService {
  private readonly target: ReviewTarget<IncidentRecord>;

  constructor(repository: IncidentsRepository, audit: AuditService) {
    this.target = {
      label: 'Incident',
      entity: 'incidents',
      permissions: { submit: 'incidents.submit', validate: 'incidents.validate' },
      audit,
      transaction: (work) => repository.transaction(work),
      lockVisible: (manager, actor, id) => lockVisibleIncident(repository, manager, actor, id),
      assertMayEdit: assertMayEditIncident,
      write: (manager, id, values, actorId) => repository.update(manager, id, values, actorId),
      reload: async (manager, id) => (await repository.findOne(id, manager)) as IncidentRecord,
      present: presentIncident,
    };
  }

  submit(actor: Actor, id: string): Promise<IncidentRecord> {
    return takeReviewStep(this.target, actor, id, 'submit');
  }

  validate(actor: Actor, id: string): Promise<IncidentRecord> {
    return takeReviewStep(this.target, actor, id, 'validate');
  }

  return(actor: Actor, id: string, comment: string): Promise<IncidentRecord> {
    return takeReviewStep(this.target, actor, id, 'return', comment);
  }
}
