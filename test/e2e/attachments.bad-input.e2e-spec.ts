import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRecord, ObservationRecord } from '@vigie/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerToPartialChunkedUpload,
  BYTES,
  filesUnder,
  fixture,
  formOf,
  type FormPart,
  interruptedUpload,
  multipartBody,
  upload,
  uploadOk,
} from '../support/attachments';
import { createObservation, expectApiError, uniqueWord, useApi } from '../support/e2e-api';

const MAX_MB = 1;
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-attachments-bad-'));
const api = useApi({ env: { VIGIE_DATA_DIR: dataDir, VIGIE_MAX_UPLOAD_MB: String(MAX_MB) } });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** What bad input must never change: the rows and the files on disk (temporary ones included). */
async function storedState(): Promise<unknown> {
  const [counts] = (await api.dataSource.query(
    `SELECT (SELECT count(*) FROM attachments)::int AS attachments,
            (SELECT count(*) FROM stored_files)::int AS stored_files,
            (SELECT count(*) FROM audit_events WHERE entity = 'attachments')::int AS audit`,
  )) as unknown[];
  return { counts, files: filesUnder(dataDir).sort() };
}

/** Polls until `check` holds (the server finishes its clean-up after the client has gone). */
async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface BadUpload {
  name: string;
  parts: (observationId: string) => FormPart[];
  status: number;
  fields?: string[];
}

const pdfPart = (bytes = BYTES.pdf(uniqueWord())): FormPart => ({
  name: 'file',
  file: bytes,
  filename: 'document.pdf',
  type: 'application/pdf',
});

const BAD_UPLOADS: BadUpload[] = [
  {
    name: 'a 0-byte file',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'file', file: Buffer.alloc(0), filename: 'empty.jpg', type: 'image/jpeg' },
    ],
    status: 400,
    fields: ['file'],
  },
  {
    name: 'a ".jpg" that is an ELF executable',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'file', file: BYTES.elf(), filename: 'photo.jpg', type: 'image/jpeg' },
    ],
    status: 415,
  },
  {
    name: 'an executable declared as a generic binary',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'file', file: BYTES.elf(), filename: 'photo.jpg', type: 'application/octet-stream' },
    ],
    status: 415,
  },
  {
    name: 'a PDF declared as a PNG',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'file', file: BYTES.pdf(), filename: 'photo.png', type: 'image/png' },
    ],
    status: 415,
    fields: ['file'],
  },
  {
    name: 'a JPEG declared as a PDF',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'file', file: fixture('exif-calais.jpg'), filename: 'scan.pdf', type: 'application/pdf' },
    ],
    status: 415,
  },
  {
    name: 'plain text (not on the allow-list)',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'file', file: BYTES.text(), filename: 'notes.txt', type: 'text/plain' },
    ],
    status: 415,
  },
  {
    name: 'a file over the size limit',
    parts: (id) => [
      { name: 'observationId', value: id },
      {
        name: 'file',
        file: Buffer.concat([BYTES.pdf(), Buffer.alloc(MAX_MB * 1024 * 1024, 0x20)]),
        filename: 'big.pdf',
        type: 'application/pdf',
      },
    ],
    status: 413,
    fields: ['file'],
  },
  {
    name: 'a body far over the limit (refused on its Content-Length)',
    parts: (id) => [
      { name: 'observationId', value: id },
      {
        name: 'file',
        file: Buffer.concat([BYTES.pdf(), Buffer.alloc(3 * MAX_MB * 1024 * 1024, 0x20)]),
        filename: 'huge.pdf',
        type: 'application/pdf',
      },
    ],
    status: 413,
  },
  {
    name: 'no file part',
    parts: (id) => [{ name: 'observationId', value: id }],
    status: 400,
    fields: ['file'],
  },
  {
    name: 'two files',
    parts: (id) => [{ name: 'observationId', value: id }, pdfPart(), pdfPart()],
    status: 400,
  },
  {
    name: 'the file in a part not named "file"',
    parts: (id) => [
      { name: 'observationId', value: id },
      { ...pdfPart(), name: 'document' },
    ],
    status: 400,
    fields: ['document'],
  },
  { name: 'no owner', parts: () => [pdfPart()], status: 400, fields: ['observationId', 'incidentId'] },
  {
    name: 'two owners',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'incidentId', value: randomUUID() },
      pdfPart(),
    ],
    status: 400,
    fields: ['observationId', 'incidentId'],
  },
  {
    name: 'a legal case (they do not exist yet)',
    parts: () => [{ name: 'legalCaseId', value: randomUUID() }, pdfPart()],
    status: 400,
    fields: ['legalCaseId'],
  },
  {
    name: 'an unknown observation',
    parts: () => [{ name: 'observationId', value: randomUUID() }, pdfPart()],
    status: 400,
    fields: ['observationId'],
  },
  {
    name: 'an unknown incident',
    parts: () => [{ name: 'incidentId', value: randomUUID() }, pdfPart()],
    status: 400,
    fields: ['incidentId'],
  },
  {
    name: 'a malformed observationId',
    parts: () => [{ name: 'observationId', value: 'obs-1' }, pdfPart()],
    status: 400,
    fields: ['observationId'],
  },
  {
    name: 'a client id that is not a UUID',
    parts: (id) => [{ name: 'observationId', value: id }, { name: 'id', value: 'my-upload' }, pdfPart()],
    status: 400,
    fields: ['id'],
  },
  {
    name: 'a caption of 501 characters',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'caption', value: 'é'.repeat(501) },
      pdfPart(),
    ],
    status: 400,
    fields: ['caption'],
  },
  {
    name: 'a caption longer than the parser takes',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'caption', value: 'x'.repeat(20_000) },
      pdfPart(),
    ],
    status: 400,
    fields: ['caption'],
  },
  {
    name: 'consent that is not JSON',
    parts: (id) => [{ name: 'observationId', value: id }, { name: 'consent', value: 'yes' }, pdfPart()],
    status: 400,
    fields: ['consent'],
  },
  {
    name: 'consent with a string flag',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'consent', value: '{"publication":"true"}' },
      pdfPart(),
    ],
    status: 400,
    fields: ['consent.publication'],
  },
  {
    name: 'consent with an unknown scope',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'consent', value: '{"press":true}' },
      pdfPart(),
    ],
    status: 400,
    fields: ['consent.press'],
  },
  {
    name: 'an unknown field',
    parts: (id) => [{ name: 'observationId', value: id }, { name: 'sha256', value: 'abc' }, pdfPart()],
    status: 400,
    fields: ['sha256'],
  },
  {
    name: 'a field given twice',
    parts: (id) => [
      { name: 'observationId', value: id },
      { name: 'caption', value: 'a' },
      { name: 'caption', value: 'b' },
      pdfPart(),
    ],
    status: 400,
    fields: ['caption'],
  },
];

describe('attachments: bad input', () => {
  let observation: ObservationRecord;

  beforeAll(async () => {
    observation = await createObservation(api);
    // One good upload first, so that "nothing changed" compares against a non-empty store.
    await uploadOk(api, [{ name: 'observationId', value: observation.id }, pdfPart()]);
  });

  describe('POST /api/attachments', () => {
    for (const bad of BAD_UPLOADS) {
      it(`refuses ${bad.name} with ${bad.status}, storing nothing`, async () => {
        const before = await storedState();
        const response = await upload(api, bad.parts(observation.id));
        expectApiError(response, bad.status, bad.fields ?? []);
        expect(await storedState()).toEqual(before);
      });
    }

    it('refuses a file on a deleted observation', async () => {
      const deleted = await createObservation(api);
      expect((await api.delete(`/api/observations/${deleted.id}`)).status).toBe(200);
      const before = await storedState();
      expectApiError(await upload(api, [{ name: 'observationId', value: deleted.id }, pdfPart()]), 400, [
        'observationId',
      ]);
      expect(await storedState()).toEqual(before);
    });

    it('answers 413 as soon as the file crosses the limit, before the body is complete', async () => {
      const before = await storedState();
      const boundary = `----vigie${uniqueWord()}`;
      const file = Buffer.concat([BYTES.pdf(), Buffer.alloc(4 * MAX_MB * 1024 * 1024, 0x41)]);
      const body = multipartBody(boundary, { observationId: observation.id }, file);
      // 1.5 × the limit sent, 2.5 × the limit still to come: the answer must not wait for it.
      const sent = Math.floor(1.5 * MAX_MB * 1024 * 1024);
      const answer = await answerToPartialChunkedUpload(api.baseUrl, api.token!, boundary, body, sent);
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
      await eventually(async () => JSON.stringify(await storedState()) === JSON.stringify(before));
      expect(await storedState()).toEqual(before);
    });

    it('refuses a multipart body on a JSON endpoint with 415', async () => {
      const response = await fetch(`${api.baseUrl}/api/observations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.token}` },
        body: formOf([{ name: 'kind', value: 'eviction' }, pdfPart()]),
      });
      expectApiError(
        { status: response.status, headers: response.headers, body: (await response.json()) as unknown },
        415,
      );
    });

    it('refuses a JSON body with 415', async () => {
      const before = await storedState();
      expectApiError(await api.post('/api/attachments', { observationId: observation.id }), 415);
      expect(await storedState()).toEqual(before);
    });

    it('leaves no temporary file and no row when the client disconnects mid-upload', async () => {
      const before = await storedState();
      const id = randomUUID();
      const boundary = `----vigie${uniqueWord()}`;
      const file = Buffer.concat([BYTES.pdf(), Buffer.alloc(512 * 1024, 0x41)]);
      const body = multipartBody(boundary, { observationId: observation.id, id }, file);
      const temporary = join(dataDir, 'tmp');
      await interruptedUpload(api.baseUrl, api.token!, boundary, body, Math.floor(body.length / 2), () =>
        // The server has started writing the half it received.
        eventually(async () => filesUnder(temporary).length > 0),
      );
      await eventually(async () => JSON.stringify(await storedState()) === JSON.stringify(before));
      expect(await storedState()).toEqual(before);
      expectApiError(await api.get(`/api/attachments/${id}`), 404);
      // The server is still fine afterwards.
      await uploadOk(api, [{ name: 'observationId', value: observation.id }, pdfPart()]);
    });
  });

  describe('other routes', () => {
    let record: AttachmentRecord;

    beforeAll(async () => {
      record = await uploadOk(api, [{ name: 'observationId', value: observation.id }, pdfPart()]);
    });

    const BAD_PATCHES: { name: string; body: unknown; fields: string[] }[] = [
      { name: 'no version', body: { caption: 'x' }, fields: ['version'] },
      {
        name: 'a caption of 501 characters',
        body: { version: 1, caption: 'x'.repeat(501) },
        fields: ['caption'],
      },
      {
        name: 'a consent flag as a string',
        body: { version: 1, consent: { publication: 'yes' } },
        fields: ['consent.publication'],
      },
      {
        name: 'a consent flag set to null (a consent is given or not)',
        body: { version: 1, consent: { publication: null } },
        fields: ['consent.publication'],
      },
      {
        name: 'an unknown consent scope',
        body: { version: 1, consent: { press: true } },
        fields: ['consent.press'],
      },
      { name: 'the hash', body: { version: 1, sha256: 'a'.repeat(64) }, fields: ['sha256'] },
      { name: 'the owner', body: { version: 1, observationId: randomUUID() }, fields: ['observationId'] },
      { name: 'another id', body: { version: 1, id: randomUUID() }, fields: ['id'] },
    ];
    for (const bad of BAD_PATCHES) {
      it(`refuses a PATCH with ${bad.name} (400)`, async () => {
        const before = await storedState();
        expectApiError(await api.patch(`/api/attachments/${record.id}`, bad.body), 400, bad.fields);
        expect(await storedState()).toEqual(before);
      });
    }

    it('refuses malformed ids and unknown list parameters with 400, unknown ids with 404', async () => {
      expectApiError(await api.get('/api/attachments/not-a-uuid'), 400);
      expectApiError(await api.get('/api/attachments/not-a-uuid/content'), 400);
      expectApiError(await api.get(`/api/attachments/${randomUUID()}/content`), 404);
      expectApiError(await api.get('/api/attachments?colour=red'), 400, ['colour']);
      expectApiError(await api.get('/api/attachments?observationId=abc'), 400, ['observationId']);
      expectApiError(await api.get('/api/attachments?_sort=sha256'), 400, ['_sort']);
      expectApiError(await api.get('/api/attachments?legalCaseId=abc'), 400, ['legalCaseId']);
    });
  });
});
