import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRecord, ObservationRecord } from '@vigie/domain';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setStatus } from '../support/acl';
import {
  BYTES,
  download,
  filesUnder,
  fixture,
  type FormPart,
  sha256Hex,
  upload,
  uploadOk,
} from '../support/attachments';
import {
  type ApiClient,
  createObservation,
  expectApiError,
  idsOf,
  PLACES,
  signedInAs,
  totalCount,
  uniqueWord,
  useApi,
} from '../support/e2e-api';

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-attachments-'));
const api = useApi({ env: { VIGIE_DATA_DIR: dataDir, VIGIE_MAX_UPLOAD_MB: '2' } });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const photo = (observationId: string, extra: FormPart[] = []): FormPart[] => [
  { name: 'observationId', value: observationId },
  { name: 'file', file: fixture('exif-calais.jpg'), filename: 'IMG_0042.jpg', type: 'image/jpeg' },
  ...extra,
];

const pdf = (observationId: string, bytes = BYTES.pdf(uniqueWord()), extra: FormPart[] = []): FormPart[] => [
  { name: 'observationId', value: observationId },
  { name: 'file', file: bytes, filename: 'arrêté préfectoral.pdf', type: 'application/pdf' },
  ...extra,
];

async function auditActions(id: string): Promise<string[]> {
  const rows: { action: string }[] = await api.dataSource.query(
    `SELECT action FROM audit_events WHERE entity = 'attachments' AND entity_id = $1 ORDER BY id`,
    [id],
  );
  return rows.map((row) => row.action);
}

describe('attachments', () => {
  let observation: ObservationRecord;

  beforeAll(async () => {
    observation = await createObservation(api);
  });

  describe('POST /api/attachments', () => {
    it('stores a photo with the EXIF capture time and position, sniffed type and hash', async () => {
      const bytes = fixture('exif-calais.jpg');
      const record = await uploadOk(
        api,
        photo(observation.id, [{ name: 'caption', value: 'Tentes lacérées' }]),
      );
      expect(record).toMatchObject({
        sha256: sha256Hex(bytes),
        sizeBytes: bytes.length,
        mimeType: 'image/jpeg',
        originalName: 'IMG_0042.jpg',
        caption: 'Tentes lacérées',
        consent: { publication: false, litigation: false, research: false },
        observationId: observation.id,
        incidentId: null,
        legalCaseId: null,
        createdBy: api.user!.id,
        version: 1,
        deletedAt: null,
      });
      // 07:30 at +01:00, as the camera said.
      expect(new Date(record.capturedAt!).toISOString()).toBe('2025-03-04T06:30:00.000Z');
      expect(record.exifLocation?.type).toBe('Point');
      expect(record.exifLocation?.coordinates[0]).toBeCloseTo(1.8587, 4);
      expect(record.exifLocation?.coordinates[1]).toBeCloseTo(50.95111, 4);
      expect(await auditActions(record.id)).toEqual(['create']);
    });

    it('reads a capture time without offset as Paris local time', async () => {
      const record = await uploadOk(api, [
        { name: 'observationId', value: observation.id },
        { name: 'file', file: fixture('exif-no-offset.jpg'), filename: 'summer.jpg', type: 'image/jpeg' },
      ]);
      // 10:00 in Paris in July is 08:00 UTC (summer time).
      expect(new Date(record.capturedAt!).toISOString()).toBe('2025-07-14T08:00:00.000Z');
      expect(record.exifLocation).toBeNull();
    });

    it('answers a malformed HEIC that hangs the EXIF reader, and keeps serving others meanwhile', async () => {
      const started = performance.now();
      const pending = upload(api, [
        { name: 'observationId', value: observation.id },
        { name: 'file', file: BYTES.loopingHeic(), filename: 'IMG_0001.HEIC', type: 'image/heic' },
      ]);
      // While its metadata is being read, the API answers other requests.
      const health = await api.get('/api/health');
      expect(health.status).toBe(200);
      const answer = await pending;
      expect(performance.now() - started).toBeLessThan(15_000);
      expect([201, 415], JSON.stringify(answer.body)).toContain(answer.status);
      if (answer.status === 201) expect(answer.body).toMatchObject({ capturedAt: null });
    });

    it('accepts the fields after the file part', async () => {
      const record = await uploadOk(api, [
        { name: 'file', file: BYTES.pdf(uniqueWord()), filename: 'note.pdf', type: 'application/pdf' },
        { name: 'caption', value: 'Après le fichier' },
        { name: 'observationId', value: observation.id },
        { name: 'consent', value: JSON.stringify({ publication: true }) },
      ]);
      expect(record).toMatchObject({
        mimeType: 'application/pdf',
        caption: 'Après le fichier',
        observationId: observation.id,
        consent: { publication: true, litigation: false, research: false },
        publication: null,
        thumbnail: null,
        capturedAt: null,
      });
    });

    it('stores identical bytes once: one stored_files row, one file on disk', async () => {
      const bytes = BYTES.pdf(uniqueWord('dedup'));
      const other = await createObservation(api);
      const first = await uploadOk(api, pdf(observation.id, bytes));
      const second = await uploadOk(api, pdf(other.id, bytes));
      expect(second.id).not.toBe(first.id);
      expect(second.sha256).toBe(first.sha256);
      expect(first.sha256).toBe(sha256Hex(bytes));
      const rows: unknown[] = await api.dataSource.query(`SELECT 1 FROM stored_files WHERE sha256 = $1`, [
        first.sha256,
      ]);
      expect(rows).toHaveLength(1);
      const onDisk = filesUnder(dataDir).filter((path) => path.endsWith(first.sha256));
      expect(onDisk).toEqual([join(first.sha256.slice(0, 2), first.sha256.slice(2, 4), first.sha256)]);
      expect(filesUnder(join(dataDir, 'tmp'))).toEqual([]);
    });

    it('answers a retry with the same id and content with 200 and the stored record, other content with 409', async () => {
      const id = randomUUID();
      const bytes = BYTES.pdf(uniqueWord('retry'));
      const parts = pdf(observation.id, bytes, [
        { name: 'id', value: id },
        { name: 'caption', value: 'Retry' },
      ]);
      const first = await upload(api, parts);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const again = await upload(api, parts);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toEqual(first.body);
      const changed = await upload(
        api,
        pdf(observation.id, bytes, [
          { name: 'id', value: id },
          { name: 'caption', value: 'Something else' },
        ]),
      );
      expectApiError(changed, 409, ['id']);
      const otherBytes = await upload(
        api,
        pdf(observation.id, BYTES.pdf('other'), [{ name: 'id', value: id }]),
      );
      expectApiError(otherBytes, 409, ['id']);
      expect(await auditActions(id)).toEqual(['create']);
    });

    it('attaches a file to an incident', async () => {
      const [incident] = (await api.dataSource.query(
        `INSERT INTO incidents (type, occurred_at, location, created_by)
         VALUES ('tear_gas', '2025-03-04T07:40:00+01:00', ST_SetSRID(ST_MakePoint($1, $2), 4326), $3)
         RETURNING id`,
        [...PLACES.centralCalais, api.user!.id],
      )) as { id: string }[];
      const record = await uploadOk(api, [
        { name: 'incidentId', value: incident!.id },
        { name: 'file', file: BYTES.pdf(uniqueWord()), filename: 'certificat.pdf', type: 'application/pdf' },
      ]);
      expect(record).toMatchObject({ incidentId: incident!.id, observationId: null });
      const list = await api.get(`/api/attachments?incidentId=${incident!.id}`);
      expect(idsOf(list)).toEqual([record.id]);
    });
  });

  describe('images', () => {
    it('makes a publication copy without any metadata, upright, and a thumbnail', async () => {
      const record = await uploadOk(api, photo(observation.id));
      // Stored 400×300 with orientation 6: shown (and copied) 300×400.
      expect(record.publication).toMatchObject({ mimeType: 'image/jpeg', width: 300, height: 400 });
      expect(record.thumbnail).toMatchObject({ mimeType: 'image/jpeg', width: 240, height: 320 });

      const copy = await download(api, `/api/attachments/${record.id}/publication`);
      expect(copy.status).toBe(200);
      expect(copy.headers.get('content-type')).toBe('image/jpeg');
      expect(sha256Hex(copy.bytes)).toBe(record.publication!.sha256);
      expect(
        await exifr.parse(copy.bytes, { tiff: true, exif: true, gps: true, xmp: true, iptc: true }),
      ).toBeFalsy();
      const meta = await sharp(copy.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([300, 400]);
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();

      const thumb = await download(api, `/api/attachments/${record.id}/thumbnail`);
      expect(thumb.status).toBe(200);
      expect(sha256Hex(thumb.bytes)).toBe(record.thumbnail!.sha256);
      expect((await sharp(thumb.bytes).metadata()).width).toBe(240);

      // The original keeps every byte, EXIF included.
      const original = await download(api, `/api/attachments/${record.id}/content`);
      expect(original.bytes.equals(fixture('exif-calais.jpg'))).toBe(true);
    });

    it('fits a large image within 1600×1600 for publication', async () => {
      const big = await sharp({
        create: { width: 2400, height: 1800, channels: 3, background: { r: 30, g: 90, b: 160 } },
      })
        .jpeg({ quality: 70 })
        .withExif({ IFD0: { Make: 'Vigie' }, IFD2: { DateTimeOriginal: '2025:01:02 03:04:05' } })
        .toBuffer();
      const record = await uploadOk(api, [
        { name: 'observationId', value: observation.id },
        { name: 'file', file: big, filename: 'large.jpg', type: 'image/jpeg' },
      ]);
      expect(record.publication).toMatchObject({ width: 1600, height: 1200 });
      const copy = await download(api, `/api/attachments/${record.id}/publication`);
      const meta = await sharp(copy.bytes).metadata();
      expect([meta.width, meta.height]).toEqual([1600, 1200]);
      expect(meta.exif).toBeUndefined();
    });

    it('has no publication copy for a document (404)', async () => {
      const record = await uploadOk(api, pdf(observation.id));
      expectApiError(await api.get(`/api/attachments/${record.id}/publication`), 404);
      expectApiError(await api.get(`/api/attachments/${record.id}/thumbnail`), 404);
    });
  });

  describe('GET /api/attachments/:id/content', () => {
    it('sends the original bytes with a Repr-Digest of their SHA-256 and safe headers, and audits it', async () => {
      const bytes = BYTES.pdf(uniqueWord('download'));
      const record = await uploadOk(api, pdf(observation.id, bytes));
      const before = await auditActions(record.id);
      const response = await download(api, `/api/attachments/${record.id}/content`);
      expect(response.status).toBe(200);
      expect(response.bytes.equals(bytes)).toBe(true);
      const digest = Buffer.from(sha256Hex(bytes), 'hex').toString('base64');
      expect(response.headers.get('repr-digest')).toBe(`sha-256=:${digest}:`);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-length')).toBe(String(bytes.length));
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="arrete_prefectoral.pdf"',
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      expect(await auditActions(record.id)).toEqual([...before, 'download']);
      const [event] = (await api.dataSource.query(
        `SELECT actor_id, context FROM audit_events WHERE entity_id = $1 AND action = 'download'`,
        [record.id],
      )) as { actor_id: string; context: { variant: string; sha256: string } }[];
      expect(event).toMatchObject({
        actor_id: api.user!.id,
        context: { variant: 'original', sha256: record.sha256 },
      });
    });

    it('does not audit thumbnails', async () => {
      const record = await uploadOk(api, photo(observation.id));
      expect((await download(api, `/api/attachments/${record.id}/thumbnail`)).status).toBe(200);
      expect(await auditActions(record.id)).toEqual(['create']);
    });
  });

  describe('list, update, delete', () => {
    it('lists the files of an observation with X-Total-Count', async () => {
      const own = await createObservation(api);
      const a = await uploadOk(api, pdf(own.id));
      const b = await uploadOk(api, photo(own.id));
      const response = await api.get(`/api/attachments?observationId=${own.id}&_sort=createdAt&_order=ASC`);
      expect(response.status).toBe(200);
      expect(totalCount(response)).toBe(2);
      expect(idsOf(response)).toEqual([a.id, b.id]);
    });

    it('changes caption and consent with the version, 409 on a stale one', async () => {
      const record = await uploadOk(api, pdf(observation.id));
      const patched = await api.patch<AttachmentRecord>(`/api/attachments/${record.id}`, {
        version: 1,
        caption: 'Légende',
        consent: { litigation: true },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body).toMatchObject({
        caption: 'Légende',
        consent: { publication: false, litigation: true, research: false },
        version: 2,
        sha256: record.sha256,
      });
      const stale = await api.patch(`/api/attachments/${record.id}`, { version: 1, caption: 'Autre' });
      const body = expectApiError(stale, 409, ['version']);
      expect(body.current).toMatchObject({ caption: 'Légende', version: 2 });
      expect(await auditActions(record.id)).toEqual(['create', 'update']);
    });

    it('soft-deletes (bytes kept, hidden from lists) and restores', async () => {
      const bytes = BYTES.pdf(uniqueWord('delete'));
      const record = await uploadOk(api, pdf(observation.id, bytes));
      const deleted = await api.delete<AttachmentRecord>(`/api/attachments/${record.id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body.deletedAt).not.toBeNull();
      expect(idsOf(await api.get(`/api/attachments?id=${record.id}`))).toEqual([]);
      expect(idsOf(await api.get(`/api/attachments?id=${record.id}&deleted=true`))).toEqual([record.id]);
      expect(filesUnder(dataDir).some((path) => path.endsWith(record.sha256))).toBe(true);
      expect((await download(api, `/api/attachments/${record.id}/content`)).bytes.equals(bytes)).toBe(true);
      expectApiError(await api.patch(`/api/attachments/${record.id}`, { version: 2, caption: 'x' }), 409);
      const restored = await api.post<AttachmentRecord>(`/api/attachments/${record.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ deletedAt: null, version: 3 });
      expect(await auditActions(record.id)).toEqual(['create', 'delete', 'download', 'restore']);
    });
  });

  describe('access by role', () => {
    let uploader: ApiClient;
    let privateFile: AttachmentRecord;
    let publicFile: AttachmentRecord;
    let publicDocument: AttachmentRecord;

    beforeAll(async () => {
      uploader = await signedInAs(api, 'observer');
      const validated = await createObservation(api);
      await setStatus(api.dataSource, validated.id, 'validated');
      privateFile = await uploadOk(uploader, photo(validated.id));
      publicFile = await uploadOk(
        uploader,
        photo(validated.id, [{ name: 'consent', value: '{"publication":true}' }]),
      );
      publicDocument = await uploadOk(
        uploader,
        pdf(validated.id, BYTES.pdf(uniqueWord()), [{ name: 'consent', value: '{"publication":true}' }]),
      );
    });

    it('lets the observer who uploaded a file read it', async () => {
      expect((await uploader.get(`/api/attachments/${privateFile.id}`)).status).toBe(200);
      expect((await download(uploader, `/api/attachments/${privateFile.id}/content`)).status).toBe(200);
    });

    it('hides a file from other observers (404, absent from lists)', async () => {
      const other = await signedInAs(api, 'observer');
      expectApiError(await other.get(`/api/attachments/${privateFile.id}`), 404);
      expect((await download(other, `/api/attachments/${privateFile.id}/content`)).status).toBe(404);
      const list = await other.get(`/api/attachments?observationId=${privateFile.observationId}`);
      expect(idsOf(list)).toEqual([]);
    });

    it('hides a file without publication consent from communication, even on a validated observation', async () => {
      const communication = await signedInAs(api, 'communication');
      expectApiError(await communication.get(`/api/attachments/${privateFile.id}`), 404);
      expect((await download(communication, `/api/attachments/${privateFile.id}/thumbnail`)).status).toBe(
        404,
      );
      const list = await communication.get(`/api/attachments?observationId=${privateFile.observationId}`);
      expect(idsOf(list).sort()).toEqual([publicFile.id, publicDocument.id].sort());
    });

    it('withholds where a consented photo was taken from communication, in the record and the list', async () => {
      const admin = await signedInAs(api, 'admin');
      const full = await admin.get<AttachmentRecord>(`/api/attachments/${publicFile.id}`);
      expect(full.body.exifLocation, 'the fixture carries a GPS position').not.toBeNull();
      const communication = await signedInAs(api, 'communication');
      const one = await communication.get<AttachmentRecord>(`/api/attachments/${publicFile.id}`);
      expect(one.status).toBe(200);
      expect(one.body).not.toHaveProperty('exifLocation');
      const list = await communication.get<AttachmentRecord[]>(
        `/api/attachments?observationId=${publicFile.observationId}`,
      );
      expect(list.body.map((row) => row.id)).toContain(publicFile.id);
      for (const row of list.body) expect(row).not.toHaveProperty('exifLocation');
    });

    it('gives communication the publication copy of a consented image, not its original', async () => {
      const communication = await signedInAs(api, 'communication');
      expect((await communication.get(`/api/attachments/${publicFile.id}`)).status).toBe(200);
      expect((await download(communication, `/api/attachments/${publicFile.id}/publication`)).status).toBe(
        200,
      );
      expect((await download(communication, `/api/attachments/${publicFile.id}/content`)).status).toBe(403);
      // Nor the original of a document (its author, its XMP): see security.attachments.e2e-spec.ts.
      expect((await download(communication, `/api/attachments/${publicDocument.id}/content`)).status).toBe(
        403,
      );
    });

    it('hides consented files on an observation that is not validated from communication', async () => {
      const draft = await createObservation(api);
      const file = await uploadOk(
        api,
        pdf(draft.id, undefined, [{ name: 'consent', value: '{"publication":true}' }]),
      );
      const communication = await signedInAs(api, 'communication');
      expectApiError(await communication.get(`/api/attachments/${file.id}`), 404);
    });

    it('lets coordinators and legal read every file', async () => {
      for (const role of ['coordinator', 'legal'] as const) {
        const client = await signedInAs(api, role);
        expect((await client.get(`/api/attachments/${privateFile.id}`)).status, role).toBe(200);
        expect((await download(client, `/api/attachments/${privateFile.id}/content`)).status, role).toBe(200);
      }
    });

    it('refuses researchers (403) and observers changing files (403)', async () => {
      const researcher = await signedInAs(api, 'researcher');
      expectApiError(await researcher.get(`/api/attachments/${privateFile.id}`), 403);
      expectApiError(await researcher.get(`/api/attachments`), 403);
      expect((await upload(researcher, photo(privateFile.observationId!))).status).toBe(403);
      expectApiError(
        await uploader.patch(`/api/attachments/${privateFile.id}`, { version: 1, caption: 'x' }),
        403,
      );
      expectApiError(await uploader.delete(`/api/attachments/${privateFile.id}`), 403);
      const communication = await signedInAs(api, 'communication');
      expect((await upload(communication, photo(privateFile.observationId!))).status).toBe(403);
      expect((await api.get<AttachmentRecord>(`/api/attachments/${privateFile.id}`)).body.version).toBe(1);
    });
  });
});
