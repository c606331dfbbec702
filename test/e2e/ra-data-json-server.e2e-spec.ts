import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeadlineRecord, LegalCaseEventRecord, LegalEvidenceRecord } from '@vigie/domain';
import { DEADLINE_RULES } from '@vigie/domain/legal';
import jsonServerProvider from 'ra-data-json-server';
import { type DataProvider, fetchUtils, HttpError, type RaRecord, type SortPayload } from 'react-admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, uploadOk } from '../support/attachments';
import {
  type ApiClient,
  createLegalCase,
  createObservation,
  incidentInput,
  type JsonBody,
  legalCaseInput,
  observationInput,
  siteInput,
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import { testQueue } from '../support/reports';

/**
 * The API through react-admin's plain `ra-data-json-server` provider, not the console's wrapper
 * (which leaves read-only fields out of what it sends): any client speaking that dialect must be
 * able to list, read, create, update the record it read, and delete (DESIGN §5).
 */

interface WritableResource {
  resource: string;
  /** A new record, findable by `q` = word. */
  input(word: string): JsonBody;
  sort: SortPayload;
  /** A writable field and the value the update gives it. */
  change: { field: string; value: unknown };
  /** A read-only field of the GET representation, and a value it does not hold. */
  readOnly: { field: string; value: unknown };
  /** How a record reads once deleted: soft-deleted, or, for an account, deactivated. */
  deleted: JsonBody;
}

const WRITABLE: WritableResource[] = [
  {
    resource: 'observations',
    input: (word) => observationInput({ description: `Expulsion ${word}` }),
    sort: { field: 'startedAt', order: 'DESC' },
    change: { field: 'peopleEvicted', value: 55 },
    readOnly: { field: 'status', value: 'validated' },
    deleted: { deletedAt: expect.any(String) },
  },
  {
    resource: 'incidents',
    input: (word) => incidentInput({ description: `Gaz lacrymogène ${word}` }),
    sort: { field: 'occurredAt', order: 'ASC' },
    change: { field: 'victimCount', value: 7 },
    readOnly: { field: 'area', value: 'dunkerquois' },
    deleted: { deletedAt: expect.any(String) },
  },
  {
    resource: 'sites',
    input: (word) => siteInput({ name: `Site ${word}` }),
    sort: { field: 'name', order: 'ASC' },
    change: { field: 'notes', value: 'Clôturé depuis lundi' },
    readOnly: { field: 'communeCode', value: '59271' },
    deleted: { deletedAt: expect.any(String) },
  },
  {
    resource: 'legal-cases',
    input: (word) => legalCaseInput({ title: `Référé ${word}` }),
    sort: { field: 'reference', order: 'ASC' },
    change: { field: 'courtReference', value: '2500123' },
    readOnly: { field: 'createdAt', value: '2020-01-01T00:00:00.000Z' },
    deleted: { deletedAt: expect.any(String) },
  },
  {
    resource: 'users',
    input: (word) => ({
      email: `${word}-${randomUUID().slice(0, 4)}@example.org`,
      name: `Observatrice ${word}`,
      role: 'observer',
      password: 'granite lighthouse orchard 93',
    }),
    sort: { field: 'email', order: 'ASC' },
    change: { field: 'role', value: 'coordinator' },
    readOnly: { field: 'totpEnabled', value: true },
    deleted: { active: false },
  },
];

/**
 * A resource changed with `PATCH` only (DESIGN §5: a case's events, deadlines and evidence links;
 * attachments): a client sends back the record it read, through `fetchUtils.fetchJson`, as a
 * react-admin data provider's custom `update` would.
 */
interface PatchOnlyResource {
  name: string;
  /** A new record: the provider's resource name (its path under /api) and its id. */
  create(api: ApiClient): Promise<{ resource: string; id: string }>;
  change: { field: string; value: unknown };
  readOnly: { field: string; value: unknown };
}

async function postOk<T extends { id: string }>(api: ApiClient, path: string, body: JsonBody): Promise<T> {
  const response = await api.post<T>(path, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const PATCH_ONLY: PatchOnlyResource[] = [
  {
    name: "a case's events",
    create: async (api) => {
      const legalCase = await createLegalCase(api, {});
      const resource = `legal-cases/${legalCase.id}/events`;
      const event = await postOk<LegalCaseEventRecord>(api, `/api/${resource}`, {
        kind: 'hearing',
        date: '2031-03-10',
        time: '10:00',
        title: 'Audience de référé',
      });
      return { resource, id: event.id };
    },
    change: { field: 'room', value: 'Salle 2' },
    readOnly: { field: 'caseId', value: randomUUID() },
  },
  {
    name: "a case's deadlines, added by hand with a rule",
    create: async (api) => {
      const legalCase = await createLegalCase(api, {});
      const resource = `legal-cases/${legalCase.id}/deadlines`;
      const deadline = await postOk<DeadlineRecord>(api, `/api/${resource}`, {
        rule: 'echr_application',
        startsOn: '2031-01-10',
      });
      return { resource, id: deadline.id };
    },
    change: { field: 'notes', value: 'Requête à préparer avec le cabinet' },
    readOnly: { field: 'basis', value: { fr: 'Autre calcul', en: 'Another computation' } },
  },
  {
    name: "a case's computed deadlines (due date, rule and start sent back unchanged)",
    create: async (api) => {
      const legalCase = await createLegalCase(api, { procedure: 'refere_liberte', forum: 'ta_lille' });
      await postOk(api, `/api/legal-cases/${legalCase.id}/events`, {
        kind: 'decision',
        title: 'Ordonnance de référé',
        outcome: 'rejected',
        date: '2025-03-03',
        notifiedOn: '2025-03-04',
      });
      const resource = `legal-cases/${legalCase.id}/deadlines`;
      const list = await api.get<DeadlineRecord[]>(`/api/${resource}`);
      expect(list.body).toMatchObject([{ computed: true, rule: 'ce_appeal_refere_liberte' }]);
      return { resource, id: (list.body[0] as DeadlineRecord).id };
    },
    change: { field: 'status', value: 'done' },
    readOnly: { field: 'computed', value: false },
  },
  {
    name: "a case's evidence links",
    create: async (api) => {
      const legalCase = await createLegalCase(api, {});
      const resource = `legal-cases/${legalCase.id}/evidence`;
      const observation = await createObservation(api);
      const link = await postOk<LegalEvidenceRecord>(api, `/api/${resource}`, {
        observationId: observation.id,
      });
      return { resource, id: link.id };
    },
    change: { field: 'note', value: 'Pièce n° 3' },
    readOnly: { field: 'observationId', value: randomUUID() },
  },
  {
    name: 'attachments',
    create: async (api) => {
      const observation = await createObservation(api);
      const attachment = await uploadOk(api, [
        { name: 'observationId', value: observation.id },
        { name: 'file', file: fixture('exif-calais.jpg'), filename: 'IMG_ra.jpg', type: 'image/jpeg' },
      ]);
      return { resource: 'attachments', id: attachment.id };
    },
    change: { field: 'caption', value: 'Tente lacérée' },
    readOnly: { field: 'mimeType', value: 'image/png' },
  },
];

describe('the API through the plain ra-data-json-server provider', () => {
  // Files under a directory of the file's own; reports queued, never rendered here.
  const dataDir = mkdtempSync(join(tmpdir(), 'vigie-ra-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  /** Signed in as an admin, who may use every resource. */
  const api = useApi({
    env: { VIGIE_DATA_DIR: dataDir, VIGIE_REPORT_QUEUE: testQueue('ra-data'), VIGIE_REPORT_WORKER: 'false' },
  });
  let provider: DataProvider;
  // A script's session: the bearer token of a signed-in user (DESIGN §5).
  const httpClient = (url: string, options: fetchUtils.Options = {}) =>
    fetchUtils.fetchJson(url, { ...options, user: { authenticated: true, token: `Bearer ${api.token}` } });

  beforeAll(() => {
    provider = jsonServerProvider(`${api.baseUrl}/api`, httpClient);
  });

  /** The HTTP error a provider call failed with. */
  async function failure(call: Promise<unknown>): Promise<HttpError> {
    const error = await call.then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(error, 'the call should have failed').toBeInstanceOf(HttpError);
    return error as HttpError;
  }

  describe.each(WRITABLE)('$resource', (spec) => {
    const { resource } = spec;

    async function createThree(): Promise<{ word: string; records: RaRecord[] }> {
      const word = uniqueWord('rajs');
      const records: RaRecord[] = [];
      for (let index = 0; index < 3; index += 1) {
        const { data } = await provider.create(resource, { data: spec.input(word) });
        records.push(data);
      }
      return { word, records };
    }

    it('lists with a filter, a sort and a page, the total in X-Total-Count', async () => {
      const { word, records } = await createThree();

      const page1 = await provider.getList(resource, {
        filter: { q: word },
        sort: { field: 'id', order: 'ASC' },
        pagination: { page: 1, perPage: 2 },
      });
      const page2 = await provider.getList(resource, {
        filter: { q: word },
        sort: { field: 'id', order: 'ASC' },
        pagination: { page: 2, perPage: 2 },
      });
      const sorted = await provider.getList(resource, {
        filter: { q: word },
        sort: spec.sort,
        pagination: { page: 1, perPage: 10 },
      });

      const ids = records.map((record) => String(record.id)).sort();
      expect(page1.total).toBe(3);
      expect(page2.total).toBe(3);
      expect([...page1.data, ...page2.data].map((record) => record.id)).toEqual(ids);
      expect(sorted.data.map((record) => record.id).sort()).toEqual(ids);
    });

    it('reads one record and a batch (getOne, getMany)', async () => {
      const { records } = await createThree();
      const [first, second] = records as [RaRecord, RaRecord];

      const one = await provider.getOne(resource, { id: first.id });
      const many = await provider.getMany(resource, { ids: [first.id, second.id] });

      expect(one.data).toMatchObject({ id: first.id, version: 1 });
      expect(many.data.map((record) => record.id).sort()).toEqual([first.id, second.id].sort());
    });

    it('takes back the whole record it gave, with one writable field changed (update = PUT)', async () => {
      const { records } = await createThree();
      const { data: fetched } = await provider.getOne(resource, { id: (records[0] as RaRecord).id });
      const { field, value } = spec.change;

      const { data: updated } = await provider.update(resource, {
        id: fetched.id,
        data: { ...fetched, [field]: value },
        previousData: fetched,
      });

      expect(updated).toMatchObject({ id: fetched.id, [field]: value, version: fetched.version + 1 });
      const { data: stored } = await provider.getOne(resource, { id: fetched.id });
      expect(stored).toMatchObject({ [field]: value, version: fetched.version + 1 });
    });

    it('refuses a changed read-only field with a 400 naming it, and stores nothing', async () => {
      const { records } = await createThree();
      const { data: fetched } = await provider.getOne(resource, { id: (records[0] as RaRecord).id });
      const { field, value } = spec.readOnly;
      expect(fetched[field], 'the test must change the field').not.toEqual(value);

      const error = await failure(
        provider.update(resource, {
          id: fetched.id,
          data: { ...fetched, [field]: value, [spec.change.field]: spec.change.value },
          previousData: fetched,
        }),
      );

      expect(error.status).toBe(400);
      expect(error.body).toMatchObject({
        statusCode: 400,
        code: 'read_only_field',
        errors: { [field]: expect.any(String) },
      });
      expect(Object.keys(error.body.errors as object)).toEqual([field]);
      const { data: stored } = await provider.getOne(resource, { id: fetched.id });
      expect(stored).toEqual(fetched);
    });

    it('deletes one record and a batch (delete, deleteMany)', async () => {
      const { records } = await createThree();
      const [first, second, third] = records as [RaRecord, RaRecord, RaRecord];

      const one = await provider.delete(resource, { id: first.id, previousData: first });
      const many = await provider.deleteMany(resource, { ids: [second.id, third.id] });

      expect(one.data).toMatchObject({ id: first.id, ...spec.deleted });
      expect([...(many.data ?? [])].sort()).toEqual([second.id, third.id].sort());
      for (const record of [second, third]) {
        const { data } = await provider.getOne(resource, { id: record.id });
        expect(data).toMatchObject(spec.deleted);
      }
    });
  });

  it('answers a stale version with 409 even when a read-only field differs (concurrency first)', async () => {
    const { data: created } = await provider.create('observations', {
      data: observationInput({ description: `Expulsion ${uniqueWord('stale')}` }),
    });
    const { data: read } = await provider.getOne('observations', { id: created.id });
    await provider.update('observations', {
      id: read.id,
      data: { ...read, arrests: 4 },
      previousData: read,
    });

    const error = await failure(
      provider.update('observations', {
        id: read.id,
        data: { ...read, status: 'validated', arrests: 9 },
        previousData: read,
      }),
    );

    expect(error.status).toBe(409);
    expect(error.body).toMatchObject({ code: 'stale_version', current: { arrests: 4, status: 'draft' } });
  });

  describe('legal-rules (read-only; confirmed through their own routes)', () => {
    const codes = DEADLINE_RULES.map((rule) => rule.code);

    it('lists with a sort and a page, the total in X-Total-Count, each rule with its code as id', async () => {
      const page2 = await provider.getList('legal-rules', {
        filter: {},
        sort: { field: 'id', order: 'ASC' },
        pagination: { page: 2, perPage: 3 },
      });
      const written = await provider.getList('legal-rules', {
        filter: {},
        sort: { field: 'position', order: 'ASC' },
        pagination: { page: 1, perPage: 1000 },
      });

      expect(page2.total).toBe(codes.length);
      expect(page2.data.map((rule) => rule.id)).toEqual([...codes].sort().slice(3, 6));
      expect(written.data.map((rule) => rule.id)).toEqual(codes);
      for (const rule of written.data) expect(rule.id).toBe(rule.code);
    });

    it('filters by nature and by words of the title or the citation', async () => {
      const earliest = await provider.getList('legal-rules', {
        filter: { nature: 'earliest' },
        sort: { field: 'code', order: 'DESC' },
        pagination: { page: 1, perPage: 25 },
      });
      const echr = await provider.getList('legal-rules', {
        filter: { q: 'Conv. EDH' },
        sort: { field: 'id', order: 'ASC' },
        pagination: { page: 1, perPage: 25 },
      });

      const expected = DEADLINE_RULES.filter((rule) => rule.nature === 'earliest').map((rule) => rule.code);
      expect(expected.length).toBeGreaterThan(0);
      expect(earliest.total).toBe(expected.length);
      expect(earliest.data.map((rule) => rule.id)).toEqual([...expected].sort().reverse());
      expect(echr.data.map((rule) => rule.id)).toEqual(['echr_application']);
    });

    it('reads one rule and a batch (getOne, getMany); refuses writes', async () => {
      const one = await provider.getOne('legal-rules', { id: 'echr_application' });
      const many = await provider.getMany('legal-rules', { ids: ['fine_contest', 'echr_application'] });

      expect(one.data).toMatchObject({
        id: 'echr_application',
        code: 'echr_application',
        nature: 'deadline',
      });
      expect(many.data.map((rule) => rule.id).sort()).toEqual(['echr_application', 'fine_contest']);
      expect(many.data.find((rule) => rule.id === 'echr_application')).toEqual(one.data);
      expect((await failure(provider.getOne('legal-rules', { id: 'no_such_rule' }))).status).toBe(404);
      expect(
        (
          await failure(
            provider.update('legal-rules', { id: one.data.id, data: one.data, previousData: one.data }),
          )
        ).status,
      ).toBe(404);
      expect((await failure(provider.delete('legal-rules', { id: one.data.id }))).status).toBe(404);
      expect((await failure(provider.create('legal-rules', { data: { code: 'new_rule' } }))).status).toBe(
        404,
      );
    });

    it('answers an unknown sort field or filter with a 400 naming it, never ignored', async () => {
      const error = await failure(
        provider.getList('legal-rules', {
          filter: { status: 'open' },
          sort: { field: 'dueAt', order: 'ASC' },
          pagination: { page: 1, perPage: 10 },
        }),
      );

      expect(error.status).toBe(400);
      expect(Object.keys(error.body.errors as object).sort()).toEqual(['_sort', 'status']);
    });
  });

  describe.each(PATCH_ONLY)('$name (PATCH only)', (spec) => {
    /** `PATCH /api/<resource>/:id` with `body`, as a client's own `update` would send it. */
    function patch(resource: string, id: string, body: JsonBody) {
      return httpClient(`${api.baseUrl}/api/${resource}/${id}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
      });
    }

    it('takes back, by PATCH, the whole record it gave with one writable field changed', async () => {
      const { resource, id } = await spec.create(api);
      const { data: fetched } = await provider.getOne(resource, { id });
      const { field, value } = spec.change;

      const { status, json } = await patch(resource, id, { ...fetched, [field]: value });

      expect(status).toBe(200);
      expect(json).toMatchObject({ id, [field]: value, version: fetched.version + 1 });
      const { data: stored } = await provider.getOne(resource, { id });
      expect(stored).toMatchObject({ [field]: value, version: fetched.version + 1 });
    });

    it('refuses a changed read-only field with a 400 naming it, and stores nothing', async () => {
      const { resource, id } = await spec.create(api);
      const { data: fetched } = await provider.getOne(resource, { id });
      const { field, value } = spec.readOnly;
      expect(fetched[field], 'the test must change the field').not.toEqual(value);

      const error = await failure(
        patch(resource, id, { ...fetched, [field]: value, [spec.change.field]: spec.change.value }),
      );

      expect(error.status).toBe(400);
      expect(error.body).toMatchObject({ code: 'read_only_field', errors: { [field]: expect.any(String) } });
      expect(Object.keys(error.body.errors as object)).toEqual([field]);
      const { data: stored } = await provider.getOne(resource, { id });
      expect(stored).toEqual(fetched);
    });

    it("has no PUT: the plain provider's update is a 404 (DESIGN §5)", async () => {
      const { resource, id } = await spec.create(api);
      const { data: fetched } = await provider.getOne(resource, { id });

      const error = await failure(
        provider.update(resource, {
          id,
          data: { ...fetched, [spec.change.field]: spec.change.value },
          previousData: fetched,
        }),
      );

      expect(error.status).toBe(404);
      expect((await provider.getOne(resource, { id })).data).toEqual(fetched);
    });
  });

  describe('reports (publications)', () => {
    const MONTHS = [
      ['2025-01-01', '2025-01-31'],
      ['2025-02-01', '2025-02-28'],
      ['2025-03-01', '2025-03-31'],
    ] as const;

    it('creates report jobs (202), lists them with a sort and a page, reads one and a batch', async () => {
      const created: RaRecord[] = [];
      for (const [from, to] of MONTHS) {
        const { data } = await provider.create('reports', {
          data: { kind: 'monthly-note', from, to, lang: 'fr', area: 'calaisis' },
        });
        created.push(data);
      }

      const filter = { createdBy: api.user!.id, kind: 'monthly-note', area: 'calaisis' };
      const page1 = await provider.getList('reports', {
        filter,
        sort: { field: 'from', order: 'DESC' },
        pagination: { page: 1, perPage: 2 },
      });
      const page2 = await provider.getList('reports', {
        filter,
        sort: { field: 'from', order: 'DESC' },
        pagination: { page: 2, perPage: 2 },
      });
      const [first, second] = created as [RaRecord, RaRecord];
      const one = await provider.getOne('reports', { id: first.id });
      const many = await provider.getMany('reports', { ids: [first.id, second.id] });

      expect(first).toMatchObject({
        kind: 'monthly-note',
        from: '2025-01-01',
        status: 'queued',
        progress: 0,
      });
      expect(page1.total).toBe(3);
      expect(page2.total).toBe(3);
      expect([...page1.data, ...page2.data].map((report) => report.from)).toEqual([
        '2025-03-01',
        '2025-02-01',
        '2025-01-01',
      ]);
      expect(one.data).toEqual(page2.data[0]);
      expect(one.data).toMatchObject({ id: first.id, to: '2025-01-31', area: 'calaisis', lang: 'fr' });
      expect(many.data.map((report) => report.id).sort()).toEqual([first.id, second.id].sort());
    });

    it('refuses a report with an invalid period with a 400 naming the field, and stores nothing', async () => {
      const before = await provider.getList('reports', {
        filter: { createdBy: api.user!.id },
        sort: { field: 'createdAt', order: 'DESC' },
        pagination: { page: 1, perPage: 1 },
      });

      const error = await failure(
        provider.create('reports', {
          data: { kind: 'monthly-note', from: '2025-03-01', to: '2025-05-31', lang: 'fr' },
        }),
      );

      expect(error.status).toBe(400);
      expect(error.body).toMatchObject({ code: 'report_invalid', errors: { to: expect.any(String) } });
      const after = await provider.getList('reports', {
        filter: { createdBy: api.user!.id },
        sort: { field: 'createdAt', order: 'DESC' },
        pagination: { page: 1, perPage: 1 },
      });
      expect(after.total).toBe(before.total);
    });

    it('refuses to update or delete a report: a publication is never changed (404, no such route)', async () => {
      const { data: report } = await provider.create('reports', {
        data: { kind: 'press-release', from: '2025-04-01', to: '2025-04-30', lang: 'en' },
      });

      const update = await failure(
        provider.update('reports', { id: report.id, data: { ...report, lang: 'fr' }, previousData: report }),
      );
      const remove = await failure(provider.delete('reports', { id: report.id, previousData: report }));
      const removeMany = await failure(provider.deleteMany('reports', { ids: [report.id] }));

      expect([update.status, remove.status, removeMany.status]).toEqual([404, 404, 404]);
      expect((await provider.getOne('reports', { id: report.id })).data).toEqual(report);
    });
  });

  describe('read-only resources', () => {
    it('communes: lists, reads one and a batch; refuses writes', async () => {
      const list = await provider.getList('communes', {
        filter: { area: 'calaisis' },
        sort: { field: 'population', order: 'DESC' },
        pagination: { page: 1, perPage: 3 },
      });
      const one = await provider.getOne('communes', { id: '62193' });
      const many = await provider.getMany('communes', { ids: ['62193', '59183'] });

      expect(list.data).toHaveLength(3);
      expect(list.total).toBeGreaterThan(3);
      expect(list.data[0]).toMatchObject({ id: '62193', name: 'Calais' });
      expect(one.data).toMatchObject({ id: '62193', name: 'Calais', area: 'calaisis' });
      expect(many.data.map((commune) => commune.name).sort()).toEqual(['Calais', 'Dunkerque']);
      const refused = await failure(
        provider.update('communes', { id: '62193', data: one.data, previousData: one.data }),
      );
      expect(refused.status).toBe(404);
      expect((await failure(provider.delete('communes', { id: '62193' }))).status).toBe(404);
      expect((await failure(provider.create('communes', { data: { code: '99999' } }))).status).toBe(404);
    });

    it('audit events: lists, reads one and a batch; refuses writes', async () => {
      const { data: site } = await provider.create('sites', { data: siteInput() });

      const list = await provider.getList('audit-events', {
        filter: { entity: 'sites', entityId: site.id },
        sort: { field: 'id', order: 'DESC' },
        pagination: { page: 1, perPage: 5 },
      });
      const [event] = list.data as [RaRecord];
      const one = await provider.getOne('audit-events', { id: event.id });
      const many = await provider.getMany('audit-events', { ids: [event.id] });

      expect(list.total).toBe(1);
      expect(event).toMatchObject({ action: 'create', entity: 'sites', entityId: site.id });
      expect(one.data).toEqual(event);
      expect(many.data).toEqual([event]);
      expect((await failure(provider.getOne('audit-events', { id: '999999999' }))).status).toBe(404);
      expect((await failure(provider.delete('audit-events', { id: event.id }))).status).toBe(404);
      expect(
        (await failure(provider.update('audit-events', { id: event.id, data: event, previousData: event })))
          .status,
      ).toBe(404);
    });

    it('deadlines of every case: lists, reads one and a batch; changed through their case', async () => {
      const legalCase = await createLegalCase(api, {});
      const created: DeadlineRecord[] = [];
      for (const title of ['Mémoire en réplique', 'Pièces complémentaires']) {
        const response = await api.post<DeadlineRecord>(`/api/legal-cases/${legalCase.id}/deadlines`, {
          title,
          dueAt: '2031-05-20',
        });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        created.push(response.body);
      }

      const list = await provider.getList('deadlines', {
        filter: { caseId: legalCase.id, status: 'open' },
        sort: { field: 'title', order: 'ASC' },
        pagination: { page: 1, perPage: 1 },
      });
      const many = await provider.getMany('deadlines', { ids: created.map((deadline) => deadline.id) });
      const one = await provider.getOne('deadlines', { id: (created[0] as DeadlineRecord).id });

      expect(list.total).toBe(2);
      expect(list.data.map((deadline) => deadline.title)).toEqual(['Mémoire en réplique']);
      expect(many.data).toHaveLength(2);
      expect(one.data).toEqual(list.data[0]);
      expect(one.data).toEqual(created[0]);
      expect(
        (await failure(provider.delete('deadlines', { id: (created[0] as DeadlineRecord).id }))).status,
      ).toBe(404);
    });
  });
});
