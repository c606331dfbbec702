import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AttachmentRecord,
  DeadlineRecord,
  IncidentRecord,
  LegalCaseRecord,
  ObservationRecord,
  ReportRecord,
} from '@vigie/domain';
import { formatDate } from '@vigie/reporting';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROMIUM, ensureDebianPackages, FONTS, POPPLER, QPDF } from '../../db/provision/index.mts';
import { startApp } from '../support/app';
import { BYTES, download, fixture, sha256Hex, uploadOk } from '../support/attachments';
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
  uniqueWord,
  useApi,
} from '../support/e2e-api';
import { downloadPdf, requestReport, testQueue, waitForReport } from '../support/reports';
import { createSessionToken, createUser } from '../support/users';

/*
 * The case dossier (DESIGN §6) end to end: a legal user builds a case with its chronology, the act
 * and its perimeter, linked observations, incidents and files, and has Vigie print its dossier in
 * French and in English through the queue and the real Chromium; the PDF's text is read back with
 * pdftotext. Then who may make and read dossiers, and what a dossier request may not be.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-dossier-'));
const work = mkdtempSync(join(tmpdir(), 'vigie-dossier-pdfs-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});
const api = useApi({ env: { VIGIE_DATA_DIR: dataDir, VIGIE_REPORT_QUEUE: testQueue('dossier') } });

const MARK = uniqueWord('dossier');
/** Restricted text of the case and its incident: printed only in a dossier with restricted text. */
const SECRETS = {
  claimants: `Association ${MARK}CLAIMANTS et M. X`,
  confidentialNotes: `Stratégie ${MARK}NOTES : plaider l’urgence`,
  testimony: `Témoignage ${MARK}TESTIMONY : il a été frappé`,
};
const HEARING = `Audience de référé ${MARK}HEARING`;
const DECISION = `Ordonnance de rejet ${MARK}DECISION`;
const PUBLIC_SUMMARY = `Gaz lacrymogène au réveil ${MARK}PUBLIC`;

/** Text of the PDF in reading order (each table cell's lines together), or laid out as printed. */
function pdfText(file: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
  });
}

/** Whitespace (line breaks, no-break spaces) made single spaces, to match sentences across lines. */
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

async function reportCount(): Promise<number> {
  const [{ n }] = (await api.dataSource.query(`SELECT count(*)::int AS n FROM reports`)) as { n: number }[];
  return n;
}

async function link(client: ApiClient, caseId: string, body: Record<string, unknown>): Promise<void> {
  const response = await client.post(`/api/legal-cases/${caseId}/evidence`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function event(client: ApiClient, caseId: string, body: Record<string, unknown>): Promise<void> {
  const response = await client.post(`/api/legal-cases/${caseId}/events`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

let legal: ApiClient;
let communication: ApiClient;
let legalCase: LegalCaseRecord;
let caseFile: AttachmentRecord;
let photo: AttachmentRecord;
const uploaded: Record<string, Buffer> = {};
let observations: ObservationRecord[];
let incident: IncidentRecord;

interface Rendered {
  report: ReportRecord;
  file: string;
  text: string;
  /** Table rows on one line each. */
  layout: string;
  filename: string | null;
}
const rendered: Partial<Record<'fr' | 'en', Rendered>> = {};
const get = (lang: 'fr' | 'en') => rendered[lang]!;

beforeAll(async () => {
  await ensureDebianPackages([CHROMIUM, FONTS, POPPLER, QPDF], (message) => console.log(message));
  legal = await signedInAs(api, 'legal');
  communication = await signedInAs(api, 'communication');

  // The case and its chronology, as the legal team records them.
  legalCase = await createLegalCase(legal, {
    courtReference: 'n° 2501234',
    claimants: SECRETS.claimants,
    respondents: 'Préfet du Pas-de-Calais',
    lawyer: 'Me Dupont',
    summary: 'Expulsions répétées du campement malgré l’hiver.',
    publicSummary: 'Un référé contre les expulsions du campement.',
    confidentialNotes: SECRETS.confidentialNotes,
    challengedAct: {
      reference: 'n° 2025-104',
      title: `Arrêté portant interdiction de distribution ${MARK}ACT`,
      authority: 'Préfet du Pas-de-Calais',
      signedOn: '2025-03-01',
      publishedOn: '2025-03-03',
      validFrom: '2025-03-04',
      validTo: '2025-04-30',
      perimeter: CALAIS_PERIMETER,
    },
  });
  await event(legal, legalCase.id, {
    kind: 'hearing',
    date: '2025-03-10',
    time: '14:30',
    title: HEARING,
    room: 'Salle 2',
    judge: 'Mme la juge des référés',
  });
  // A decision notified on 14 March: the appeal deadline (CJA L. 523-1) is computed from it.
  await event(legal, legalCase.id, {
    kind: 'decision',
    date: '2025-03-12',
    title: DECISION,
    outcome: 'rejected',
    notifiedOn: '2025-03-14',
  });

  // The records the case relies on: evictions and an incident inside the act's perimeter.
  observations = [
    await createObservation(api, { startedAt: '2025-03-05T07:30:00+01:00', endedAt: undefined }),
    await createObservation(api, { startedAt: '2025-03-06T08:15:00+01:00', endedAt: undefined }),
    await createObservation(api, { startedAt: '2025-03-07T08:15:00+01:00', endedAt: undefined }),
  ];
  incident = await createIncident(api, {
    occurredAt: '2025-03-05T07:45:00+01:00',
    publicSummary: PUBLIC_SUMMARY,
    testimony: SECRETS.testimony,
    consent: { publication: true, litigation: true, research: false },
  });
  const withdrawn = await createIncident(api, {
    publicSummary: `${MARK}WITHDRAWN`,
    consent: { publication: true, litigation: true, research: false },
  });

  // The act's text, uploaded to the case, and a photo linked as evidence, downloaded once since.
  uploaded.caseFile = BYTES.pdf(`Arrêté ${MARK}`);
  caseFile = await uploadOk(legal, [
    { name: 'legalCaseId', value: legalCase.id },
    { name: 'file', file: uploaded.caseFile, filename: 'arrete-2025-104.pdf', type: 'application/pdf' },
  ]);
  const patched = await legal.patch<LegalCaseRecord>(`/api/legal-cases/${legalCase.id}`, {
    version: (await legal.get<LegalCaseRecord>(`/api/legal-cases/${legalCase.id}`)).body.version,
    challengedAct: { documentId: caseFile.id },
  });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  uploaded.photo = fixture('exif-calais.jpg');
  photo = await uploadOk(legal, [
    { name: 'observationId', value: observations[0]!.id },
    { name: 'consent', value: JSON.stringify({ publication: false, litigation: true, research: false }) },
    { name: 'file', file: uploaded.photo, filename: 'photo-campement.jpg', type: 'image/jpeg' },
  ]);
  expect((await download(legal, `/api/attachments/${photo.id}/content`)).status).toBe(200);

  for (const observation of observations) await link(legal, legalCase.id, { observationId: observation.id });
  await link(legal, legalCase.id, { incidentId: incident.id, note: 'Témoin direct' });
  await link(legal, legalCase.id, { incidentId: withdrawn.id });
  await link(legal, legalCase.id, { attachmentId: photo.id });
  // Since linked: one observation deleted, one incident's litigation consent withdrawn.
  expect((await api.delete(`/api/observations/${observations[2]!.id}`)).status).toBe(200);
  const withdrawal = await api.patch(`/api/incidents/${withdrawn.id}`, {
    version: withdrawn.version,
    consent: { publication: true, litigation: false, research: false },
  });
  expect(withdrawal.status, JSON.stringify(withdrawal.body)).toBe(200);

  // The dossier in French without restricted text, in English with it.
  for (const [lang, includeRestricted] of [
    ['fr', false],
    ['en', true],
  ] as const) {
    const queued = await requestReport(legal, {
      kind: 'case-dossier',
      caseId: legalCase.id,
      lang,
      includeRestricted,
      from: undefined,
      to: undefined,
    });
    expect(queued).toMatchObject({
      kind: 'case-dossier',
      caseId: legalCase.id,
      includeRestricted,
      from: null,
      to: null,
      area: null,
      lang,
      status: 'queued',
    });
    const { report } = await waitForReport(legal, queued.id);
    expect(report.status, report.error ?? '').toBe('done');
    const file = join(work, `dossier-${lang}.pdf`);
    writeFileSync(file, await downloadPdf(legal, report));
    const response = await fetch(`${legal.baseUrl}/api/reports/${report.id}/pdf`, {
      headers: { authorization: `Bearer ${legal.token}` },
    });
    await response.arrayBuffer();
    rendered[lang] = {
      report,
      file,
      text: pdfText(file),
      layout: pdfText(file, true),
      filename: response.headers.get('content-disposition'),
    };
  }
}, 240_000);

describe('reports: case dossiers', () => {
  describe.each(['fr', 'en'] as const)('the dossier in %s', (lang) => {
    it('is a valid PDF (qpdf --check) named after the case, marked confidential', () => {
      const { file, text, filename, report } = get(lang);
      execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(report.pageCount).toBeGreaterThanOrEqual(4);
      expect(filename).toBe(`attachment; filename="vigie-case-dossier-${legalCase.reference}-${lang}.pdf"`);
      const words = flat(text);
      // On the cover (in capitals) and in every page's footer.
      expect(words).toContain(lang === 'fr' ? 'CONFIDENTIEL — USAGE INTERNE' : 'CONFIDENTIAL — INTERNAL USE');
      expect(
        words.split(lang === 'fr' ? 'Confidentiel, usage interne' : 'Confidential, internal use').length - 1,
      ).toBe(report.pageCount);
      expect(words).toContain(legalCase.title);
      expect(words).toContain(legalCase.reference);
      expect(words).toContain('n° 2501234');
      expect(words).toContain(`${MARK}ACT`);
    });

    it('prints every exhibit’s SHA-256 as stored, and no other digest but the audit head', async () => {
      const { text, report } = get(lang);
      const printed = [...new Set(text.match(/\b[0-9a-f]{64}\b/g))];
      const stored = await Promise.all(
        [caseFile, photo].map(async (attachment) => {
          const response = await legal.get<AttachmentRecord>(`/api/attachments/${attachment.id}`);
          expect(response.status).toBe(200);
          return response.body;
        }),
      );
      expect(stored.map((attachment) => attachment.sha256)).toEqual([
        sha256Hex(uploaded.caseFile!),
        sha256Hex(uploaded.photo!),
      ]);
      const figures = report.figures as {
        exhibits: { id: string; sha256: string }[];
        auditHead: { ok: boolean; count: number; headHash: string };
        counts: Record<string, number>;
        case: { id: string; reference: string };
      };
      for (const attachment of stored) expect(printed).toContain(attachment.sha256);
      expect(figures.auditHead).toMatchObject({
        ok: true,
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect([...printed].sort()).toEqual(
        [...stored.map((attachment) => attachment.sha256), figures.auditHead.headHash].sort(),
      );
      expect(figures.exhibits).toEqual(stored.map(({ id, sha256 }) => ({ id, sha256 })));
      expect(figures.case).toEqual({ id: legalCase.id, reference: legalCase.reference });
      expect(figures.counts).toEqual({ events: 2, deadlines: 1, observations: 2, incidents: 1, exhibits: 2 });
      // Each digest is printed under its own file's name.
      const words = flat(text);
      expect(words.indexOf('arrete-2025-104.pdf')).toBeLessThan(words.indexOf(stored[0]!.sha256));
      expect(words.indexOf(stored[0]!.sha256)).toBeLessThan(words.indexOf('photo-campement.jpg'));
      expect(words.indexOf('photo-campement.jpg')).toBeLessThan(words.indexOf(stored[1]!.sha256));
    });

    it('prints the custody of each exhibit: the upload and the download, with who and when', () => {
      const [upload, downloaded, original] =
        lang === 'fr'
          ? ['Dépôt', 'Téléchargement', 'fichier original']
          : ['Upload', 'Download', 'original file'];
      const name = legal.user!.name;
      // A custody row: when (Paris time), the action, who, details.
      const rows = get(lang)
        .layout.split('\n')
        .map((line) => flat(line).trim())
        .filter((line) => /^\d{1,2} \S+ \d{4} (à|at) \d\d:\d\d /.test(line));
      const when = /^\d{1,2} \S+ \d{4} (à|at) \d\d:\d\d/.source;
      expect(rows.filter((row) => new RegExp(`${when} ${upload} ${name}$`).test(row))).toHaveLength(2);
      expect(
        rows.filter((row) => new RegExp(`${when} ${downloaded} ${name} ${original}$`).test(row)),
      ).toHaveLength(1);
    });

    it('prints the chronology, the deadline and its unconfirmed rule, the act and the linked records', async () => {
      const words = flat(get(lang).text);
      for (const text of [HEARING, DECISION, 'Salle 2', 'Mme la juge des référés', PUBLIC_SUMMARY]) {
        expect(words).toContain(text);
      }
      const deadlines = await legal.get<DeadlineRecord[]>(`/api/legal-cases/${legalCase.id}/deadlines`);
      expect(deadlines.body).toHaveLength(1);
      const deadline = deadlines.body[0]!;
      expect(words).toContain(formatDate(deadline.dueAt, lang));
      // The basis as stored, in the dossier's language (a hyphen at a line's end is lost to pdftotext).
      const unhyphenated = (text: string) => text.replace(/-/g, '');
      expect(unhyphenated(words)).toContain(unhyphenated(flat(deadline.basis![lang])));
      if (lang === 'fr') {
        expect(words).toContain('Notifiée le 14 mars 2025.');
        expect(words).toContain('Appel devant le Conseil d’État contre l’ordonnance de référé-liberté');
        expect(words).toContain('Règle à confirmer par l’équipe juridique.');
        expect(words).toContain('du 4 mars 2025 au 30 avril 2025');
        expect(words).toContain('1 enregistrement lié n’apparaît pas dans ce dossier : il a été supprimé.');
        expect(words).toContain(
          '1 enregistrement lié n’apparaît pas dans ce dossier : le consentement à son usage contentieux a été retiré depuis le lien.',
        );
      } else {
        expect(words).toContain('Notified on 14 March 2025.');
        expect(words).toContain('Appeal to the Conseil d’État against the référé-liberté order');
        expect(words).toContain('Rule to be confirmed by the legal team.');
        expect(words).toContain('1 linked record is left out of this dossier: it was deleted.');
      }
      // The chronology in date order; the deleted observation and the withdrawn incident left out.
      expect(words.indexOf(HEARING)).toBeLessThan(words.indexOf(DECISION));
      expect(words).not.toContain(`${MARK}WITHDRAWN`);
      expect(words).toContain(lang === 'fr' ? '5 mars 2025 à 07:30' : '5 March 2025 at 07:30');
      expect(words).toContain(lang === 'fr' ? '6 mars 2025 à 08:15' : '6 March 2025 at 08:15');
      expect(words).not.toContain(lang === 'fr' ? '7 mars 2025 à 08:15' : '7 March 2025 at 08:15');
    });

    it('prints the verification page: standard tools, the dossier’s recorded digest, the audit head', () => {
      const { text, report } = get(lang);
      const words = flat(text);
      for (const command of [
        'sha256sum',
        'shasum -a 256',
        'certutil -hashfile',
        'Get-FileHash -Algorithm SHA256',
        `GET /api/reports/${report.id}`,
      ]) {
        expect(words).toContain(command);
      }
    });
  });

  it('prints restricted text only in the dossier that asked for it, and never stores it in the figures', () => {
    const without = flat(get('fr').text);
    const withText = flat(get('en').text);
    for (const secret of Object.values(SECRETS)) {
      expect(without).not.toContain(secret);
      expect(withText).toContain(secret);
    }
    expect(without).toContain('Texte restreint : non inclus dans ce dossier.');
    for (const { report } of [get('fr'), get('en')]) {
      expect(JSON.stringify(report.figures)).not.toMatch(new RegExp(`${MARK}(CLAIMANTS|NOTES|TESTIMONY)`));
    }
  });

  it('lists a case’s dossiers for the legal team with ?kind=case-dossier&caseId=…', async () => {
    const list = await legal.get<ReportRecord[]>(`/api/reports?kind=case-dossier&caseId=${legalCase.id}`);
    expect(list.status).toBe(200);
    expect(totalCount(list)).toBe(2);
    expect(idsOf(list).sort()).toEqual([get('fr').report.id, get('en').report.id].sort());
    expectApiError(await legal.get('/api/reports?caseId=not-a-uuid'), 400, ['caseId']);
  });

  describe('who may make and read dossiers', () => {
    it('refuses a dossier to communication (403) and hides every dossier from it: lists, counts, records, PDFs', async () => {
      const before = await reportCount();
      expectApiError(
        await communication.post('/api/reports', { kind: 'case-dossier', caseId: legalCase.id, lang: 'fr' }),
        403,
      );
      expect(await reportCount()).toBe(before);
      const dossiers = await communication.get<ReportRecord[]>(
        `/api/reports?kind=case-dossier&caseId=${legalCase.id}`,
      );
      expect(dossiers.body).toEqual([]);
      expect(totalCount(dossiers)).toBe(0);
      const all = await communication.get<ReportRecord[]>('/api/reports?_start=0&_end=1000');
      const [{ n }] = (await api.dataSource.query(
        `SELECT count(*)::int AS n FROM reports WHERE kind <> 'case-dossier'`,
      )) as { n: number }[];
      expect(totalCount(all)).toBe(n);
      expect(all.body.every((report) => report.kind !== 'case-dossier')).toBe(true);
      for (const { report } of [get('fr'), get('en')]) {
        expectApiError(await communication.get(`/api/reports/${report.id}`), 404);
        expectApiError(await communication.get(`/api/reports/${report.id}/pdf`), 404);
        expectApiError(await communication.post(`/api/reports/${report.id}/retry`), 404);
      }
      expectApiError(
        await communication.get(`/api/reports/preview?kind=case-dossier&caseId=${legalCase.id}&lang=fr`),
        403,
      );
    });

    it('refuses a periodic publication to the legal team (403): dossiers only', async () => {
      const before = await reportCount();
      expectApiError(
        await legal.post('/api/reports', {
          kind: 'monthly-note',
          from: '2025-03-01',
          to: '2025-03-31',
          lang: 'fr',
        }),
        403,
      );
      expect(await reportCount()).toBe(before);
    });

    it('previews a dossier for the legal team: the same HTML, restricted text only when asked', async () => {
      const preview = async (restricted: boolean) => {
        const response = await fetch(
          `${legal.baseUrl}/api/reports/preview?kind=case-dossier&caseId=${legalCase.id}&lang=fr&includeRestricted=${restricted}`,
          { headers: { authorization: `Bearer ${legal.token}` } },
        );
        expect(response.status).toBe(200);
        return response.text();
      };
      expect(await preview(false)).not.toContain(`${MARK}NOTES`);
      expect(await preview(true)).toContain(`${MARK}NOTES`);
    });

    it('fails, with no PDF, a dossier whose requester may no longer read case details when it is rendered', async () => {
      const user = await createUser(api.dataSource, { role: 'legal' });
      const token = await createSessionToken(api.dataSource, user.id);
      const queue = testQueue('dossier-role');
      // Queued on a server that does not work its queue: the job waits.
      const paused = await startApp(inject('databaseUrl'), {
        VIGIE_DATA_DIR: dataDir,
        VIGIE_REPORT_QUEUE: queue,
        VIGIE_REPORT_WORKER: 'false',
      });
      let queued: ReportRecord;
      try {
        const requester = api.as(token, user);
        requester.baseUrl = paused.baseUrl;
        queued = await requestReport(requester, {
          kind: 'case-dossier',
          caseId: legalCase.id,
          lang: 'fr',
          from: undefined,
          to: undefined,
        });
      } finally {
        await paused.close();
      }
      await api.dataSource.query(`UPDATE users SET role = 'communication' WHERE id = $1`, [user.id]);
      const working = await startApp(inject('databaseUrl'), {
        VIGIE_DATA_DIR: dataDir,
        VIGIE_REPORT_QUEUE: queue,
      });
      let report: ReportRecord;
      try {
        const admin = api.as(api.token, api.user);
        admin.baseUrl = working.baseUrl;
        report = (await waitForReport(admin, queued.id)).report;
      } finally {
        await working.close();
      }
      expect(report).toMatchObject({ status: 'failed', sha256: null, pageCount: null, figures: null });
      expect(report.error).toMatch(/^Composition failed: .*may no longer read the details of legal cases/);
      expectApiError(await api.get(`/api/reports/${report.id}/pdf`), 409);

      // Back in the legal team, the requester retries it: rendered this time.
      await api.dataSource.query(`UPDATE users SET role = 'legal' WHERE id = $1`, [user.id]);
      const retried = await api.as(token, user).post<ReportRecord>(`/api/reports/${report.id}/retry`);
      expect(retried.status, JSON.stringify(retried.body)).toBe(202);
      const again = (await waitForReport(api, report.id)).report;
      expect(again).toMatchObject({ status: 'done', attempts: 2, error: null });
    });
  });

  describe('bad requests', () => {
    it.each([
      ['a period', 400, { from: '2025-03-01', to: '2025-03-31' }, ['from', 'to']],
      ['an area', 400, { area: 'calaisis' }, ['area']],
      ['no case', 400, { caseId: undefined }, ['caseId']],
      ['a malformed case id', 400, { caseId: 'case-42' }, ['caseId']],
      ['includeRestricted that is no boolean', 400, { includeRestricted: 'yes' }, ['includeRestricted']],
      ['an unknown case', 404, { caseId: '00000000-0000-4000-8000-000000000000' }, ['caseId']],
    ] as const)(
      'refuses a dossier with %s (%i naming the field), and queues nothing',
      async (_name, status, change, fields) => {
        const body: Record<string, unknown> = {
          kind: 'case-dossier',
          caseId: legalCase.id,
          lang: 'fr',
          ...change,
        };
        for (const [key, value] of Object.entries(body)) if (value === undefined) delete body[key];
        const before = await reportCount();
        expectApiError(await legal.post('/api/reports', body), status, fields);
        expect(await reportCount()).toBe(before);
      },
    );

    it('refuses the dossier of a deleted case (409) until it is restored', async () => {
      const gone = await createLegalCase(legal);
      expect((await legal.delete(`/api/legal-cases/${gone.id}`)).status).toBe(200);
      const before = await reportCount();
      expectApiError(
        await legal.post('/api/reports', { kind: 'case-dossier', caseId: gone.id, lang: 'en' }),
        409,
        ['caseId'],
      );
      expect(await reportCount()).toBe(before);
    });

    it('refuses a case id on a monthly note (400), and queues nothing', async () => {
      const before = await reportCount();
      expectApiError(
        await api.post('/api/reports', {
          kind: 'monthly-note',
          from: '2025-03-01',
          to: '2025-03-31',
          lang: 'fr',
          caseId: legalCase.id,
        }),
        400,
        ['caseId'],
      );
      expect(await reportCount()).toBe(before);
    });
  });
});
