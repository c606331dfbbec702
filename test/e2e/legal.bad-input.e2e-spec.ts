import type { LegalCaseEventRecord, LegalCaseRecord } from '@vigie/domain';
import { formatParisDate } from '@vigie/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, uploadOk } from '../support/attachments';
import {
  type ApiClient,
  CALAIS_PERIMETER,
  createLegalCase,
  expectApiError,
  legalCaseInput,
  signedInAs,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

/** A ring that crosses itself: not a valid polygon. */
const BOWTIE = {
  type: 'Polygon',
  coordinates: [
    [
      [1.85, 50.94],
      [1.87, 50.96],
      [1.87, 50.94],
      [1.85, 50.96],
      [1.85, 50.94],
    ],
  ],
};

/** Around Dover harbour, 35 km across the Channel from Calais. */
const DOVER = {
  type: 'Polygon',
  coordinates: [
    [
      [1.3, 51.11],
      [1.34, 51.11],
      [1.34, 51.13],
      [1.3, 51.13],
      [1.3, 51.11],
    ],
  ],
};

/** The day after today in Paris. */
function tomorrow(): string {
  return formatParisDate(new Date(Date.now() + 86_400_000));
}

describe('legal cases: bad input is refused with a 4xx and changes nothing', () => {
  /** Signed in as an admin. */
  const api = useApi();
  let legal: ApiClient;

  beforeAll(async () => {
    legal = await signedInAs(api, 'legal');
  });

  async function countByReference(reference: string): Promise<number> {
    const [row] = (await api.dataSource.query(
      `SELECT count(*)::int AS n FROM legal_cases WHERE lower(reference) = lower($1)`,
      [reference],
    )) as { n: number }[];
    return row!.n;
  }

  /** Sends a bad create and checks that no case with its reference was stored. */
  async function refusedCreate(body: Record<string, unknown>, status: number, fields: string[]) {
    const response = await legal.post('/api/legal-cases', body);
    const error = expectApiError(response, status, fields);
    expect(await countByReference(body.reference as string)).toBe(0);
    return error;
  }

  /** Sends a bad change of `record` and checks that it is stored as it was. */
  async function refusedChange(
    record: LegalCaseRecord,
    body: Record<string, unknown>,
    status: number,
    fields: string[],
  ) {
    const before = (await legal.get<LegalCaseRecord>(`/api/legal-cases/${record.id}`)).body;
    const response = await legal.patch(`/api/legal-cases/${record.id}`, { version: before.version, ...body });
    const error = expectApiError(response, status, fields);
    expect((await legal.get(`/api/legal-cases/${record.id}`)).body).toEqual(before);
    return error;
  }

  describe('cases', () => {
    it('refuses an unknown procedure or forum, naming the codes allowed', async () => {
      const procedure = await refusedCreate(legalCaseInput({ procedure: 'duel' }), 400, ['procedure']);
      expect(procedure.errors!.procedure).toContain('refere_liberte');
      await refusedCreate(legalCaseInput({ forum: 'tribunal_des_flagrants_delires' }), 400, ['forum']);
      await refusedCreate(legalCaseInput({ status: 'won' }), 400, ['status']);
    });

    it('refuses a reference already used, whatever its letter case, even by a deleted case', async () => {
      const reference = `REF-${uniqueWord()}`;
      const first = await createLegalCase(legal, { reference });
      const response = await legal.post(
        '/api/legal-cases',
        legalCaseInput({ reference: reference.toLowerCase() }),
      );
      expectApiError(response, 409, ['reference']);
      expect(await countByReference(reference)).toBe(1);
      expect((await legal.delete(`/api/legal-cases/${first.id}`)).status).toBe(200);
      expectApiError(await legal.post('/api/legal-cases', legalCaseInput({ reference })), 409, ['reference']);
      const other = await createLegalCase(legal);
      await refusedChange(other, { reference }, 409, ['reference']);
    });

    it('refuses a perimeter that is not a valid polygon, or not a polygon at all', async () => {
      const error = await refusedCreate(legalCaseInput({ challengedAct: { perimeter: BOWTIE } }), 400, [
        'challengedAct.perimeter',
      ]);
      expect(error.message).toMatch(/Self-intersection/i);
      await refusedCreate(
        legalCaseInput({ challengedAct: { perimeter: { type: 'Point', coordinates: [1.85, 50.95] } } }),
        400,
        ['challengedAct.perimeter.type'],
      );
      const open = {
        type: 'Polygon',
        coordinates: [
          [
            [1.85, 50.94],
            [1.87, 50.96],
            [1.87, 50.94],
            [1.86, 50.95],
          ],
        ],
      };
      await refusedCreate(legalCaseInput({ challengedAct: { perimeter: open } }), 400, [
        'challengedAct.perimeter.coordinates',
      ]);
      const record = await createLegalCase(legal, { challengedAct: { perimeter: CALAIS_PERIMETER } });
      await refusedChange(record, { challengedAct: { perimeter: BOWTIE } }, 400, ['challengedAct.perimeter']);
    });

    it('refuses a perimeter outside France (Dover, across the Channel)', async () => {
      await refusedCreate(legalCaseInput({ challengedAct: { perimeter: DOVER } }), 400, [
        'challengedAct.perimeter',
      ]);
    });

    it('refuses inconsistent act dates and an outcome on an undecided case', async () => {
      await refusedCreate(
        legalCaseInput({ challengedAct: { signedOn: '2025-03-05', publishedOn: '2025-03-01' } }),
        400,
        ['challengedAct.publishedOn'],
      );
      await refusedCreate(
        legalCaseInput({ challengedAct: { validFrom: '2025-03-05', validTo: '2025-03-01' } }),
        400,
        ['challengedAct.validTo'],
      );
      await refusedCreate(legalCaseInput({ challengedAct: { signedOn: tomorrow() } }), 400, [
        'challengedAct.signedOn',
      ]);
      await refusedCreate(legalCaseInput({ challengedAct: { publishedOn: '2025-02-30' } }), 400, [
        'challengedAct.publishedOn',
      ]);
      await refusedCreate(legalCaseInput({ status: 'preparing', outcome: 'granted' }), 400, ['status']);
      const record = await createLegalCase(legal, { challengedAct: { validFrom: '2025-03-01' } });
      await refusedChange(record, { challengedAct: { validTo: '2025-02-01' } }, 400, [
        'challengedAct.validTo',
      ]);
    });

    it('refuses a parent that does not exist, is deleted, or would make a cycle of appeals', async () => {
      const [first, second] = await Promise.all([createLegalCase(legal), createLegalCase(legal)]);
      await refusedCreate(legalCaseInput({ parentCaseId: '00000000-0000-4000-8000-000000000000' }), 400, [
        'parentCaseId',
      ]);
      const appeal = await legal.patch(`/api/legal-cases/${second!.id}`, {
        version: 1,
        parentCaseId: first!.id,
      });
      expect(appeal.status, JSON.stringify(appeal.body)).toBe(200);
      // first ← second: making second the parent of first closes the loop.
      await refusedChange(first!, { parentCaseId: second!.id }, 400, ['parentCaseId']);
      await refusedChange(first!, { parentCaseId: first!.id }, 400, ['parentCaseId']);
      const deleted = await createLegalCase(legal);
      expect((await legal.delete(`/api/legal-cases/${deleted.id}`)).status).toBe(200);
      await refusedChange(first!, { parentCaseId: deleted.id }, 400, ['parentCaseId']);
    });

    it('refuses a read-only or unknown field, text over the limits and NUL characters', async () => {
      await refusedCreate(legalCaseInput({ openDeadlines: 3 }), 400, ['openDeadlines']);
      await refusedCreate(legalCaseInput({ title: 'x'.repeat(501) }), 400, ['title']);
      await refusedCreate(legalCaseInput({ confidentialNotes: 'x'.repeat(20_001) }), 400, [
        'confidentialNotes',
      ]);
      await refusedCreate(legalCaseInput({ summary: 'a\u0000b' }), 400, ['summary']);
      await refusedCreate(legalCaseInput({ challengedAct: { colour: 'red' } }), 400, [
        'challengedAct.colour',
      ]);
    });

    it("refuses as the act's text a file not attached to the case, or not a PDF", async () => {
      const record = await createLegalCase(legal);
      const other = await createLegalCase(legal);
      const image = await uploadOk(legal, [
        { name: 'legalCaseId', value: record.id },
        { name: 'file', file: fixture('exif-calais.jpg'), filename: 'arrete.jpg', type: 'image/jpeg' },
      ]);
      await refusedChange(record, { challengedAct: { documentId: image.id } }, 400, [
        'challengedAct.documentId',
      ]);
      await refusedChange(other, { challengedAct: { documentId: image.id } }, 400, [
        'challengedAct.documentId',
      ]);
    });
  });

  describe('events', () => {
    async function refusedEvent(record: LegalCaseRecord, body: Record<string, unknown>, fields: string[]) {
      const response = await legal.post(`/api/legal-cases/${record.id}/events`, {
        title: 'Évènement',
        ...body,
      });
      expectApiError(response, 400, fields);
      const stored = await legal.get<LegalCaseEventRecord[]>(`/api/legal-cases/${record.id}/events`);
      expect(stored.body).toEqual([]);
    }

    it('refuses an unknown kind, a decision or a notification in the future, and misplaced fields', async () => {
      const record = await createLegalCase(legal);
      await refusedEvent(record, { kind: 'duel', date: '2025-03-04' }, ['kind']);
      await refusedEvent(record, { kind: 'decision', date: tomorrow() }, ['date']);
      await refusedEvent(record, { kind: 'decision', date: '2025-03-04', notifiedOn: tomorrow() }, [
        'notifiedOn',
      ]);
      await refusedEvent(record, { kind: 'decision', date: '2025-03-04', notifiedOn: '2025-03-03' }, [
        'notifiedOn',
      ]);
      await refusedEvent(record, { kind: 'notification', date: tomorrow() }, ['date']);
      await refusedEvent(record, { kind: 'filing', date: '2025-03-04', time: '10:00' }, ['time']);
      await refusedEvent(record, { kind: 'hearing', date: '2025-03-04', outcome: 'granted' }, ['outcome']);
      await refusedEvent(record, { kind: 'hearing', date: '2025-03-04', time: '25:00' }, ['time']);
      expect(
        (await legal.get<unknown[]>(`/api/legal-cases/${record.id}/deadlines`)).body,
        'no deadline came of a refused event',
      ).toEqual([]);
      // A hearing may well be in the future.
      const hearing = await legal.post(`/api/legal-cases/${record.id}/events`, {
        kind: 'hearing',
        date: tomorrow(),
        time: '09:30',
        title: 'Audience',
      });
      expect(hearing.status, JSON.stringify(hearing.body)).toBe(201);
    });

    it('refuses to turn a hearing into a decision while it keeps its room', async () => {
      const record = await createLegalCase(legal);
      const hearing = await legal.post<LegalCaseEventRecord>(`/api/legal-cases/${record.id}/events`, {
        kind: 'hearing',
        date: '2025-03-04',
        room: 'Salle 3',
        title: 'Audience',
      });
      const response = await legal.patch(`/api/legal-cases/${record.id}/events/${hearing.body.id}`, {
        version: 1,
        kind: 'decision',
      });
      expectApiError(response, 400, ['room']);
      expect(
        (await legal.get<LegalCaseEventRecord>(`/api/legal-cases/${record.id}/events/${hearing.body.id}`))
          .body,
      ).toMatchObject({ kind: 'hearing', version: 1 });
    });
  });

  it('refuses any change to a deleted case, and to what hangs from it', async () => {
    const record = await createLegalCase(legal);
    expect((await legal.delete(`/api/legal-cases/${record.id}`)).status).toBe(200);
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/events`, {
        kind: 'filing',
        date: '2025-01-01',
        title: 'x',
      }),
      409,
    );
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/deadlines`, { title: 'x', dueAt: '2025-01-01' }),
      409,
    );
    expectApiError(
      await legal.post(`/api/legal-cases/${record.id}/evidence`, {
        observationId: '00000000-0000-4000-8000-000000000000',
      }),
      409,
    );
  });
});
