import type { ObservationRecord } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DomainError } from '../../apps/api/src/common/domain-error';
import type {
  CreateObservationDto,
  ReplaceObservationDto,
  SeizureDto,
} from '../../apps/api/src/observations/dto/observation-input.dto';
import { ObservationsService } from '../../apps/api/src/observations/observations.service';
import {
  connect,
  given,
  newId,
  observationInput,
  PLACES,
  rejection,
  rows,
  services,
  type Services,
} from '../support/given';

let dataSource: DataSource;
let observations: Services['observations'];

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  observations = services(dataSource).observations;
});

afterAll(async () => {
  await dataSource.destroy();
});

const TWO_FORCES = [
  { unit: 'crs', vehicles: 4, officers: 20, identifiers: 'CRS 8' },
  { unit: 'pn', vehicles: 1 },
] as CreateObservationDto['forces'];

const TWO_SEIZURES = [
  { item: 'tent', quantity: 12, destroyed: true },
  { item: 'sleeping_bag', quantity: 7 },
] as CreateObservationDto['seizures'];

/** A whole-record body built from a stored record, as a client edits it. */
function replacement(
  record: ObservationRecord,
  changes: Partial<ReplaceObservationDto> = {},
): ReplaceObservationDto {
  return {
    kind: record.kind,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    location: record.location,
    siteId: record.siteId,
    forces: record.forces,
    seizures: record.seizures,
    peopleEvicted: record.peopleEvicted,
    arrests: record.arrests,
    description: record.description,
    version: record.version,
    ...changes,
  } as ReplaceObservationDto;
}

async function expectDomainError(
  operation: () => Promise<unknown>,
  expected: { kind: DomainError['kind']; code: string },
): Promise<DomainError> {
  const error = await rejection(operation);
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject(expected);
  return error as DomainError;
}

describe(ObservationsService.name, () => {
  describe('create with a client id', () => {
    it('returns the stored record and writes no second row when the same content is sent again', async () => {
      const body = observationInput({ id: newId(), forces: TWO_FORCES, seizures: TWO_SEIZURES });

      const first = await observations.create(body);
      const retry = await observations.create({ ...body });

      expect(first.created).toBe(true);
      expect(retry.created).toBe(false);
      expect(retry.record).toEqual(first.record);
      expect(await rows.observationCount(dataSource, body.id as string)).toBe(1);
      expect(await rows.forces(dataSource, body.id as string)).toHaveLength(2);
      expect(await rows.seizures(dataSource, body.id as string)).toHaveLength(2);
    });

    it('treats the same content with its keys in another order as the same request', async () => {
      const body = observationInput({ id: newId(), arrests: 1 });
      const reordered = Object.fromEntries(Object.entries(body).reverse()) as CreateObservationDto;

      await observations.create(body);
      const retry = await observations.create(reordered);

      expect(retry.created).toBe(false);
      expect(await rows.observationCount(dataSource, body.id as string)).toBe(1);
    });

    it('refuses the same id with different content as a conflict and keeps the stored record', async () => {
      const body = observationInput({ id: newId(), arrests: 1 });
      const { record } = await observations.create(body);

      await expectDomainError(() => observations.create({ ...body, arrests: 2 }), {
        kind: 'conflict',
        code: 'idempotency_conflict',
      });

      expect(await observations.get(record.id)).toEqual(record);
    });

    it('writes exactly one row when two identical creates race, and both succeed', async () => {
      const body = observationInput({ id: newId(), forces: TWO_FORCES, seizures: TWO_SEIZURES });

      const results = await Promise.allSettled([
        observations.create(structuredClone(body)),
        observations.create(structuredClone(body)),
      ]);

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
      const values = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(values.filter((value) => value.created)).toHaveLength(1);
      expect(values[0]?.record).toEqual(values[1]?.record);
      expect(await rows.observationCount(dataSource, body.id as string)).toBe(1);
      expect(await rows.forces(dataSource, body.id as string)).toHaveLength(2);
      expect(await rows.seizures(dataSource, body.id as string)).toHaveLength(2);
    });

    it('lets only one of two racing creates with the same id and different content through', async () => {
      const body = observationInput({ id: newId(), arrests: 1 });

      const results = await Promise.allSettled([
        observations.create(body),
        observations.create({ ...body, arrests: 5 }),
      ]);

      const fulfilled = results.filter((result) => result.status === 'fulfilled');
      const rejected = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ kind: 'conflict', code: 'idempotency_conflict' });
      expect(await rows.observationCount(dataSource, body.id as string)).toBe(1);
    });

    it('answers a retry after the record changed with the stored record, not a second row', async () => {
      const body = observationInput({ id: newId() });
      const { record } = await observations.create(body);
      const patched = await observations.patch(record.id, { version: record.version, arrests: 6 });

      const retry = await observations.create(structuredClone(body));

      expect(retry).toEqual({ record: patched, created: false });
      expect(await rows.observationCount(dataSource, record.id)).toBe(1);
    });

    it('refuses an unknown site and writes nothing', async () => {
      const body = observationInput({ id: newId(), siteId: newId() });

      await expectDomainError(() => observations.create(body), {
        kind: 'invalid',
        code: 'invalid_reference',
      });

      expect(await rows.observationCount(dataSource, body.id as string)).toBe(0);
    });
  });

  describe('optimistic versioning', () => {
    it('starts at version 1 and adds one on each PUT, PATCH, delete and restore', async () => {
      const created = await given.observation(dataSource);
      expect(created.version).toBe(1);

      const replaced = await observations.replace(created.id, replacement(created, { arrests: 1 }));
      expect(replaced.version).toBe(2);
      const patched = await observations.patch(created.id, { version: 2, arrests: 2 });
      expect(patched.version).toBe(3);
      const deleted = await observations.remove(created.id);
      expect(deleted.version).toBe(4);
      const restored = await observations.restore(created.id);
      expect(restored.version).toBe(5);

      expect((await rows.observation(dataSource, created.id))?.version).toBe(5);
    });

    it('moves updatedAt forward on a change', async () => {
      const created = await given.observation(dataSource);

      const patched = await observations.patch(created.id, { version: created.version, arrests: 3 });

      expect(Date.parse(patched.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect(patched.createdAt).toBe(created.createdAt);
    });

    it('refuses a PATCH on a stale version with the current record, and writes nothing', async () => {
      const created = await given.observation(dataSource, { arrests: 0 });
      const current = await observations.patch(created.id, { version: 1, arrests: 4 });

      const error = await expectDomainError(
        () => observations.patch(created.id, { version: 1, peopleEvicted: 30 }),
        { kind: 'conflict', code: 'stale_version' },
      );

      expect(error.details.current).toEqual(current);
      expect(await observations.get(created.id)).toEqual(current);
    });

    it('refuses a PUT on a stale version with the current record', async () => {
      const created = await given.observation(dataSource);
      const current = await observations.patch(created.id, { version: 1, description: 'Complété' });

      const error = await expectDomainError(
        () => observations.replace(created.id, replacement(created, { description: 'Écrasé' })),
        { kind: 'conflict', code: 'stale_version' },
      );

      expect(error.details.current).toMatchObject({ version: 2, description: 'Complété' });
      expect((await observations.get(created.id)).description).toBe(current.description);
    });

    it('lets one of two concurrent PATCHes of the same version win and the other conflict, losing nothing', async () => {
      const created = await given.observation(dataSource, { arrests: 0, peopleEvicted: null });

      const results = await Promise.allSettled([
        observations.patch(created.id, { version: 1, arrests: 3 }),
        observations.patch(created.id, { version: 1, peopleEvicted: 25 }),
      ]);

      const winners = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const losers = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0]).toBeInstanceOf(DomainError);
      expect(losers[0]).toMatchObject({ kind: 'conflict', code: 'stale_version' });
      const stored = await observations.get(created.id);
      expect(stored).toEqual(winners[0]);
      expect(stored.version).toBe(2);
      // The loser is told what won, so that it can apply its change again.
      expect((losers[0] as DomainError).details.current).toEqual(stored);
      const appliedArrests = stored.arrests === 3;
      const appliedPeople = stored.peopleEvicted === 25;
      expect(appliedArrests !== appliedPeople).toBe(true);
    });

    it('checks a patched startedAt against the stored endedAt and writes nothing when the period breaks', async () => {
      const created = await given.observation(dataSource, {
        startedAt: '2025-03-04T07:30:00+01:00',
        endedAt: '2025-03-04T09:00:00+01:00',
      });

      await expectDomainError(
        () =>
          observations.patch(created.id, {
            version: created.version,
            startedAt: '2025-03-04T10:00:00+01:00',
          }),
        { kind: 'invalid', code: 'observation_invalid_period' },
      );
      await expectDomainError(
        () =>
          observations.patch(created.id, { version: created.version, endedAt: '2025-03-05T08:00:00+01:00' }),
        { kind: 'invalid', code: 'observation_invalid_period' },
      );

      expect(await observations.get(created.id)).toEqual(created);
    });

    it('refuses to update a deleted record until it is restored', async () => {
      const deleted = await given.deletedObservation(dataSource);

      await expectDomainError(
        () => observations.patch(deleted.id, { version: deleted.version, arrests: 1 }),
        {
          kind: 'conflict',
          code: 'record_deleted',
        },
      );

      const restored = await observations.restore(deleted.id);
      const patched = await observations.patch(deleted.id, { version: restored.version, arrests: 1 });
      expect(patched.arrests).toBe(1);
    });

    it('answers not found for an unknown id', async () => {
      await expectDomainError(() => observations.patch(newId(), { version: 1, arrests: 1 }), {
        kind: 'not_found',
        code: 'record_not_found',
      });
    });
  });

  describe('child rows', () => {
    it('replaces forces and seizures on PUT, an absent list meaning none', async () => {
      const created = await given.observation(dataSource, { forces: TWO_FORCES, seizures: TWO_SEIZURES });

      const body = replacement(created, {
        forces: [{ unit: 'gm', vehicles: 6 }] as ReplaceObservationDto['forces'],
      });
      delete body.seizures;
      const replaced = await observations.replace(created.id, body);

      expect(replaced.forces).toEqual([{ unit: 'gm', vehicles: 6, officers: null, identifiers: null }]);
      expect(replaced.seizures).toEqual([]);
      expect(await rows.forces(dataSource, created.id)).toEqual([
        { position: 0, unit: 'gm', vehicles: 6, officers: null },
      ]);
      expect(await rows.seizures(dataSource, created.id)).toEqual([]);
    });

    it('keeps forces and seizures on a PATCH that does not mention them', async () => {
      const created = await given.observation(dataSource, { forces: TWO_FORCES, seizures: TWO_SEIZURES });

      const patched = await observations.patch(created.id, { version: created.version, arrests: 2 });

      expect(patched.forces).toEqual(created.forces);
      expect(patched.seizures).toEqual(created.seizures);
      expect(await rows.forces(dataSource, created.id)).toHaveLength(2);
      expect(await rows.seizures(dataSource, created.id)).toHaveLength(2);
    });

    it('replaces only the list a PATCH names', async () => {
      const created = await given.observation(dataSource, { forces: TWO_FORCES, seizures: TWO_SEIZURES });

      const patched = await observations.patch(created.id, { version: created.version, forces: [] });

      expect(patched.forces).toEqual([]);
      expect(patched.seizures).toEqual(created.seizures);
    });

    it('keeps the order of the child rows as sent', async () => {
      const created = await given.observation(dataSource, { seizures: TWO_SEIZURES });

      expect(created.seizures).toEqual([
        { item: 'tent', quantity: 12, destroyed: true },
        { item: 'sleeping_bag', quantity: 7, destroyed: false },
      ]);
      expect(created.forces).toEqual([]);
    });
  });

  describe('soft delete and restore', () => {
    it('keeps the row and its child rows when deleting', async () => {
      const created = await given.observation(dataSource, { forces: TWO_FORCES, seizures: TWO_SEIZURES });

      const deleted = await observations.remove(created.id);

      expect(deleted.deletedAt).not.toBeNull();
      const row = await rows.observation(dataSource, created.id);
      expect(row?.deleted_at).toBeInstanceOf(Date);
      expect(await rows.forces(dataSource, created.id)).toHaveLength(2);
      expect(await rows.seizures(dataSource, created.id)).toHaveLength(2);
      expect((await observations.get(created.id)).deletedAt).toBe(deleted.deletedAt);
      expect((await observations.list({ id: created.id })).rows).toEqual([]);
    });

    it('brings a deleted record back, with its child rows, on restore', async () => {
      const created = await given.observation(dataSource, { forces: TWO_FORCES, seizures: TWO_SEIZURES });
      await observations.remove(created.id);

      const restored = await observations.restore(created.id);

      expect(restored.deletedAt).toBeNull();
      expect(restored.forces).toEqual(created.forces);
      expect(restored.seizures).toEqual(created.seizures);
      expect(ids((await observations.list({ id: created.id })).rows)).toEqual([created.id]);
    });
  });

  describe('transactions', () => {
    it('leaves the record and its child rows intact when an update names an unknown site', async () => {
      const site = await given.site(dataSource);
      const created = await given.observation(dataSource, {
        siteId: site.id,
        forces: TWO_FORCES,
        seizures: TWO_SEIZURES,
      });

      await expectDomainError(
        () =>
          observations.replace(
            created.id,
            replacement(created, { siteId: newId(), forces: [], seizures: [], description: 'Remplacé' }),
          ),
        { kind: 'invalid', code: 'invalid_reference' },
      );

      expect(await observations.get(created.id)).toEqual(created);
      expect(await rows.forces(dataSource, created.id)).toHaveLength(2);
      expect(await rows.seizures(dataSource, created.id)).toHaveLength(2);
    });

    it('refuses a deleted site as a reference', async () => {
      const site = await given.site(dataSource);
      await services(dataSource).sites.remove(site.id);

      await expectDomainError(() => observations.create(observationInput({ siteId: site.id })), {
        kind: 'invalid',
        code: 'invalid_reference',
      });
    });

    it('rolls back the whole update when a child row fails in the database after the record was written', async () => {
      const created = await given.observation(dataSource, {
        location: PLACES.calais,
        forces: TWO_FORCES,
        seizures: TWO_SEIZURES,
      });
      // Only the database stands in the way: the HTTP layer would have refused this body earlier.
      const invalidSeizure = [{ item: 'tent', quantity: -1 }] as SeizureDto[];

      await expect(
        observations.replace(
          created.id,
          replacement(created, {
            location: PLACES.grandeSynthe,
            description: 'Remplacé',
            forces: [],
            seizures: invalidSeizure,
          }),
        ),
      ).rejects.toThrow(/observation_seizures_quantity_check/);

      expect(await observations.get(created.id)).toEqual(created);
      expect(await rows.observation(dataSource, created.id)).toMatchObject({
        version: 1,
        commune_code: '62193',
        description: created.description,
      });
      expect(await rows.forces(dataSource, created.id)).toHaveLength(2);
      expect(await rows.seizures(dataSource, created.id)).toHaveLength(2);
    });
  });
});

function ids(records: readonly { id: string }[]): string[] {
  return records.map((record) => record.id);
}
