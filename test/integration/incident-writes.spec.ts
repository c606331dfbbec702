import type { IncidentRecord } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import type { Actor } from '../../apps/api/src/auth/actor';
import { DomainError } from '../../apps/api/src/common/domain-error';
import type { CreateIncidentDto } from '../../apps/api/src/incidents/dto/incident-input.dto';
import { IncidentsRepository } from '../../apps/api/src/incidents/incidents.repository';
import { IncidentsService } from '../../apps/api/src/incidents/incidents.service';
import {
  actingAs,
  type ActingAs,
  connect,
  given,
  newId,
  PLACES,
  type Point,
  rejection,
  uniqueWord,
} from '../support/given';
import { TEST_ACTOR } from '../support/users';

let dataSource: DataSource;
let incidents: ActingAs<IncidentsService>;

beforeAll(async () => {
  dataSource = await connect(inject('databaseUrl'));
  incidents = incidentsAs(TEST_ACTOR);
});

afterAll(async () => {
  await dataSource.destroy();
});

function incidentsAs(actor: Actor): ActingAs<IncidentsService> {
  return actingAs(new IncidentsService(new IncidentsRepository(dataSource), new AuditService()), actor);
}

function input(overrides: Partial<Omit<CreateIncidentDto, 'location'>> & { location?: Point | null } = {}) {
  return {
    type: 'physical_violence',
    occurredAt: '2025-03-04T07:45:00+01:00',
    location: PLACES.calais,
    description: `Violences ${uniqueWord()}`,
    ...overrides,
  } as CreateIncidentDto;
}

async function create(overrides: Parameters<typeof input>[0] = {}): Promise<IncidentRecord> {
  return (await incidents.create(input(overrides))).record;
}

describe(IncidentsService.name, () => {
  describe('commune derivation', () => {
    it('derives the commune and area from the location, and again when the location changes', async () => {
      const created = await create();
      expect(created).toMatchObject({ communeCode: '62193', area: 'calaisis' });
      const moved = await incidents.patch(created.id, { version: 1, location: PLACES.grandeSynthe });
      expect(moved).toMatchObject({ communeCode: '59271', area: 'dunkerquois' });
      const atSea = await incidents.patch(created.id, { version: 2, location: PLACES.sea });
      expect(atSea).toMatchObject({ communeCode: null, area: null });
    });
  });

  describe('location inherited from the observation', () => {
    it('copies the location at write time: moving the observation later does not move the incident', async () => {
      const observation = await given.observation(dataSource, { location: PLACES.grandeSynthe });
      const created = await create({ location: undefined, observationId: observation.id });
      expect(created).toMatchObject({ location: PLACES.grandeSynthe, communeCode: '59271' });
      await dataSource.query(`UPDATE observations SET location = ST_GeomFromGeoJSON($2) WHERE id = $1`, [
        observation.id,
        JSON.stringify(PLACES.calais),
      ]);
      expect((await incidents.get(created.id)).location).toEqual(PLACES.grandeSynthe);
      // Sending location: null copies it again.
      const again = await incidents.patch(created.id, { version: 1, location: null });
      expect(again).toMatchObject({ location: PLACES.calais, communeCode: '62193' });
    });

    it('keeps the stored location when a patch links another observation without a location', async () => {
      const created = await create();
      const observation = await given.observation(dataSource, { location: PLACES.grandeSynthe });
      const linked = await incidents.patch(created.id, { version: 1, observationId: observation.id });
      expect(linked).toMatchObject({ observationId: observation.id, location: PLACES.calais });
    });

    it('refuses a link to a deleted observation with errors.observationId, writing nothing', async () => {
      const observation = await given.observation(dataSource);
      await dataSource.query(`UPDATE observations SET deleted_at = now() WHERE id = $1`, [observation.id]);
      const id = newId();
      const error = await rejection(() =>
        incidents.create(input({ id, location: null, observationId: observation.id })),
      );
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).details.errors).toHaveProperty('observationId');
      expect(await dataSource.query(`SELECT 1 FROM incidents WHERE id = $1`, [id])).toEqual([]);
    });
  });

  describe('the restricted testimony', () => {
    it('never lands in clear in the audit trail nor in the full-text index', async () => {
      const secret = uniqueWord('temoignage');
      const created = await create({ id: newId(), testimony: `Récit ${secret}` });
      const events = (await dataSource.query(
        `SELECT diff::text AS diff FROM audit_events WHERE entity = 'incidents' AND entity_id = $1`,
        [created.id],
      )) as { diff: string }[];
      expect(events).toHaveLength(1);
      expect(events[0]!.diff).toContain('"testimony"');
      expect(events[0]!.diff).not.toContain(secret);
      const indexed = (await dataSource.query(`SELECT search::text AS search FROM incidents WHERE id = $1`, [
        created.id,
      ])) as { search: string }[];
      expect(indexed[0]!.search).not.toContain(secret.slice(0, 8));
    });
  });
});
