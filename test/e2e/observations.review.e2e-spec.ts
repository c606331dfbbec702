import type { ObservationRecord } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createObservation, expectApiError, signedInAs, useApi } from '../support/e2e-api';
import type { JsonResponse } from '../support/http';

interface AuditEvent {
  action: string;
  actorId: string | null;
  entity: string;
  entityId: string | null;
  diff: Record<string, { before: unknown; after: unknown }> | null;
}

/** The review workflow of DESIGN §3 and §5: submit, validate, return with a comment. */
describe('observation review workflow', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let observer: ApiClient;
  let coordinator: ApiClient;

  beforeAll(async () => {
    observer = await signedInAs(api, 'observer');
    coordinator = await signedInAs(api, 'coordinator');
  });

  function expectRecord(response: JsonResponse, expected: Partial<ObservationRecord>): ObservationRecord {
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject(expected);
    return response.body as ObservationRecord;
  }

  async function stored(id: string): Promise<ObservationRecord> {
    const response = await api.get<ObservationRecord>(`/api/observations/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  }

  async function withStatus(status: 'draft' | 'submitted' | 'validated'): Promise<ObservationRecord> {
    const record = await createObservation(observer);
    if (status === 'draft') return record;
    const submitted = expectRecord(await observer.post(`/api/observations/${record.id}/submit`), {
      status: 'submitted',
    });
    if (status === 'submitted') return submitted;
    return expectRecord(await coordinator.post(`/api/observations/${record.id}/validate`), {
      status: 'validated',
    });
  }

  it('runs draft → submitted → returned with a comment → submitted → validated, audited', async () => {
    const created = await createObservation(observer);
    expect(created).toMatchObject({ status: 'draft', version: 1, reviewComment: null });
    const { id } = created;

    expectRecord(await observer.post(`/api/observations/${id}/submit`), {
      status: 'submitted',
      version: 2,
      updatedBy: observer.user!.id,
    });

    const comment = 'Préciser le nombre de personnes expulsées.';
    expectRecord(await coordinator.post(`/api/observations/${id}/return`, { comment }), {
      status: 'draft',
      reviewComment: comment,
      version: 3,
      updatedBy: coordinator.user!.id,
    });
    // The author sees the comment on the record.
    const returned = await observer.get<ObservationRecord>(`/api/observations/${id}`);
    expect(returned.body).toMatchObject({ status: 'draft', reviewComment: comment });

    // The author corrects it and submits again: the comment is cleared.
    expectRecord(await observer.patch(`/api/observations/${id}`, { version: 3, peopleEvicted: 41 }), {
      version: 4,
    });
    expectRecord(await observer.post(`/api/observations/${id}/submit`), {
      status: 'submitted',
      reviewComment: null,
      version: 5,
    });

    expectRecord(await coordinator.post(`/api/observations/${id}/validate`), {
      status: 'validated',
      version: 6,
      updatedBy: coordinator.user!.id,
    });
    expect(await stored(id)).toMatchObject({ status: 'validated', version: 6, peopleEvicted: 41 });

    const events = await api.get<AuditEvent[]>(`/api/audit-events?entityId=${id}&_end=100`);
    expect(events.status, JSON.stringify(events.body)).toBe(200);
    const review = events.body.filter((event) => ['submit', 'validate', 'return'].includes(event.action));
    expect(review.map((event) => event.action).sort()).toEqual(['return', 'submit', 'submit', 'validate']);
    const byAction = (action: string) => review.filter((event) => event.action === action);
    expect(byAction('return')[0]).toMatchObject({
      entity: 'observations',
      actorId: coordinator.user!.id,
      diff: {
        status: { before: 'submitted', after: 'draft' },
        reviewComment: { before: null, after: comment },
      },
    });
    expect(byAction('validate')[0]).toMatchObject({
      actorId: coordinator.user!.id,
      diff: { status: { before: 'submitted', after: 'validated' } },
    });
    expect(byAction('submit').map((event) => event.diff?.status)).toEqual([
      { before: 'draft', after: 'submitted' },
      { before: 'draft', after: 'submitted' },
    ]);
    // The second submit clears the comment of the return.
    expect(byAction('submit').map((event) => event.diff?.reviewComment)).toContainEqual({
      before: comment,
      after: null,
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

    it.each(cases)('refuses to %s an observation that is %s', async (action, status) => {
      const record = await withStatus(status);
      const before = await stored(record.id);
      const response = await api.post(
        `/api/observations/${record.id}/${action}`,
        action === 'return' ? { comment: 'Again' } : undefined,
      );
      const error = expectApiError(response, 409);
      expect(error.code).toBe('invalid_transition');
      expect(error.message).toContain(status);
      expect(await stored(record.id)).toEqual(before);
    });
  });

  it('refuses a review step on a deleted observation with 409', async () => {
    const record = await createObservation(api);
    expect((await api.delete(`/api/observations/${record.id}`)).status).toBe(200);
    const before = await stored(record.id);
    expectApiError(await api.post(`/api/observations/${record.id}/submit`), 409);
    expect(await stored(record.id)).toEqual(before);
  });

  it('answers 404 for an unknown observation', async () => {
    expectApiError(await api.post(`/api/observations/00000000-0000-4000-8000-000000000000/submit`), 404);
  });

  it.each([
    ['without a comment', {}],
    ['with an empty comment', { comment: '' }],
    ['with a comment over 20,000 characters', { comment: 'x'.repeat(20_001) }],
  ])('refuses a return %s with 400 errors.comment', async (_label, body) => {
    const record = await withStatus('submitted');
    expectApiError(await coordinator.post(`/api/observations/${record.id}/return`, body), 400, ['comment']);
    expect(await stored(record.id)).toMatchObject({ status: 'submitted', version: record.version });
  });

  it('makes a validated observation read-only for its observer author, not for a coordinator', async () => {
    const record = await withStatus('validated');
    const refused = await observer.patch(`/api/observations/${record.id}`, {
      version: record.version,
      peopleEvicted: 7,
    });
    expectApiError(refused, 403);
    expect(await stored(record.id)).toEqual(record);
    expectRecord(
      await coordinator.patch(`/api/observations/${record.id}`, {
        version: record.version,
        peopleEvicted: 7,
      }),
      { peopleEvicted: 7, version: record.version + 1, status: 'validated' },
    );
  });
});
