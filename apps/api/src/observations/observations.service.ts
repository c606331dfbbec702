import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LIMITS, type ObservationRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { recordChange, setDeleted } from '../audit/record-change';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { contentDigest } from '../common/canonical-digest';
import { parseListQuery, withCondition, type RawQuery } from '../common/list-query/parse-list-query';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import { parseTile, tileFilters, type TileResult } from '../common/tiles';
import type { CreateObservationDto, ReplaceObservationDto } from './dto/observation-input.dto';
import type { PatchObservationDto } from './dto/patch-observation.dto';
import {
  assertMayEdit,
  lockVisibleObservation,
  mayReadObservation,
  seesUnvalidated,
} from './observation-access';
import { assertPeriod, observationValues } from './observation-values';
import { observationFactsCount } from './observation-list-count';
import { LIVE_OBSERVATION_LIST_SPEC, OBSERVATION_LIST_SPEC } from './observations.list-spec';
import { ObservationsRepository } from './observations.repository';
import type { DuplicatesView } from './observations.sql';

const LABEL = 'Observation';
type ListQueryOptions = Parameters<typeof parseListQuery>[2];
const ENTITY = 'observations';

/** A role that sees validated observations only is told only of validated possible duplicates. */
export function duplicatesView(actor: Actor): DuplicatesView {
  return seesUnvalidated(actor) ? 'all' : 'validated';
}

@Injectable()
export class ObservationsService {
  constructor(
    private readonly repository: ObservationsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<ObservationRecord>> {
    assertCan(actor, 'observations.read');
    const visible = this.visible(actor, query);
    const count = observationFactsCount(query, !seesUnvalidated(actor)) ?? undefined;
    return this.repository.list(visible, duplicatesView(actor), count);
  }

  async geojson(actor: Actor, query: RawQuery): Promise<GeoJsonResult> {
    assertCan(actor, 'observations.read');
    const page = { maxPage: LIMITS.geojsonFeatures, defaultPage: LIMITS.geojsonFeatures };
    return this.repository.geojson(this.visible(actor, query, page), duplicatesView(actor));
  }

  /** A vector tile with the list's filters, of the records and properties the actor may read. */
  async tile(
    actor: Actor,
    coordinates: { z: string; x: string; y: string },
    query: RawQuery,
  ): Promise<TileResult> {
    assertCan(actor, 'observations.read');
    const tile = parseTile(coordinates);
    return this.repository.tile(this.visible(actor, tileFilters(query)), tile, duplicatesView(actor));
  }

  async get(actor: Actor, id: string): Promise<ObservationRecord> {
    assertCan(actor, 'observations.read');
    const record = await this.repository.findOne(id, undefined, duplicatesView(actor));
    if (!record || !mayReadObservation(actor, record)) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  /**
   * Creates an observation. A client-chosen id makes the call idempotent: the same id with the same
   * content returns the stored record (`created: false`), with other content it is a conflict.
   */
  async create(
    actor: Actor,
    dto: CreateObservationDto,
  ): Promise<{ record: ObservationRecord; created: boolean }> {
    assertCan(actor, 'observations.create');
    const id = dto.id ?? randomUUID();
    const digest = contentDigest(dto);
    return this.repository.transaction(async (manager) => {
      await this.repository.lockDuplicates(manager);
      if (dto.id !== undefined) {
        const replay = await this.replay(manager, actor.id, id, digest);
        if (replay) return { record: replay, created: false };
      }
      await this.assertSite(manager, dto.siteId);
      const inserted = await this.repository.insert(manager, {
        ...observationValues(dto, 'replace'),
        id,
        creationDigest: digest,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      if (!inserted) {
        // Another request with the same id committed between our check and our insert.
        return {
          record: (await this.replay(manager, actor.id, id, digest)) as ObservationRecord,
          created: false,
        };
      }
      await this.repository.replaceChildren(manager, id, dto.forces ?? [], dto.seizures ?? []);
      await this.repository.refreshDuplicates(manager, id);
      const record = (await this.repository.findOne(id, manager)) as ObservationRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'create', null, record);
      return { record, created: true };
    });
  }

  async replace(actor: Actor, id: string, dto: ReplaceObservationDto): Promise<ObservationRecord> {
    return this.update(actor, id, dto, 'replace');
  }

  async patch(actor: Actor, id: string, dto: PatchObservationDto): Promise<ObservationRecord> {
    return this.update(actor, id, dto, 'patch');
  }

  async remove(actor: Actor, id: string): Promise<ObservationRecord> {
    return this.setDeleted(actor, id, true);
  }

  async restore(actor: Actor, id: string): Promise<ObservationRecord> {
    return this.setDeleted(actor, id, false);
  }

  /**
   * Soft-deletes or restores. A deleted observation loses its possible-duplicate pairs; a restored
   * one is paired again and, if it had been merged, is no longer merged (the incidents and files
   * moved by the merge stay with the record they were moved to).
   */
  private async setDeleted(actor: Actor, id: string, deleted: boolean): Promise<ObservationRecord> {
    assertCan(actor, 'observations.delete');
    return this.repository.transaction(async (manager) => {
      await this.repository.lockDuplicates(manager);
      const before = await lockVisibleObservation(this.repository, manager, actor, id);
      if (!deleted && before.deletedAt !== null) await this.repository.clearMergedInto(manager, id);
      return setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: ENTITY,
          audit: this.audit,
          // Runs after the write and before the audit event: the pairs follow the record's state.
          reload: async () => {
            await this.repository.refreshDuplicates(manager, id);
            return this.repository.findOne(id, manager);
          },
        },
        before,
        deleted,
      );
    });
  }

  private async update(
    actor: Actor,
    id: string,
    dto: ReplaceObservationDto | PatchObservationDto,
    mode: 'replace' | 'patch',
  ): Promise<ObservationRecord> {
    assertCan(actor, 'observations.update');
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    return this.repository.transaction(async (manager) => {
      await this.repository.lockDuplicates(manager);
      const current = await lockVisibleObservation(this.repository, manager, actor, id);
      assertMayEdit(actor, current);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      const values = observationValues(dto, mode);
      assertPeriod(current, values);
      await this.assertSite(manager, values.siteId);
      await this.repository.update(manager, id, values, actor.id);
      const forces = mode === 'replace' ? (dto.forces ?? []) : dto.forces;
      const seizures = mode === 'replace' ? (dto.seizures ?? []) : dto.seizures;
      await this.repository.replaceChildren(manager, id, forces, seizures);
      await this.repository.refreshDuplicates(manager, id);
      const record = (await this.repository.findOne(id, manager)) as ObservationRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'update', current, record);
      return record;
    });
  }

  /** The list query as the actor may run it: communication on validated, live observations only. */
  private visible(actor: Actor, query: RawQuery, page?: ListQueryOptions): ParsedListQuery {
    if (seesUnvalidated(actor)) return parseListQuery(query, OBSERVATION_LIST_SPEC, page);
    return withCondition(
      parseListQuery(query, LIVE_OBSERVATION_LIST_SPEC, page),
      `o.status = 'validated' AND o.deleted_at IS NULL`,
    );
  }

  private async replay(
    manager: EntityManager,
    actorId: string,
    id: string,
    digest: string,
  ): Promise<ObservationRecord | null> {
    const retried = await this.repository.table.isRetriedCreate(manager, id, digest, LABEL, actorId);
    return retried ? this.repository.findOne(id, manager) : null;
  }

  private async assertSite(manager: EntityManager, siteId: string | null | undefined): Promise<void> {
    if (siteId && !(await this.repository.siteExists(manager, siteId))) {
      throw recordErrors.invalidReference('siteId', `unknown site ${siteId}`);
    }
  }
}
