import type { IncidentRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createIncident, expectApiError, signedInAs, useApi } from '../support/e2e-api';
import type { JsonResponse } from '../support/http';

interface AuditEvent {
  action: string;
  actorId: string | null;
  entity: string;
  entityId: string | null;
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

/** The review workflow of incidents: the same steps, rules and errors as observations (DESIGN §3, §5). */
describe('incident review workflow', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let observer: ApiClient;
  let coordinator: ApiClient;
  let communication: ApiClient;

  beforeAll(async () => {
    [observer, coordinator, communication] = await Promise.all([
      signedInAs(api, 'observer'),
      signedInAs(api, 'coordinator'),
      signedInAs(api, 'communication'),
    ]);
  });

  function expectRecord(response: JsonResponse, expected: Partial<IncidentRecord>): IncidentRecord {
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject(expected);
    return response.body as IncidentRecord;
  }

  async function stored(id: string): Promise<IncidentRecord> {
    const response = await api.get<IncidentRecord>(`/api/incidents/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  async function withStatus(status: 'draft' | 'submitted' | 'validated'): Promise<IncidentRecord> {
    const record = await createIncident(observer);
    if (status === 'draft') return record;
    const submitted = expectRecord(await observer.post(`/api/incidents/${record.id}/submit`), {
      status: 'submitted',
    });
    if (status === 'submitted') return submitted;
    return expectRecord(await coordinator.post(`/api/incidents/${record.id}/validate`), {
      status: 'validated',
    });
  }

  it('runs draft → submitted → returned with a comment → submitted → validated, audited', async () => {
    const created = await createIncident(observer, { testimony: 'Récit à protéger' });
    expect(created).toMatchObject({ status: 'draft', version: 1, reviewComment: null });
    const { id } = created;

    const submitted = expectRecord(await observer.post(`/api/incidents/${id}/submit`), {
      status: 'submitted',
      version: 2,
      updatedBy: observer.user!.id,
    });
    expect(submitted).not.toHaveProperty('testimony');

    const comment = 'Préciser le nombre de personnes touchées.';
    expectRecord(await coordinator.post(`/api/incidents/${id}/return`, { comment }), {
      status: 'draft',
      reviewComment: comment,
      version: 3,
      updatedBy: coordinator.user!.id,
    });
    expect((await observer.get<IncidentRecord>(`/api/incidents/${id}`)).body).toMatchObject({
      status: 'draft',
      reviewComment: comment,
    });

    expectRecord(await observer.patch(`/api/incidents/${id}`, { version: 3, victimCount: 6 }), {
      version: 4,
    });
    expectRecord(await observer.post(`/api/incidents/${id}/submit`), {
      status: 'submitted',
      reviewComment: null,
      version: 5,
    });
    expectRecord(await coordinator.post(`/api/incidents/${id}/validate`), {
      status: 'validated',
      version: 6,
      updatedBy: coordinator.user!.id,
    });
    expect(await stored(id)).toMatchObject({ status: 'validated', version: 6, victimCount: 6 });
    // Communication reads it now that it is validated.
    expect((await communication.get(`/api/incidents/${id}`)).status).toBe(200);

    const events = await api.get<AuditEvent[]>(`/api/audit-events?entityId=${id}&_end=100`);
    expect(events.status, JSON.stringify(events.body)).toBe(200);
    const review = events.body.filter((event) => ['submit', 'validate', 'return'].includes(event.action));
    expect(review.map((event) => event.action).sort()).toEqual(['return', 'submit', 'submit', 'validate']);
    expect(review.every((event) => event.entity === 'incidents')).toBe(true);
    expect(review.find((event) => event.action === 'return')).toMatchObject({
      actorId: coordinator.user!.id,
      diff: {
        status: { before: 'submitted', after: 'draft' },
        reviewComment: { before: null, after: comment },
      },
    });
    expect(review.find((event) => event.action === 'validate')).toMatchObject({
      diff: { status: { before: 'submitted', after: 'validated' } },
    });
  });

  describe('wrong transitions: 409 invalid_transition, the record unchanged', () => {
    const cases = [
      ['submit', 'submitted'],
      ['submit', 'validated'],
      ['validate', 'draft'],
      ['validate', 'validated'],
      ['return', 'draft'],
      ['return', 'validated'],
    ] as const;

    it.each(cases)('refuses to %s an incident that is %s', async (action, status) => {
      const record = await withStatus(status);
      const before = await stored(record.id);
      const response = await coordinator.post(
        `/api/incidents/${record.id}/${action}`,
        action === 'return' ? { comment: 'Again' } : undefined,
      );
      const error = expectApiError(response, 409);
      expect(error.code).toBe('invalid_transition');
      expect(error.message).toContain(status);
      expect(error.current).toMatchObject({ id: record.id, status });
      expect(await stored(record.id)).toEqual(before);
    });
  });

  it('gives a coordinator the current record of a conflict without the testimony', async () => {
    const record = await createIncident(api, { testimony: 'Récit confidentiel' });
    const error = expectApiError(await coordinator.post(`/api/incidents/${record.id}/validate`), 409);
    expect(error.current).not.toHaveProperty('testimony');
    expect(JSON.stringify(error)).not.toContain('Récit confidentiel');
  });

  it('refuses a review step on a deleted incident with 409', async () => {
    const record = await createIncident(api);
    expect((await api.delete(`/api/incidents/${record.id}`)).status).toBe(200);
    const before = await stored(record.id);
    expectApiError(await api.post(`/api/incidents/${record.id}/submit`), 409);
    expect(await stored(record.id)).toEqual(before);
  });

  it('answers 404 for an unknown incident', async () => {
    expectApiError(await api.post(`/api/incidents/00000000-0000-4000-8000-000000000000/submit`), 404);
  });

  it.each([
    ['without a comment', {}],
    ['with an empty comment', { comment: '' }],
    ['with a comment over 20,000 characters', { comment: 'x'.repeat(20_001) }],
  ])('refuses a return %s with 400 errors.comment', async (_label, body) => {
    const record = await withStatus('submitted');
    expectApiError(await coordinator.post(`/api/incidents/${record.id}/return`, body), 400, ['comment']);
    expect(await stored(record.id)).toMatchObject({ status: 'submitted', version: record.version });
  });

  it('lets an observer submit its own draft only, and never validate or return', async () => {
    const others = await createIncident(coordinator);
    expectApiError(await observer.post(`/api/incidents/${others.id}/submit`), 403);
    expect(await stored(others.id)).toMatchObject({ status: 'draft', version: 1 });
    const own = await withStatus('submitted');
    expectApiError(await observer.post(`/api/incidents/${own.id}/validate`), 403);
    expectApiError(await observer.post(`/api/incidents/${own.id}/return`, { comment: 'non' }), 403);
    expect(await stored(own.id)).toMatchObject({ status: 'submitted', version: own.version });
  });

  it('makes a validated incident read-only for its observer author, not for a coordinator', async () => {
    const record = await withStatus('validated');
    expectApiError(
      await observer.patch(`/api/incidents/${record.id}`, { version: record.version, victimCount: 7 }),
      403,
    );
    expect((await stored(record.id)).victimCount).toBe(record.victimCount);
    expectRecord(
      await coordinator.patch(`/api/incidents/${record.id}`, { version: record.version, victimCount: 7 }),
      {
        victimCount: 7,
        version: record.version + 1,
        status: 'validated',
      },
    );
  });
});
