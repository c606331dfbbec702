import { Injectable } from '@nestjs/common';
import type { GeoPoint, RecordSource } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { assertCounts, incidentValues } from '../../incidents/incident-values';
import { IncidentsRepository } from '../../incidents/incidents.repository';
import { INCIDENT_JSON } from '../../incidents/incidents.sql';
import {
  type CandidateRow,
  type CommitFollowUp,
  type ImportTarget,
  type ImportWrite,
  NOTHING_TO_FOLLOW,
  softDeleteMany,
  storedRecords,
  type StoredRecord,
} from './import-target';

/**
 * Incidents written by an import. Files of incidents are small next to those of observations (a
 * few per eviction at most), so they go through the API's own per-record writes.
 */
@Injectable()
export class IncidentImportTarget implements ImportTarget {
  readonly kind = 'incidents' as const;
  readonly entity = 'incidents' as const;

  constructor(private readonly incidents: IncidentsRepository) {}

  records(manager: EntityManager, ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    return storedRecords(manager, INCIDENT_JSON, 'incidents i', ids);
  }

  async insertMany(
    manager: EntityManager,
    writes: readonly ImportWrite[],
    status: 'submitted' | 'validated',
    actorId: string | null,
  ): Promise<Map<string, StoredRecord>> {
    // No child rows: every statement is awaited, none left pending.
    for (const write of writes) {
      const values = incidentValues(write.input, 'replace');
      assertCounts(null, values);
      if (!values.location) values.location = await this.observationLocation(manager, values.observationId);
      await this.incidents.insert(manager, {
        ...values,
        id: write.id,
        status,
        createdBy: actorId,
        updatedBy: actorId,
      } as Parameters<IncidentsRepository['insert']>[1]);
      await this.setSource(manager, write.id, write.source);
    }
    return this.records(
      manager,
      writes.map((write) => write.id),
    );
  }

  async update(
    manager: EntityManager,
    id: string,
    input: Record<string, unknown>,
    source: RecordSource | null,
    actorId: string | null,
  ): Promise<void> {
    const [current] = (await this.records(manager, [id])).values();
    const values = incidentValues(input, 'patch');
    assertCounts((current ?? null) as never, values);
    if (values.location === null) {
      const observationId = values.observationId ?? (current?.observationId as string | null | undefined);
      values.location = await this.observationLocation(manager, observationId ?? null);
    }
    await this.incidents.update(manager, id, values, actorId);
    await this.setSource(manager, id, source);
  }

  softDelete(manager: EntityManager, ids: readonly string[], actorId: string | null): Promise<void> {
    return softDeleteMany(manager, 'incidents', ids, actorId);
  }

  /** Incidents have no writers' lock nor derived rows. */
  lockWriters(): Promise<void> {
    return Promise.resolve();
  }

  afterWrite(): Promise<void> {
    return Promise.resolve();
  }

  followCommit(): Promise<CommitFollowUp> {
    return Promise.resolve(NOTHING_TO_FOLLOW);
  }

  /** Possible duplicates are a rule of observations only. */
  candidates(): Promise<Map<number, string[]>> {
    return Promise.resolve(new Map());
  }

  /** The linked observation must exist and not be deleted; without it, the row needs a location. */
  async referenceErrors(
    manager: EntityManager,
    rows: readonly CandidateRow[],
  ): Promise<Map<number, Record<string, string>>> {
    const ids = [...new Set(rows.map(({ input }) => input.observationId).filter(Boolean))] as string[];
    const live = new Set(
      (
        (await manager.query(
          `SELECT id FROM observations WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`,
          [ids],
        )) as { id: string }[]
      ).map(({ id }) => id),
    );
    const errors = new Map<number, Record<string, string>>();
    for (const { row, input } of rows) {
      const observationId = input.observationId as string | null | undefined;
      if (observationId && !live.has(observationId)) {
        errors.set(row, { observationId: `unknown or deleted observation ${observationId}` });
      } else if (!observationId && !input.location) {
        errors.set(row, { location: 'is required when the incident is not linked to an observation' });
      }
    }
    return errors;
  }

  private async observationLocation(
    manager: EntityManager,
    id: string | null | undefined,
  ): Promise<GeoPoint> {
    const observation = id ? await this.incidents.linkableObservation(manager, id) : null;
    // The dry run checked the link; a row reaching this point without one is a programming error.
    if (!observation) throw new Error(`incident import: no location and no observation ${String(id)}`);
    return observation.location;
  }

  private async setSource(manager: EntityManager, id: string, source: RecordSource | null): Promise<void> {
    await manager.query(`UPDATE incidents SET source = $2 WHERE id = $1`, [
      id,
      source === null ? null : JSON.stringify(source),
    ]);
  }
}
