import { Injectable } from '@nestjs/common';
import type { DuplicateComparison, ObservationRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { AuditService, diffRecords } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { recordErrors } from '../common/record-errors';
import { DuplicatesRepository } from './duplicates.repository';
import type { MergeObservationDto } from './duplicates.dto';
import { isVisibleTo, mayReadObservation } from './observation-access';
import { observationErrors } from './observations.errors';
import { ObservationsRepository } from './observations.repository';
import { duplicatesView } from './observations.service';

const LABEL = 'Observation';
const ENTITY = 'observations';
/** In these diffs the possible duplicates are the point, so they are not ignored. */
const IGNORED = ['version', 'updatedAt', 'updatedBy'];

/**
 * Possible duplicates (two teams documented the same eviction): the side-by-side comparison, a
 * coordinator's "not a duplicate", and the merge of one record into another, nothing lost.
 */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly observations: ObservationsRepository,
    private readonly duplicates: DuplicatesRepository,
    private readonly audit: AuditService,
  ) {}

  /** The possible duplicates of a record and the dismissed ones, each with its distance and time gap. */
  async compare(actor: Actor, id: string): Promise<DuplicateComparison[]> {
    assertCan(actor, 'observations.read');
    await this.visible(actor, id);
    return this.duplicates.comparison(id, duplicatesView(actor));
  }

  /**
   * Marks the pair "not a duplicate": it leaves both records' `possibleDuplicateIds` and later
   * edits never bring it back. Audited on both records; repeating it changes nothing.
   */
  async dismiss(actor: Actor, id: string, otherId: string): Promise<DuplicateComparison> {
    assertCan(actor, 'observations.merge');
    return this.observations.transaction(async (manager) => {
      const before = await this.visible(actor, id, manager);
      const otherBefore = await this.observations.findOne(otherId, manager);
      if (!otherBefore || !isVisibleTo(actor, otherBefore)) {
        throw observationErrors.duplicatePairNotFound(id, otherId);
      }
      const status = await this.duplicates.dismiss(manager, id, otherId, actor.id);
      if (status === null) throw observationErrors.duplicatePairNotFound(id, otherId);
      if (status === 'possible') {
        for (const [record, other] of [
          [before, otherId],
          [otherBefore, id],
        ] as const) {
          const after = (await this.observations.findOne(record.id, manager)) as ObservationRecord;
          await this.audit.record(manager, {
            actorId: actor.id,
            action: 'dismiss_duplicate',
            entity: ENTITY,
            entityId: record.id,
            diff: diffRecords(ENTITY, record as never, after as never, IGNORED),
            context: { ip: actor.ip, notDuplicateOf: other },
          });
        }
      }
      const [entry] = await this.duplicates.comparison(id, duplicatesView(actor), otherId, manager);
      // The other record is deleted: the decision stands, but there is nothing to compare with.
      if (!entry) throw recordErrors.notFound(LABEL, otherId);
      return entry;
    });
  }

  /**
   * Keeps `id` and merges `dto.duplicateId` into it: the duplicate is soft-deleted with
   * `mergedIntoId`, its incidents and attachments move to the kept record, and every one of these
   * changes is audited. Restoring the duplicate later leaves the moved children where they are.
   */
  async merge(actor: Actor, id: string, dto: MergeObservationDto): Promise<ObservationRecord> {
    assertCan(actor, 'observations.merge');
    if (dto.duplicateId === id) throw observationErrors.mergeIntoItself();
    return this.observations.transaction(async (manager) => {
      await this.observations.lockDuplicates(manager);
      await this.duplicates.lockPair(manager, id, dto.duplicateId);
      const kept = await this.visible(actor, id, manager);
      const duplicate = await this.observations.findOne(dto.duplicateId, manager);
      if (!duplicate || !isVisibleTo(actor, duplicate)) {
        throw recordErrors.invalidReference('duplicateId', `unknown observation ${dto.duplicateId}`);
      }
      if (kept.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (kept.version !== dto.version) throw recordErrors.staleVersion(LABEL, kept);
      if (duplicate.deletedAt) throw observationErrors.mergeDeleted(duplicate);

      const moved = await this.duplicates.moveChildren(manager, duplicate.id, id, actor.id);
      await this.duplicates.markMerged(manager, duplicate.id, id, actor.id);
      await this.duplicates.touch(manager, id, actor.id);
      await this.observations.refreshDuplicates(manager, duplicate.id);
      await this.observations.refreshDuplicates(manager, id);
      const keptAfter = (await this.observations.findOne(id, manager)) as ObservationRecord;
      const mergedAfter = (await this.observations.findOne(duplicate.id, manager)) as ObservationRecord;

      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'merge',
        entity: ENTITY,
        entityId: id,
        diff: diffRecords(ENTITY, kept as never, keptAfter as never, IGNORED),
        context: { ip: actor.ip, mergedId: duplicate.id, ...moved },
      });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'delete',
        entity: ENTITY,
        entityId: duplicate.id,
        diff: diffRecords(ENTITY, duplicate as never, mergedAfter as never, IGNORED),
        context: { ip: actor.ip, mergedIntoId: id },
      });
      await this.auditMoves(manager, actor, 'incidents', moved.incidentIds, duplicate.id, id);
      await this.auditMoves(manager, actor, 'attachments', moved.attachmentIds, duplicate.id, id);
      return keptAfter;
    });
  }

  private async auditMoves(
    manager: EntityManager,
    actor: Actor,
    entity: 'incidents' | 'attachments',
    ids: string[],
    fromId: string,
    toId: string,
  ): Promise<void> {
    for (const entityId of ids) {
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'update',
        entity,
        entityId,
        diff: { observationId: { before: fromId, after: toId } },
        context: { ip: actor.ip, mergedId: fromId },
      });
    }
  }

  /** The record, or 404 when it does not exist or the actor may not see it. */
  private async visible(actor: Actor, id: string, manager?: EntityManager): Promise<ObservationRecord> {
    const record = await this.observations.findOne(id, manager, duplicatesView(actor));
    if (!record || !mayReadObservation(actor, record)) throw recordErrors.notFound(LABEL, id);
    return record;
  }
}
