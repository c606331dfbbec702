import { randomUUID } from 'node:crypto';
import type { AttachmentRecord, IncidentRecord, ObservationRecord, SiteRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, upload, uploadOk } from '../support/attachments';
import {
  type ApiClient,
  createIncident,
  createObservation,
  createSite,
  expectApiError,
  idFilter,
  idsOf,
  incidentInput,
  legalCaseInput,
  observationInput,
  signedInAs,
  siteInput,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

/*
 * Issue 10, items 3 to 5, from the attacker's side: what a role learns of text, records and links
 * that are not its to read, through search counts, sorting, filters, the answer to a retried
 * create, the trash and the links between records.
 */
describe('oracles on hidden data', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let coordinator: ApiClient;
  let communication: ApiClient;
  let observer: ApiClient;
  let otherObserver: ApiClient;
  let legal: ApiClient;
  let otherLegal: ApiClient;

  /** Submits then validates an observation or an incident, as the admin. */
  async function validate<T extends { id: string }>(
    resource: 'observations' | 'incidents',
    record: T,
  ): Promise<T> {
    expect((await api.post(`/api/${resource}/${record.id}/submit`)).status).toBe(200);
    const validated = await api.post<T>(`/api/${resource}/${record.id}/validate`);
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    return validated.body;
  }

  beforeAll(async () => {
    [coordinator, communication, observer, otherObserver, legal, otherLegal] = await Promise.all([
      signedInAs(api, 'coordinator'),
      signedInAs(api, 'communication'),
      signedInAs(api, 'observer'),
      signedInAs(api, 'observer'),
      signedInAs(api, 'legal'),
      signedInAs(api, 'legal'),
    ]);
  });

  describe('search, filters and sorting tell nothing of text the reader may not read (item 3)', () => {
    /** Words that appear in one field of one incident only. */
    const words = {
      unconsentedSummary: uniqueWord('resume'),
      description: uniqueWord('interne'),
      testimony: uniqueWord('temoin'),
      consentedSummary: uniqueWord('publie'),
    };
    let unconsented: IncidentRecord;
    let consented: IncidentRecord;

    beforeAll(async () => {
      unconsented = await validate(
        'incidents',
        await createIncident(api, {
          publicSummary: `Résumé ${words.unconsentedSummary}`,
          consent: { publication: false, litigation: false, research: false },
        }),
      );
      consented = await validate(
        'incidents',
        await createIncident(api, {
          description: `Récit ${words.description}`,
          publicSummary: `Résumé ${words.consentedSummary}`,
          testimony: `Témoignage ${words.testimony}`,
          consent: { publication: true, litigation: false, research: false },
        }),
      );
    });

    async function searchCount(client: ApiClient, word: string): Promise<{ ids: string[]; total: number }> {
      const response = await client.get(`/api/incidents?q=${word}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return { ids: idsOf(response), total: totalCount(response) };
    }

    it('finds for communication no word of a public summary without publication consent, nor of a description', async () => {
      for (const word of [words.unconsentedSummary, words.description, words.testimony]) {
        expect(await searchCount(communication, word), word).toEqual({ ids: [], total: 0 });
        const map = await communication.get<{ features: unknown[] }>(`/api/incidents.geojson?q=${word}`);
        expect(map.status).toBe(200);
        expect(map.body.features).toEqual([]);
      }
    });

    it('still finds, for communication, the words of a consented public summary', async () => {
      expect(await searchCount(communication, words.consentedSummary)).toEqual({
        ids: [consented.id],
        total: 1,
      });
    });

    it('finds them for a coordinator, who reads the description and every public summary', async () => {
      expect(await searchCount(coordinator, words.unconsentedSummary)).toEqual({
        ids: [unconsented.id],
        total: 1,
      });
      expect(await searchCount(coordinator, words.description)).toEqual({ ids: [consented.id], total: 1 });
      // The testimony is restricted for everyone but admin and legal: never in the index.
      expect(await searchCount(coordinator, words.testimony)).toEqual({ ids: [], total: 0 });
    });

    it('gives communication no description: not in the record, the list, the map nor the history', async () => {
      const one = await communication.get<Record<string, unknown>>(`/api/incidents/${consented.id}`);
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty('description');
      expect(one.body).not.toHaveProperty('testimony');
      expect(one.body.publicSummary).toBe(`Résumé ${words.consentedSummary}`);
      const list = await communication.get<Record<string, unknown>[]>(
        `/api/incidents?${idFilter([consented.id, unconsented.id])}`,
      );
      expect(list.body).toHaveLength(2);
      for (const row of list.body) expect(row).not.toHaveProperty('description');
      const map = await communication.get(`/api/incidents.geojson?${idFilter([consented.id])}`);
      const history = await communication.get(`/api/incidents/${consented.id}/history`);
      expect(history.status).toBe(200);
      const text = JSON.stringify([one.body, list.body, map.body, history.body]);
      expect(text).not.toContain(words.description);
      expect(text).not.toContain(words.testimony);
      expect(text).not.toContain(words.unconsentedSummary);
      // The coordinator still reads the description.
      const forCoordinator = await coordinator.get<IncidentRecord>(`/api/incidents/${consented.id}`);
      expect(forCoordinator.body.description).toBe(`Récit ${words.description}`);
    });

    describe('files', () => {
      const originalWord = uniqueWord('original');
      let file: AttachmentRecord;

      beforeAll(async () => {
        file = await uploadOk(api, [
          { name: 'incidentId', value: consented.id },
          { name: 'consent', value: JSON.stringify({ publication: true }) },
          {
            name: 'file',
            file: fixture('exif-calais.jpg'),
            filename: `IMG_${originalWord}.jpg`,
            type: 'image/jpeg',
          },
        ]);
      });

      it('lets communication neither search, filter nor sort files by what it is not told of them', async () => {
        const listed = await communication.get(`/api/attachments?incidentId=${consented.id}`);
        expect(idsOf(listed)).toEqual([file.id]);
        const byName = await communication.get(`/api/attachments?q=${originalWord}`);
        expect(idsOf(byName)).toEqual([]);
        expect(totalCount(byName)).toBe(0);
        expectApiError(await communication.get(`/api/attachments?sha256=${file.sha256}`), 400, ['sha256']);
        expectApiError(await communication.get('/api/attachments?capturedAt_gte=2020-01-01'), 400, [
          'capturedAt_gte',
        ]);
        for (const field of ['originalName', 'sizeBytes', 'capturedAt']) {
          expectApiError(await communication.get(`/api/attachments?_sort=${field}`), 400, ['_sort']);
        }
        // The roles that read the original's name still search it.
        expect(idsOf(await coordinator.get(`/api/attachments?q=${originalWord}`))).toEqual([file.id]);
      });
    });
  });

  describe('a retried create answers only its creator (item 4)', () => {
    const cases: {
      name: string;
      path: string;
      creator: () => ApiClient;
      other: () => ApiClient;
      body: (id: string, secret: string) => Record<string, unknown>;
    }[] = [
      {
        name: 'incidents (the testimony)',
        path: '/api/incidents',
        creator: () => observer,
        other: () => otherObserver,
        body: (id, secret) => incidentInput({ id, description: 'Même récit', testimony: `Témoin ${secret}` }),
      },
      {
        name: 'incidents, probed by a coordinator',
        path: '/api/incidents',
        creator: () => observer,
        other: () => coordinator,
        body: (id, secret) => incidentInput({ id, description: 'Même récit', testimony: `Témoin ${secret}` }),
      },
      {
        name: 'observations',
        path: '/api/observations',
        creator: () => observer,
        other: () => otherObserver,
        body: (id, secret) => observationInput({ id, description: `Récit ${secret}` }),
      },
      {
        name: 'sites',
        path: '/api/sites',
        creator: () => observer,
        other: () => coordinator,
        body: (id, secret) => siteInput({ id, name: 'Même nom', notes: `Note ${secret}` }),
      },
      {
        name: 'legal cases (the confidential notes)',
        path: '/api/legal-cases',
        creator: () => legal,
        other: () => otherLegal,
        body: (id, secret) =>
          legalCaseInput({
            id,
            reference: `R-${id}`,
            title: 'Même titre',
            confidentialNotes: `Note ${secret}`,
          }),
      },
    ];

    for (const { name, path, creator, other, body } of cases) {
      it(`${name}: another user gets the same 409 for a right and a wrong guess; the creator's retry is replayed`, async () => {
        const id = randomUUID();
        const secret = uniqueWord('secret');
        const created = await creator().post<{ id: string }>(path, body(id, secret));
        expect(created.status, JSON.stringify(created.body)).toBe(201);

        const rightGuess = await other().post(path, body(id, secret));
        const wrongGuess = await other().post(path, body(id, uniqueWord('guess')));
        expectApiError(rightGuess, 409, ['id']);
        expectApiError(wrongGuess, 409, ['id']);
        expect(rightGuess.body).toEqual(wrongGuess.body);
        expect(JSON.stringify(rightGuess.body)).not.toContain(secret);

        const retried = await creator().post<{ id: string }>(path, body(id, secret));
        expect(retried.status, JSON.stringify(retried.body)).toBe(200);
        expect(retried.body.id).toBe(id);
        // Other content from the creator is still a conflict, with the same answer.
        const changed = await creator().post(path, body(id, uniqueWord('changed')));
        expectApiError(changed, 409, ['id']);
        expect(changed.body).toEqual(rightGuess.body);
      });
    }

    it('attachments (the caption): another user gets the same 409 for a right and a wrong guess', async () => {
      const observation = await createObservation(coordinator);
      const id = randomUUID();
      const secret = uniqueWord('secret');
      const parts = (caption: string) => [
        { name: 'id', value: id },
        { name: 'observationId', value: observation.id },
        { name: 'caption', value: caption },
        { name: 'file', file: fixture('exif-calais.jpg'), filename: 'photo.jpg', type: 'image/jpeg' },
      ];
      expect((await upload(observer, parts(secret))).status).toBe(201);
      const right = await upload(coordinator, parts(secret));
      const wrong = await upload(coordinator, parts(uniqueWord('guess')));
      expectApiError(right, 409, ['id']);
      expect(right.body).toEqual(wrong.body);
      expect((await upload(observer, parts(secret))).status).toBe(200);
    });

    it('legal events: another legal user gets the same 409 for a right and a wrong guess', async () => {
      const legalCase = await legal.post<{ id: string }>('/api/legal-cases', legalCaseInput());
      expect(legalCase.status).toBe(201);
      const path = `/api/legal-cases/${legalCase.body.id}/events`;
      const id = randomUUID();
      const secret = uniqueWord('secret');
      const event = (details: string) => ({
        id,
        kind: 'hearing',
        date: '2025-03-10',
        title: 'Audience',
        details,
      });
      expect((await legal.post(path, event(secret))).status).toBe(201);
      const right = await otherLegal.post(path, event(secret));
      const wrong = await otherLegal.post(path, event(uniqueWord('guess')));
      expectApiError(right, 409, ['id']);
      expect(right.body).toEqual(wrong.body);
      expect((await legal.post(path, event(secret))).status).toBe(200);
    });
  });

  describe('deleted records and links to records the reader may not read (item 5)', () => {
    let deletedObservation: ObservationRecord;
    let deletedIncident: IncidentRecord;
    let deletedSite: SiteRecord;
    let draftObservation: ObservationRecord;
    let validatedObservation: ObservationRecord;
    let linkedToDraft: IncidentRecord;
    let linkedToValidated: IncidentRecord;
    let onDeletedSite: ObservationRecord;

    beforeAll(async () => {
      deletedObservation = await validate('observations', await createObservation(api));
      deletedIncident = await validate('incidents', await createIncident(api));
      deletedSite = await createSite(api);
      onDeletedSite = await validate(
        'observations',
        await createObservation(api, { siteId: deletedSite.id }),
      );
      expect((await api.delete(`/api/observations/${deletedObservation.id}`)).status).toBe(200);
      expect((await api.delete(`/api/incidents/${deletedIncident.id}`)).status).toBe(200);
      expect((await api.delete(`/api/sites/${deletedSite.id}`)).status).toBe(200);

      draftObservation = await createObservation(api);
      validatedObservation = await validate('observations', await createObservation(api));
      linkedToDraft = await validate(
        'incidents',
        await createIncident(api, { observationId: draftObservation.id }),
      );
      linkedToValidated = await validate(
        'incidents',
        await createIncident(api, { observationId: validatedObservation.id }),
      );
    });

    it('answers communication 404 for a deleted record and its history, like a record that does not exist', async () => {
      for (const path of [
        `/api/observations/${deletedObservation.id}`,
        `/api/observations/${deletedObservation.id}/history`,
        `/api/observations/${deletedObservation.id}/duplicates`,
        `/api/incidents/${deletedIncident.id}`,
        `/api/incidents/${deletedIncident.id}/history`,
        `/api/sites/${deletedSite.id}`,
        `/api/sites/${deletedSite.id}/history`,
      ]) {
        expectApiError(await communication.get(path), 404);
      }
    });

    it('refuses communication the trash (`deleted=true` is a 400) and leaves deleted records out of lists and maps', async () => {
      for (const resource of ['observations', 'incidents', 'sites', 'attachments']) {
        expectApiError(await communication.get(`/api/${resource}?deleted=true`), 400, ['deleted']);
      }
      for (const resource of ['observations.geojson', 'incidents.geojson', 'sites.geojson']) {
        expectApiError(await communication.get(`/api/${resource}?deleted=true`), 400, ['deleted']);
      }
      const lists: [string, string][] = [
        ['observations', deletedObservation.id],
        ['incidents', deletedIncident.id],
        ['sites', deletedSite.id],
      ];
      for (const [resource, id] of lists) {
        const listed = await communication.get(`/api/${resource}?id=${id}`);
        expect(idsOf(listed), resource).toEqual([]);
        expect(totalCount(listed)).toBe(0);
      }
    });

    it('still gives the roles with a trash their deleted records', async () => {
      for (const client of [api, coordinator]) {
        expect((await client.get(`/api/incidents/${deletedIncident.id}`)).status).toBe(200);
        expect(idsOf(await client.get(`/api/incidents?id=${deletedIncident.id}&deleted=true`))).toEqual([
          deletedIncident.id,
        ]);
        expect(idsOf(await client.get(`/api/sites?id=${deletedSite.id}&deleted=true`))).toEqual([
          deletedSite.id,
        ]);
      }
    });

    it('shows communication no link to an observation it may not read, anywhere', async () => {
      const one = await communication.get<IncidentRecord>(`/api/incidents/${linkedToDraft.id}`);
      expect(one.status).toBe(200);
      expect(one.body.observationId).toBeNull();
      const list = await communication.get<IncidentRecord[]>(`/api/incidents?id=${linkedToDraft.id}`);
      expect(list.body.map((row) => row.observationId)).toEqual([null]);
      const map = await communication.get(`/api/incidents.geojson?id=${linkedToDraft.id}`);
      const history = await communication.get(`/api/incidents/${linkedToDraft.id}/history`);
      expect(history.status).toBe(200);
      expect(JSON.stringify([one.body, list.body, map.body, history.body])).not.toContain(
        draftObservation.id,
      );
      // Nor does filtering by the draft's id tell that a validated incident is linked to it.
      const filtered = await communication.get(`/api/incidents?observationId=${draftObservation.id}`);
      expect(idsOf(filtered)).toEqual([]);
      expect(totalCount(filtered)).toBe(0);
      // The coordinator, who reads drafts, sees the link.
      const forCoordinator = await coordinator.get<IncidentRecord>(`/api/incidents/${linkedToDraft.id}`);
      expect(forCoordinator.body.observationId).toBe(draftObservation.id);
      expect(idsOf(await coordinator.get(`/api/incidents?observationId=${draftObservation.id}`))).toEqual([
        linkedToDraft.id,
      ]);
    });

    it('shows communication no link to a deleted site', async () => {
      const one = await communication.get<ObservationRecord>(`/api/observations/${onDeletedSite.id}`);
      expect(one.status).toBe(200);
      expect(one.body.siteId).toBeNull();
      const map = await communication.get(`/api/observations.geojson?id=${onDeletedSite.id}`);
      expect(JSON.stringify(map.body)).not.toContain(deletedSite.id);
      const filtered = await communication.get(`/api/observations?siteId=${deletedSite.id}`);
      expect(totalCount(filtered)).toBe(0);
      const forCoordinator = await coordinator.get<ObservationRecord>(
        `/api/observations/${onDeletedSite.id}`,
      );
      expect(forCoordinator.body.siteId).toBe(deletedSite.id);
    });

    it('shows communication a link to a validated observation until that observation is deleted', async () => {
      const before = await communication.get<IncidentRecord>(`/api/incidents/${linkedToValidated.id}`);
      expect(before.body.observationId).toBe(validatedObservation.id);
      expect(
        idsOf(await communication.get(`/api/incidents?observationId=${validatedObservation.id}`)),
      ).toEqual([linkedToValidated.id]);
      const observation = await api.get<ObservationRecord>(`/api/observations/${validatedObservation.id}`);
      expect((await api.delete(`/api/observations/${observation.body.id}`)).status).toBe(200);
      const after = await communication.get<IncidentRecord>(`/api/incidents/${linkedToValidated.id}`);
      expect(after.body.observationId).toBeNull();
      const map = await communication.get<{ features: { properties: { observationId: string | null } }[] }>(
        `/api/incidents.geojson?id=${linkedToValidated.id}`,
      );
      expect(map.body.features.map((feature) => feature.properties.observationId)).toEqual([null]);
    });
  });
});
