import type { AttachmentRecord, LegalEvidenceRecord, ObservationRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, uploadOk } from '../support/attachments';
import {
  type ApiClient,
  CALAIS_PERIMETER,
  createIncident,
  createLegalCase,
  createObservation,
  expectApiError,
  idsOf,
  signedInAs,
  totalCount,
  useApi,
} from '../support/e2e-api';

/** Points [lon, lat] inside and outside `CALAIS_PERIMETER`. */
const INSIDE = { type: 'Point', coordinates: [1.858, 50.951] };
const ALSO_INSIDE = { type: 'Point', coordinates: [1.862, 50.955] };
const OUTSIDE = { type: 'Point', coordinates: [1.9, 50.96] };

describe('legal evidence', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let legal: ApiClient;

  beforeAll(async () => {
    legal = await signedInAs(api, 'legal');
  });

  async function evidenceOf(caseId: string, query = ''): Promise<LegalEvidenceRecord[]> {
    const response = await legal.get<LegalEvidenceRecord[]>(`/api/legal-cases/${caseId}/evidence?${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  it('links an observation, an incident with litigation consent and a file, each with its summary', async () => {
    const record = await createLegalCase(legal);
    const observation = await createObservation(api);
    const incident = await createIncident(api, { consent: { litigation: true } });
    const file = await uploadOk(api, [
      { name: 'observationId', value: observation.id },
      { name: 'consent', value: JSON.stringify({ litigation: true }) },
      { name: 'file', file: fixture('exif-calais.jpg'), filename: 'expulsion.jpg', type: 'image/jpeg' },
    ]);
    for (const body of [
      { observationId: observation.id, note: 'Expulsion du 4 mars' },
      { incidentId: incident.id },
      { attachmentId: file.id },
    ]) {
      const response = await legal.post(`/api/legal-cases/${record.id}/evidence`, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }
    const linked = await evidenceOf(record.id);
    expect(linked.map((link) => link.kind).sort()).toEqual(['attachment', 'incident', 'observation']);
    expect(linked.find((link) => link.kind === 'observation')).toMatchObject({
      observationId: observation.id,
      note: 'Expulsion du 4 mars',
      summary: { at: expect.any(String), code: 'eviction', communeCode: '62193' },
      unusable: null,
    });
    expect(linked.find((link) => link.kind === 'attachment')!.summary).toMatchObject({
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      mimeType: 'image/jpeg',
      originalName: 'expulsion.jpg',
    });
  });

  it('refuses an incident without litigation consent with 409 and a message that says so', async () => {
    const record = await createLegalCase(legal);
    const incident = await createIncident(api, { consent: { litigation: false, publication: true } });
    const response = await legal.post(`/api/legal-cases/${record.id}/evidence`, { incidentId: incident.id });
    const error = expectApiError(response, 409, ['incidentId']);
    expect(error.message).toMatch(/did not agree to the use of this incident in legal proceedings/);
    expect(await evidenceOf(record.id)).toEqual([]);
  });

  it('refuses a file without litigation consent, a deleted record, an unknown one, and a second link', async () => {
    const record = await createLegalCase(legal);
    const observation = await createObservation(api);
    const file: AttachmentRecord = await uploadOk(api, [
      { name: 'observationId', value: observation.id },
      { name: 'file', file: fixture('exif-calais.jpg'), filename: 'a.jpg', type: 'image/jpeg' },
    ]);
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/evidence`, { attachmentId: file.id }),
      409,
      ['attachmentId'],
    );
    const deleted = await createObservation(api);
    expect((await api.delete(`/api/observations/${deleted.id}`)).status).toBe(200);
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/evidence`, { observationId: deleted.id }),
      400,
      ['observationId'],
    );
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/evidence`, {
        observationId: '00000000-0000-4000-8000-000000000000',
      }),
      400,
      ['observationId'],
    );
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/evidence`, {
        observationId: observation.id,
        incidentId: observation.id,
      }),
      400,
      ['observationId', 'incidentId'],
    );
    expect(
      (await legal.post(`/api/legal-cases/${record.id}/evidence`, { observationId: observation.id })).status,
    ).toBe(201);
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/evidence`, { observationId: observation.id }),
      409,
      ['observationId'],
    );
    expect((await evidenceOf(record.id)).map((link) => link.observationId)).toEqual([observation.id]);
  });

  it('marks a link unusable once the incident’s litigation consent is withdrawn', async () => {
    const record = await createLegalCase(legal);
    const incident = await createIncident(api, { consent: { litigation: true } });
    expect(
      (await legal.post(`/api/legal-cases/${record.id}/evidence`, { incidentId: incident.id })).status,
    ).toBe(201);
    const withdrawn = await api.patch(`/api/incidents/${incident.id}`, {
      version: 1,
      consent: { litigation: false },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect((await evidenceOf(record.id))[0]!.unusable).toBe('consent_withdrawn');
  });

  describe('inside the challenged act’s perimeter', () => {
    it('finds the observations inside the perimeter while the act was in force, and links them at once', async () => {
      const record = await createLegalCase(legal, {
        challengedAct: { validFrom: '2025-03-01', validTo: '2025-03-31', perimeter: CALAIS_PERIMETER },
      });
      const at = (startedAt: string, location: object) =>
        createObservation(api, { startedAt, endedAt: undefined, location });
      const inside = await at('2025-03-10T07:00:00+01:00', INSIDE);
      const lastDay = await at('2025-03-31T23:30:00+02:00', ALSO_INSIDE);
      const outsidePlace = await at('2025-03-10T07:00:00+01:00', OUTSIDE);
      const dayAfter = await at('2025-04-01T00:30:00+02:00', INSIDE);
      const before = await at('2025-02-28T23:30:00+01:00', INSIDE);
      const ids = [inside, lastDay, outsidePlace, dayAfter, before].map((o) => `id=${o.id}`).join('&');
      const found = await legal.get<ObservationRecord[]>(
        `/api/legal-cases/${record.id}/evidence/in-perimeter?${ids}`,
      );
      expect(found.status, JSON.stringify(found.body)).toBe(200);
      expect(idsOf(found).sort()).toEqual([inside.id, lastDay.id].sort());
      expect(totalCount(found)).toBe(2);

      const batch = await legal.post<{ created: LegalEvidenceRecord[]; alreadyLinked: string[] }>(
        `/api/legal-cases/${record.id}/evidence/batch`,
        { items: [{ observationId: inside.id }, { observationId: lastDay.id }], note: 'Dans le périmètre' },
      );
      expect(batch.status, JSON.stringify(batch.body)).toBe(201);
      expect(batch.body.created).toHaveLength(2);
      expect((await evidenceOf(record.id)).map((link) => link.observationId).sort()).toEqual(
        [inside.id, lastDay.id].sort(),
      );
      const again = await legal.post<{ created: unknown[]; alreadyLinked: string[] }>(
        `/api/legal-cases/${record.id}/evidence/batch`,
        { items: [{ observationId: inside.id }, { observationId: outsidePlace.id }] },
      );
      expect(again.body.created).toHaveLength(1);
      expect(again.body.alreadyLinked).toEqual([inside.id]);
    });

    it('links nothing from a batch with one refused record, and says which', async () => {
      const record = await createLegalCase(legal);
      const observation = await createObservation(api);
      const incident = await createIncident(api, { consent: { litigation: false } });
      const response = await legal.post(`/api/legal-cases/${record.id}/evidence/batch`, {
        items: [{ observationId: observation.id }, { incidentId: incident.id }],
      });
      expectApiError(response, 409);
      expect(await evidenceOf(record.id)).toEqual([]);
      expectApiError(await legal.post(`/api/legal-cases/${record.id}/evidence/batch`, { items: [{}] }), 400, [
        'items.0.observationId',
      ]);
    });

    it('answers 409 when the act has no perimeter', async () => {
      const record = await createLegalCase(legal);
      expectApiError(await legal.get(`/api/legal-cases/${record.id}/evidence/in-perimeter`), 409);
    });
  });

  it('unlinks (the record stays), and links again on restore', async () => {
    const record = await createLegalCase(legal);
    const observation = await createObservation(api);
    const link = await legal.post<LegalEvidenceRecord>(`/api/legal-cases/${record.id}/evidence`, {
      observationId: observation.id,
    });
    const path = `/api/legal-cases/${record.id}/evidence/${link.body.id}`;
    expect((await legal.delete(path)).status).toBe(200);
    expect(await evidenceOf(record.id)).toEqual([]);
    expect((await api.get(`/api/observations/${observation.id}`)).status).toBe(200);
    expect((await legal.post(`${path}/restore`)).status).toBe(200);
    expect((await evidenceOf(record.id)).map((l) => l.id)).toEqual([link.body.id]);
    const noted = await legal.patch<LegalEvidenceRecord>(path, { version: 3, note: 'Pièce n° 4' });
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    expect(noted.body.note).toBe('Pièce n° 4');
  });
});
