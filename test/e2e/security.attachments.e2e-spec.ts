/**
 * Issue 10 item 1, from the attacker's side: what the communication role can download of the
 * evidence files must carry none of the originals' metadata (a phone video's GPS position and
 * dates, a sound's tags, a PDF's author and XMP), and the originals themselves are refused to it.
 * Real files are made at test time with ffmpeg and pdf-lib, and the downloaded bytes are read
 * with ffprobe, pdfinfo and pdf-lib.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttachmentRecord } from '@vigie/domain';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DataSource } from 'typeorm';
import { PublicationCopies } from '../../apps/api/src/attachments/publication-copies';
import { dataSourceOptions } from '../../db/data-source';
import { ensureDebianPackages, FFMPEG, POPPLER } from '../../db/provision/index.mts';
import { setStatus } from '../support/acl';
import { startApp, type RunningApp } from '../support/app';
import { download, type FormPart, sha256Hex, upload, uploadOk } from '../support/attachments';
import { ApiClient, createObservation, expectApiError, signedInAs } from '../support/e2e-api';
import { createSessionToken, createUser } from '../support/users';

/** What the test files carry and no byte communication gets may contain. */
const SECRETS = {
  gps: '+50.9581+001.8531/',
  latitude: '50.9581',
  title: 'Campement-Dunes-Secret',
  artist: 'Observateur-Secret',
  author: 'Auteur-Secret',
  creator: 'Createur-Secret',
  xmpCreator: 'XmpCreateur-Secret',
  producer: 'Producteur-Secret',
  pageMetadata: 'PageXmp-Secret',
};
const CREATION = '2026-03-01T06:30:00';

const work = mkdtempSync(join(tmpdir(), 'vigie-metadata-'));
const dataDir = mkdtempSync(join(tmpdir(), 'vigie-metadata-data-'));
let running: RunningApp;
let dataSource: DataSource;
const api = new ApiClient();

function ffprobe(path: string): {
  format: { duration?: string; tags?: Record<string, string> };
  streams: { codec_type: string; tags?: Record<string, string> }[];
} {
  return JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path], {
      encoding: 'utf8',
    }),
  ) as ReturnType<typeof ffprobe>;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
}

/** Every tag of a media file, global and per stream, lower-cased keys → values. */
function allTags(path: string): Record<string, string> {
  const probed = ffprobe(path);
  const tags: Record<string, string> = {};
  for (const source of [probed.format.tags ?? {}, ...probed.streams.map((stream) => stream.tags ?? {})]) {
    for (const [key, value] of Object.entries(source)) tags[key.toLowerCase()] = value;
  }
  return tags;
}

/** A 1 s phone-like MP4 (H.264 + AAC) with a GPS position (`©xyz`), a title and creation times. */
function makeVideo(): Buffer {
  const path = join(work, 'VID_20260301_063000.mp4');
  ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=10'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'],
    ...['-c:v', 'libx264', '-c:a', 'aac', '-shortest'],
    ...['-metadata', `location=${SECRETS.gps}`, '-metadata', `title=${SECRETS.title}`],
    ...['-metadata', `artist=${SECRETS.artist}`, '-metadata', `creation_time=${CREATION}Z`],
    ...['-metadata:s:v:0', `creation_time=${CREATION}Z`, '-metadata:s:a:0', `creation_time=${CREATION}Z`],
    ...['-movflags', 'use_metadata_tags', path],
  ]);
  return readFileSync(path);
}

/** A 1 s MP3 with ID3 tags: artist, title, a comment holding the position, a date. */
function makeSound(): Buffer {
  const path = join(work, 'memo.mp3');
  ffmpeg([
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:duration=1', '-c:a', 'libmp3lame'],
    ...['-metadata', `artist=${SECRETS.artist}`, '-metadata', `title=${SECRETS.title}`],
    ...['-metadata', `comment=${SECRETS.gps}`, '-metadata', 'date=2026-03-01'],
    ...['-id3v2_version', '3', path],
  ]);
  return readFileSync(path);
}

const xmpPacket = (creator: string) =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:exif="http://ns.adobe.com/exif/1.0/">
<dc:creator><rdf:Seq><rdf:li>${creator}</rdf:li></rdf:Seq></dc:creator>
<exif:GPSLatitude>${SECRETS.latitude}N</exif:GPSLatitude>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;

/** A 2-page PDF with Author/Creator/Producer, an XMP stream on the catalog and one on a page. */
async function makePdf(): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.setAuthor(SECRETS.author);
  document.setCreator(SECRETS.creator);
  document.setProducer(SECRETS.producer);
  document.setTitle(SECRETS.title);
  document.setCreationDate(new Date(`${CREATION}Z`));
  const first = document.addPage([300, 200]);
  first.drawText('Arrêté préfectoral (test)', { x: 20, y: 100, size: 12 });
  document.addPage([300, 200]).drawText('Page 2', { x: 20, y: 100, size: 12 });
  const stream = (xml: string) =>
    document.context.register(
      document.context.stream(xml, { Type: 'Metadata', Subtype: 'XML', Length: Buffer.byteLength(xml) }),
    );
  document.catalog.set(PDFName.of('Metadata'), stream(xmpPacket(SECRETS.xmpCreator)));
  first.node.set(PDFName.of('Metadata'), stream(xmpPacket(SECRETS.pageMetadata)));
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

/**
 * Strings of `secrets` found in `bytes`: as Latin-1 text, as UTF-16BE, and as the hexadecimal of
 * either (PDF strings may be written in any of these).
 */
function leaked(bytes: Buffer, secrets: readonly string[]): string[] {
  const latin1 = bytes.toString('latin1');
  const lower = latin1.toLowerCase();
  return secrets.filter((secret) => {
    const utf16 = Buffer.from(secret, 'utf16le').swap16();
    return (
      latin1.includes(secret) ||
      latin1.includes(utf16.toString('latin1')) ||
      lower.includes(Buffer.from(secret, 'latin1').toString('hex')) ||
      lower.includes(utf16.toString('hex'))
    );
  });
}

const ALL_SECRETS = Object.values(SECRETS);
/** Tag names that say where, when, with what or by whom a recording was made. */
const IDENTIFYING_TAGS =
  /^(location|location-eng|com\.apple\.quicktime\..*|creation_time|date|title|artist|comment|encoder|make|model|software|author)$/;

beforeAll(async () => {
  await ensureDebianPackages([FFMPEG, POPPLER], (message) => console.log(message));
  dataSource = new DataSource({ ...dataSourceOptions(inject('databaseUrl')), logging: false });
  await dataSource.initialize();
  running = await startApp(inject('databaseUrl'), { VIGIE_DATA_DIR: dataDir });
  api.baseUrl = running.baseUrl;
  api.user = await createUser(dataSource, { role: 'admin' });
  api.token = await createSessionToken(dataSource, api.user.id);
});

afterAll(async () => {
  await running?.close();
  await dataSource?.destroy();
  rmSync(work, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

const withApi = () => Object.assign(api, { dataSource });

describe('metadata of the files communication can download (issue 10 item 1)', () => {
  const originals: Record<'video' | 'sound' | 'pdf', Buffer> = {} as never;
  const uploaded: Record<'video' | 'sound' | 'pdf', AttachmentRecord> = {} as never;
  let observationId: string;

  beforeAll(async () => {
    originals.video = makeVideo();
    originals.sound = makeSound();
    originals.pdf = await makePdf();
    const observation = await createObservation(api);
    observationId = observation.id;
    await setStatus(dataSource, observation.id, 'validated');
    const observer = await signedInAs(withApi(), 'observer');
    const coordinator = await signedInAs(withApi(), 'coordinator');
    const consent = { name: 'consent', value: '{"publication":true}' };
    const parts = (file: Buffer, filename: string, type: string): FormPart[] => [
      { name: 'observationId', value: observation.id },
      { name: 'file', file, filename, type },
      consent,
    ];
    uploaded.video = await uploadOk(observer, parts(originals.video, 'VID_20260301_063000.mp4', 'video/mp4'));
    uploaded.sound = await uploadOk(coordinator, parts(originals.sound, 'memo.mp3', 'audio/mpeg'));
    uploaded.pdf = await uploadOk(observer, parts(originals.pdf, 'plainte.pdf', 'application/pdf'));
  });

  it('starts from files that do carry the metadata', async () => {
    const videoTags = allTags(join(work, 'VID_20260301_063000.mp4'));
    expect(videoTags['location'] ?? videoTags['location-eng']).toBe(SECRETS.gps);
    expect(videoTags['creation_time']).toMatch(/^2026-03-01T06:30:00/);
    expect(leaked(originals.video, [SECRETS.gps, SECRETS.title])).toHaveLength(2);
    expect(allTags(join(work, 'memo.mp3'))).toMatchObject({ artist: SECRETS.artist, comment: SECRETS.gps });
    const pdf = await PDFDocument.load(originals.pdf, { updateMetadata: false });
    expect(pdf.getAuthor()).toBe(SECRETS.author);
    expect(pdf.catalog.get(PDFName.of('Metadata'))).toBeDefined();
    expect(leaked(originals.pdf, [SECRETS.xmpCreator, SECRETS.pageMetadata, SECRETS.author])).toHaveLength(3);
    // Each upload recorded a copy without metadata, in the same type.
    expect(uploaded.video.publication).toMatchObject({ mimeType: 'video/mp4' });
    expect(uploaded.sound.publication).toMatchObject({ mimeType: 'audio/mpeg' });
    expect(uploaded.pdf.publication).toMatchObject({ mimeType: 'application/pdf' });
  });

  it('refuses communication the original of a video, a sound and a PDF (403), whatever exists', async () => {
    const communication = await signedInAs(withApi(), 'communication');
    for (const [kind, record] of Object.entries(uploaded)) {
      const response = await communication.get(`/api/attachments/${record.id}/content`);
      expect(expectApiError(response, 403).code, kind).toBe('attachment_original_restricted');
    }
  });

  it('gives communication, in every file it can list and download, none of the metadata', async () => {
    const communication = await signedInAs(withApi(), 'communication');
    const list = await communication.get<AttachmentRecord[]>(
      `/api/attachments?observationId=${observationId}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.map((row) => row.id).sort()).toEqual(
      Object.values(uploaded)
        .map((r) => r.id)
        .sort(),
    );
    const originalDigests = Object.values(originals).map((bytes) => sha256Hex(bytes));
    let downloads = 0;
    for (const listed of list.body) {
      const one = await communication.get<AttachmentRecord>(`/api/attachments/${listed.id}`);
      for (const record of [listed, one.body]) {
        // Neither the original's name (a phone's says when), its capture data, nor its hash and size.
        for (const field of ['exifLocation', 'capturedAt', 'originalName', 'sha256', 'sizeBytes']) {
          expect(record, field).not.toHaveProperty(field);
        }
        const text = JSON.stringify(record);
        expect(leaked(Buffer.from(text), [...ALL_SECRETS, 'VID_2026'])).toEqual([]);
        for (const digest of originalDigests) expect(text).not.toContain(digest);
      }
      // Every variant the API serves: what communication gets must be clean, whatever it is.
      for (const variant of ['content', 'publication', 'thumbnail']) {
        const file = await download(communication, `/api/attachments/${listed.id}/${variant}`);
        if (file.status !== 200) {
          expect([403, 404], `${variant} of ${listed.mimeType}`).toContain(file.status);
          continue;
        }
        downloads += 1;
        expect(leaked(file.bytes, ALL_SECRETS), `${variant} of ${listed.mimeType}`).toEqual([]);
        expect(originalDigests).not.toContain(sha256Hex(file.bytes));
        expect(file.headers.get('content-disposition')).not.toContain('VID_2026');
        expect(sha256Hex(file.bytes)).toBe(listed.publication?.sha256);
      }
    }
    expect(downloads, 'one copy of each file').toBe(3);
  });

  it('gives communication a video and a sound that still play, without any identifying tag', async () => {
    const communication = await signedInAs(withApi(), 'communication');
    for (const [kind, streams] of [
      ['video', ['video', 'audio']],
      ['sound', ['audio']],
    ] as const) {
      const file = await download(communication, `/api/attachments/${uploaded[kind].id}/publication`);
      expect(file.status, kind).toBe(200);
      const path = join(work, `copy-${kind}`);
      writeFileSync(path, file.bytes);
      const probed = ffprobe(path);
      expect(probed.streams.map((stream) => stream.codec_type).sort(), kind).toEqual([...streams].sort());
      expect(Number(probed.format.duration), kind).toBeGreaterThan(0.8);
      expect(Number(probed.format.duration), kind).toBeLessThan(1.3);
      const identifying = Object.keys(allTags(path)).filter((key) => IDENTIFYING_TAGS.test(key));
      expect(identifying, `${kind}: ${JSON.stringify(allTags(path))}`).toEqual([]);
      // The encoder's own SEI (x264 settings) went with the rest.
      if (kind === 'video') expect(file.bytes.includes(Buffer.from('x264 - core'))).toBe(false);
      // Decodes to the end without an error.
      ffmpeg(['-xerror', '-i', path, '-f', 'null', '-']);
    }
  });

  it('gives communication a PDF without Info, XMP or page metadata, with all its pages', async () => {
    const communication = await signedInAs(withApi(), 'communication');
    const file = await download(communication, `/api/attachments/${uploaded.pdf.id}/publication`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    const copy = await PDFDocument.load(file.bytes, { updateMetadata: false });
    expect(copy.getPageCount()).toBe(2);
    expect(copy.context.trailerInfo.Info).toBeUndefined();
    expect(copy.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
    for (const page of copy.getPages()) expect(page.node.get(PDFName.of('Metadata'))).toBeUndefined();
    for (const [, object] of copy.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFDict ? object : 'dict' in object ? (object.dict as PDFDict) : null;
      expect(dict?.get(PDFName.of('Subtype'))?.toString()).not.toBe('/XML');
    }
    expect(copy.getAuthor()).toBeUndefined();
    expect(copy.getProducer()).toBeUndefined();
    const path = join(work, 'copy.pdf');
    writeFileSync(path, file.bytes);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/^Pages:\s+2$/m);
    expect(info).not.toMatch(/^(Author|Creator|Producer|Title|CreationDate):/m);
    expect(info).toMatch(/^Metadata Stream:\s+no$/m);
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Page 2');
  });

  it('keeps the original byte for byte for the roles that may have it', async () => {
    for (const role of ['admin', 'coordinator', 'legal'] as const) {
      const client = role === 'admin' ? api : await signedInAs(withApi(), role);
      for (const [kind, record] of Object.entries(uploaded) as [keyof typeof originals, AttachmentRecord][]) {
        const file = await download(client, `/api/attachments/${record.id}/content`);
        expect(file.status, `${role} ${kind}`).toBe(200);
        expect(sha256Hex(file.bytes), `${role} ${kind}`).toBe(sha256Hex(originals[kind]));
        expect(record.sha256).toBe(sha256Hex(originals[kind]));
      }
    }
    const full = await api.get<AttachmentRecord>(`/api/attachments/${uploaded.video.id}`);
    expect(full.body).toMatchObject({
      originalName: 'VID_20260301_063000.mp4',
      sizeBytes: originals.video.length,
    });
  });

  it('accepts a broken video from other roles but gives communication no copy, never the original', async () => {
    const coordinator = await signedInAs(withApi(), 'coordinator');
    // An MP4 cut short: the sniffer sees an MP4, ffmpeg cannot read it (no index).
    const broken = originals.video.subarray(0, 600);
    const response = await upload(coordinator, [
      { name: 'observationId', value: observationId },
      { name: 'file', file: broken, filename: 'cut.mp4', type: 'video/mp4' },
      { name: 'consent', value: '{"publication":true}' },
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.publication).toBeNull();
    const communication = await signedInAs(withApi(), 'communication');
    const copy = expectApiError(
      await communication.get(`/api/attachments/${response.body.id}/publication`),
      404,
    );
    expect(copy.message).toMatch(/no publication copy: ffprobe could not read this file/);
    expectApiError(await communication.get(`/api/attachments/${response.body.id}/content`), 403);
    // The original is kept as uploaded for the others.
    const original = await download(coordinator, `/api/attachments/${response.body.id}/content`);
    expect(sha256Hex(original.bytes)).toBe(sha256Hex(broken));
  });

  it('makes the copy of a file uploaded before copies existed, on request and by the scheduled job', async () => {
    const observer = await signedInAs(withApi(), 'observer');
    const communication = await signedInAs(withApi(), 'communication');
    const consent = { name: 'consent', value: '{"publication":true}' };
    const older = async (name: string) => {
      const record = await uploadOk(observer, [
        { name: 'observationId', value: observationId },
        { name: 'file', file: originals.video, filename: name, type: 'video/mp4' },
        consent,
      ]);
      // As a row written before this change: no copy, none tried.
      await dataSource.query(
        `UPDATE attachments SET publication_sha256 = NULL, publication_failure = NULL WHERE id = $1`,
        [record.id],
      );
      return record;
    };
    const onRequest = await older('a.mp4');
    expect(
      (await communication.get<AttachmentRecord>(`/api/attachments/${onRequest.id}`)).body.publication,
    ).toBeNull();
    const made = await download(communication, `/api/attachments/${onRequest.id}/publication`);
    expect(made.status).toBe(200);
    expect(leaked(made.bytes, ALL_SECRETS)).toEqual([]);
    expect(
      (await communication.get<AttachmentRecord>(`/api/attachments/${onRequest.id}`)).body.publication,
    ).toMatchObject({
      mimeType: 'video/mp4',
      sha256: sha256Hex(made.bytes),
    });

    const byJob = await older('b.mp4');
    await running.app.get(PublicationCopies).run();
    const listed = await communication.get<AttachmentRecord>(`/api/attachments/${byJob.id}`);
    expect(listed.body.publication).toMatchObject({ mimeType: 'video/mp4' });
  });

  it('makes the copy of a file without consent when it is given later', async () => {
    const coordinator = await signedInAs(withApi(), 'coordinator');
    const record = await uploadOk(coordinator, [
      { name: 'observationId', value: observationId },
      { name: 'file', file: originals.pdf, filename: 'later.pdf', type: 'application/pdf' },
    ]);
    expect(record.publication).toBeNull();
    const patched = await coordinator.patch<AttachmentRecord>(`/api/attachments/${record.id}`, {
      version: record.version,
      consent: { publication: true },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const communication = await signedInAs(withApi(), 'communication');
    expectApiError(await communication.get(`/api/attachments/${record.id}/content`), 403);
    const copy = await download(communication, `/api/attachments/${record.id}/publication`);
    expect(copy.status).toBe(200);
    expect(leaked(copy.bytes, ALL_SECRETS)).toEqual([]);
  });
});
