import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LIMITS, type ObservationRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { contentDigest } from '../common/canonical-digest';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import type { CreateObservationDto, ReplaceObservationDto } from './dto/observation-input.dto';
import type { PatchObservationDto } from './dto/patch-observation.dto';
import { assertPeriod, observationValues } from './observation-values';
import { OBSERVATION_LIST_SPEC } from './observations.list-spec';
import { ObservationsRepository } from './observations.repository';

const LABEL = 'Observation';

/** Actor of a change; accounts come with access control, until then changes are anonymous. */
const NO_ACTOR: string | null = null;

@Injectable()
export class ObservationsService {
  constructor(private readonly repository: ObservationsRepository) {}

  async list(query: RawQuery): Promise<ListResult<ObservationRecord>> {
    return this.repository.list(parseListQuery(query, OBSERVATION_LIST_SPEC));
  }

  async geojson(query: RawQuery): Promise<GeoJsonResult> {
    return this.repository.geojson(
      parseListQuery(query, OBSERVATION_LIST_SPEC, {
        maxPage: LIMITS.geojsonFeatures,
        defaultPage: LIMITS.geojsonFeatures,
      }),
    );
  }

  async get(id: string): Promise<ObservationRecord> {
    const record = await this.repository.findOne(id);
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  /**
   * Creates an observation. A client-chosen id makes the call idempotent: the same id with the same
   * content returns the stored record (`created: false`), with other content it is a conflict.
   */
  async create(dto: CreateObservationDto): Promise<{ record: ObservationRecord; created: boolean }> {
    const id = dto.id ?? randomUUID();
    const digest = contentDigest(dto);
    return this.repository.transaction(async (manager) => {
      if (dto.id !== undefined) {
        const replay = await this.replay(manager, id, digest);
        if (replay) return { record: replay, created: false };
      }
      await this.assertSite(manager, dto.siteId);
      const values = observationValues(dto, 'replace');
      const inserted = await this.repository.insert(manager, {
        ...values,
        id,
        creationDigest: digest,
        createdBy: NO_ACTOR,
        updatedBy: NO_ACTOR,
      });
      if (!inserted) {
        // Another request with the same id committed between our check and our insert.
        const replay = await this.replay(manager, id, digest);
        return { record: replay as ObservationRecord, created: false };
      }
      await this.repository.replaceChildren(manager, id, dto.forces ?? [], dto.seizures ?? []);
      return { record: (await this.repository.findOne(id, manager)) as ObservationRecord, created: true };
    });
  }

  async replace(id: string, dto: ReplaceObservationDto): Promise<ObservationRecord> {
    return this.update(id, dto, 'replace');
  }

  async patch(id: string, dto: PatchObservationDto): Promise<ObservationRecord> {
    return this.update(id, dto, 'patch');
  }

  remove(id: string): Promise<ObservationRecord> {
    return this.repository.transaction(async (manager) => {
      const state = await this.repository.table.lock(manager, id);
      if (!state) throw recordErrors.notFound(LABEL, id);
      await this.repository.table.softDelete(manager, id, NO_ACTOR);
      return (await this.repository.findOne(id, manager)) as ObservationRecord;
    });
  }

  restore(id: string): Promise<ObservationRecord> {
    return this.repository.transaction(async (manager) => {
      const state = await this.repository.table.lock(manager, id);
      if (!state) throw recordErrors.notFound(LABEL, id);
      await this.repository.table.restore(manager, id, NO_ACTOR);
      return (await this.repository.findOne(id, manager)) as ObservationRecord;
    });
  }

  private async update(
    id: string,
    dto: ReplaceObservationDto | PatchObservationDto,
    mode: 'replace' | 'patch',
  ): Promise<ObservationRecord> {
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    return this.repository.transaction(async (manager) => {
      const state = await this.repository.table.lock(manager, id);
      if (!state) throw recordErrors.notFound(LABEL, id);
      const current = (await this.repository.findOne(id, manager)) as ObservationRecord;
      if (state.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (state.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      const values = observationValues(dto, mode);
      assertPeriod(current, values);
      await this.assertSite(manager, values.siteId);
      await this.repository.update(manager, id, values, NO_ACTOR);
      const forces = mode === 'replace' ? (dto.forces ?? []) : dto.forces;
      const seizures = mode === 'replace' ? (dto.seizures ?? []) : dto.seizures;
      await this.repository.replaceChildren(manager, id, forces, seizures);
      return (await this.repository.findOne(id, manager)) as ObservationRecord;
    });
  }

  private async replay(
    manager: EntityManager,
    id: string,
    digest: string,
  ): Promise<ObservationRecord | null> {
    const stored = await this.repository.table.creationDigest(manager, id);
    if (stored === undefined) return null;
    if (stored !== digest) throw recordErrors.idempotencyConflict(LABEL, id);
    return this.repository.findOne(id, manager);
  }

  private async assertSite(manager: EntityManager, siteId: string | null | undefined): Promise<void> {
    if (siteId && !(await this.repository.siteExists(manager, siteId))) {
      throw recordErrors.invalidReference('siteId', `unknown site ${siteId}`);
    }
  }
}
