import { Injectable } from '@nestjs/common';
import type { RecordSource } from '@vigie/domain';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PendingStatements } from '../../common/pending-statements';
import type { ForceDto, ObservationInputDto, SeizureDto } from '../../observations/dto/observation-input.dto';
import { BulkPairing } from '../../observations/bulk-pairing';
import { CANDIDATE_DUPLICATES_SQL, INSERT_PAIRS_OF_SET_SQL } from '../../observations/duplicates.sql';
import { assertPeriod, observationValues } from '../../observations/observation-values';
import { ObservationsRepository } from '../../observations/observations.repository';
import { OBSERVATION_JSON, observationJson } from '../../observations/observations.sql';
import {
  type CandidateRow,
  type CommitFollowUp,
  type ImportTarget,
  type ImportWrite,
  pointEwkt,
  snakeCase,
  softDeleteMany,
  storedRecords,
  type StoredRecord,
  type WrittenIds,
} from './import-target';

/** SQL type of each scalar field a client writes (location and the child rows apart). */
const SCALAR_TYPES = {
  kind: 'text',
  startedAt: 'timestamptz',
  endedAt: 'timestamptz',
  locationAccuracyM: 'float8',
  siteId: 'uuid',
  peopleEvicted: 'int',
  minorsSeen: 'int',
  arrests: 'int',
  legalBasis: 'text',
  legalBasisDetails: 'text',
  interpretersPresent: 'boolean',
  bailiffPresent: 'boolean',
  contractorPresent: 'boolean',
  contractorName: 'text',
  shelterOffered: 'boolean',
  shelterBuses: 'int',
  peopleSheltered: 'int',
  observationObstructed: 'boolean',
  countsReliable: 'boolean',
  description: 'text',
} as const satisfies Record<Exclude<keyof ObservationInputDto, 'location' | 'forces' | 'seizures'>, string>;

const SCALARS = Object.keys(SCALAR_TYPES) as (keyof typeof SCALAR_TYPES)[];
const COLUMNS = SCALARS.map(snakeCase);

/**
 * Answers each record as `records` reads it (the audit diffs start from it), except its child
 * rows and pairs, which it does not have yet (`insertMany` adds the child rows it writes next).
 */
const INSERTED_JSON = observationJson('all', 'none');

const INSERT_SQL = `
  INSERT INTO observations AS o (id, ${COLUMNS.join(', ')}, location, status, created_by, updated_by, source)
  SELECT r.id, ${COLUMNS.map((column) => `r.${column}`).join(', ')}, r.location::geometry, r.status,
         r.actor, r.actor, r.source
    FROM jsonb_to_recordset($1::jsonb)
         AS r(id uuid, ${SCALARS.map((field) => `${snakeCase(field)} ${SCALAR_TYPES[field]}`).join(', ')},
              location text, status text, actor uuid, source jsonb)
  RETURNING ${INSERTED_JSON} AS record`;

const INSERT_FORCES_SQL = `
  INSERT INTO observation_forces (observation_id, position, unit, vehicles, officers, identifiers)
  SELECT r.observation_id, r.position, r.unit, r.vehicles, r.officers, r.identifiers
    FROM jsonb_to_recordset($1::jsonb)
         AS r(observation_id uuid, position int, unit text, vehicles int, officers int, identifiers text)`;

const INSERT_SEIZURES_SQL = `
  INSERT INTO observation_seizures (observation_id, position, item, quantity, destroyed)
  SELECT r.observation_id, r.position, r.item, r.quantity, r.destroyed
    FROM jsonb_to_recordset($1::jsonb)
         AS r(observation_id uuid, position int, item text, quantity int, destroyed boolean)`;

/** Observations written by an import: in bulk, the same rows and pairs the API's own writes give. */
@Injectable()
export class ObservationImportTarget implements ImportTarget {
  readonly kind = 'observations' as const;
  readonly entity = 'observations' as const;

  constructor(
    private readonly observations: ObservationsRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  records(manager: EntityManager, ids: readonly string[]): Promise<Map<string, StoredRecord>> {
    return storedRecords(manager, OBSERVATION_JSON, 'observations o', ids);
  }

  async insertMany(
    manager: EntityManager,
    writes: readonly ImportWrite[],
    status: 'submitted' | 'validated',
    actorId: string | null,
    pending: PendingStatements,
  ): Promise<Map<string, StoredRecord>> {
    if (writes.length === 0) return new Map();
    const rows = writes.map((write) => {
      const values = observationValues(write.input, 'replace') as Record<string, unknown>;
      const row: Record<string, unknown> = {
        id: write.id,
        location: pointEwkt(write.input.location),
        status,
        actor: actorId,
        source: write.source,
      };
      SCALARS.forEach((field, index) => (row[COLUMNS[index]!] = values[field] ?? null));
      return row;
    });
    // Sent first and awaited last: the child rows are prepared and sent while PostgreSQL inserts
    // the records (it runs them after, in the order sent).
    const inserting: Promise<{ record: StoredRecord }[]> = manager.query(INSERT_SQL, [JSON.stringify(rows)]);
    pending.add(inserting);
    const forces = writes.flatMap((write) =>
      ((write.input.forces ?? []) as ForceDto[]).map((force, position) => ({
        observation_id: write.id,
        position,
        unit: force.unit,
        vehicles: force.vehicles ?? null,
        officers: force.officers ?? null,
        identifiers: force.identifiers ?? null,
      })),
    );
    if (forces.length > 0) pending.add(manager.query(INSERT_FORCES_SQL, [JSON.stringify(forces)]));
    const seizures = writes.flatMap((write) =>
      ((write.input.seizures ?? []) as SeizureDto[]).map((seizure, position) => ({
        observation_id: write.id,
        position,
        item: seizure.item,
        quantity: seizure.quantity ?? null,
        destroyed: seizure.destroyed ?? false,
      })),
    );
    if (seizures.length > 0) pending.add(manager.query(INSERT_SEIZURES_SQL, [JSON.stringify(seizures)]));
    // The records get their child rows as OBSERVATION_JSON shows them.
    const records = new Map((await inserting).map(({ record }) => [record.id, record]));
    for (const record of records.values()) {
      record.forces = [];
      record.seizures = [];
    }
    for (const { observation_id, unit, vehicles, officers, identifiers } of forces) {
      (records.get(observation_id)!.forces as unknown[]).push({ unit, vehicles, officers, identifiers });
    }
    for (const { observation_id, item, quantity, destroyed } of seizures) {
      (records.get(observation_id)!.seizures as unknown[]).push({ item, quantity, destroyed });
    }
    return records;
  }

  async update(
    manager: EntityManager,
    id: string,
    input: Record<string, unknown>,
    source: RecordSource | null,
    actorId: string | null,
  ): Promise<void> {
    const [current] = (await this.records(manager, [id])).values();
    const values = observationValues(input, 'patch');
    if (current) assertPeriod(current as never, values);
    await this.observations.update(manager, id, values, actorId);
    await this.observations.replaceChildren(
      manager,
      id,
      input.forces as ForceDto[] | undefined,
      input.seizures as SeizureDto[] | undefined,
    );
    await manager.query(`UPDATE observations SET source = $2 WHERE id = $1`, [
      id,
      source === null ? null : JSON.stringify(source),
    ]);
  }

  softDelete(manager: EntityManager, ids: readonly string[], actorId: string | null): Promise<void> {
    return softDeleteMany(manager, 'observations', ids, actorId);
  }

  lockWriters(manager: EntityManager): Promise<void> {
    return this.observations.lockDuplicates(manager);
  }

  /**
   * The pairs of new records are added in one statement, those of deleted ones dropped in one;
   * changed records are refreshed one by one, as the API's own writes do.
   */
  async afterWrite(manager: EntityManager, written: WrittenIds): Promise<void> {
    await this.observations.lockDuplicates(manager);
    const rule = this.observations.duplicateRule;
    if (written.deleted.length > 0) {
      await manager.query(
        `DELETE FROM observation_duplicates
          WHERE status = 'possible' AND (observation_a = ANY($1::uuid[]) OR observation_b = ANY($1::uuid[]))`,
        [written.deleted],
      );
    }
    if (written.created.length > 0) {
      await manager.query(INSERT_PAIRS_OF_SET_SQL, [written.created, rule.radiusM, rule.windowMinutes]);
    }
    for (const id of written.updated) await this.observations.refreshDuplicates(manager, id);
  }

  /**
   * The created records are paired on a second connection (`BulkPairing`) while the commit writes
   * them; the pairs found for a batch are inserted during the next one (its records are written by
   * then), the last ones in `finish`. The updated records are refreshed one by one at the end,
   * against everything the commit wrote: the search saw them as they were before.
   */
  async followCommit(planned: number): Promise<CommitFollowUp> {
    const pairing = await BulkPairing.open(this.dataSource, this.observations.duplicateRule, { planned });
    return {
      created: (manager, writes, pending) => {
        pending.add(pairing.insertFound(manager));
        pairing.add(
          writes.map(({ id, input }) => {
            // The values `insertMany` writes.
            const values = observationValues(input, 'replace');
            return {
              id,
              kind: values.kind as string,
              startedAt: (values.startedAt as Date).toISOString(),
              location: pointEwkt(input.location),
              siteId: values.siteId ?? null,
            };
          }),
        );
      },
      finish: async (manager, updated) => {
        await pairing.insertFound(manager);
        await pairing.close();
        for (const id of updated) await this.observations.refreshDuplicates(manager, id);
      },
      close: () => pairing.close(),
    };
  }

  async candidates(manager: EntityManager, rows: readonly CandidateRow[]): Promise<Map<number, string[]>> {
    if (rows.length === 0) return new Map();
    const candidates = rows.map(({ row, input }) => {
      const coordinates = (input.location as { coordinates: [number, number] }).coordinates;
      return {
        row,
        kind: input.kind,
        started_at: input.startedAt,
        lon: coordinates[0],
        lat: coordinates[1],
        site_id: input.siteId ?? null,
      };
    });
    const rule = this.observations.duplicateRule;
    const found: { row: number; ids: string[] }[] = await manager.query(CANDIDATE_DUPLICATES_SQL, [
      JSON.stringify(candidates),
      rule.radiusM,
      rule.windowMinutes,
    ]);
    return new Map(found.map(({ row, ids }) => [row, ids]));
  }

  /** Sites are found by name among live sites, so every reference is already known to exist. */
  referenceErrors(): Promise<Map<number, Record<string, string>>> {
    return Promise.resolve(new Map());
  }
}
