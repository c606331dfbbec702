import type { DeadlineRecord, LegalCaseEventRecord, LegalCaseRecord, Role } from '@vigie/domain';
import { type CaseDossierParams, REPORT_LANGS } from '@vigie/reporting';
import { describe, expect, it } from 'vitest';
import type { ChainVerdict } from '../../../audit/audit-chain';
import type { Actor } from '../../../auth/actor';
import type { LegalCasesRepository } from '../../../legal/cases/legal-cases.repository';
import { ReportComposer } from '../report-composer';
import type { ReportComposerRepository } from '../report-composer.repository';
import type { StatsService } from '../../../stats/stats.service';
import { CaseDossierComposer } from './case-dossier-composer';
import type { CaseDossierModel } from './case-dossier-model';
import type {
  CaseDossierRepository,
  CaseExhibit,
  LinkedIncident,
  LinkedObservation,
} from './case-dossier.repository';

const HOSTILE = 'Audience <script>alert(1)</script> {{constructor}} & “fin”';
const PRINTED_HOSTILE = 'Audience &lt;script&gt;alert(1)&lt;/script&gt; {{constructor}} &amp; “fin”';
const SECRETS = {
  claimants: 'CLAIMANTS-SECRET M. A., Mme B.',
  confidentialNotes: 'NOTES-SECRET plaider l’urgence',
  testimony: 'TESTIMONY-SECRET il nous a frappés',
};
const SHA = {
  act: 'a'.repeat(63) + '1',
  photo: 'b'.repeat(63) + '2',
  deleted: 'c'.repeat(63) + '3',
  withdrawn: 'd'.repeat(63) + '4',
};
const HEAD = 'e'.repeat(64);
const CASE_ID = '5f7c1a8e-2b4d-4c6e-8f0a-1b2c3d4e5f60';

function actor(role: Role): Actor {
  return { id: 'u1', email: 'l@example.org', name: 'Léa Juriste', role, sessionId: 's', ip: '::1' };
}

const square = (x: number, y: number, size: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

const tracked = {
  createdAt: '2025-03-01T10:00:00Z',
  updatedAt: '2025-03-01T10:00:00Z',
  createdBy: 'u1',
  updatedBy: 'u1',
  version: 1,
  deletedAt: null,
};

const legalCase: LegalCaseRecord = {
  id: CASE_ID,
  ...tracked,
  reference: '2025/004 référé',
  title: 'Référé contre l’arrêté anti-distribution <b>Calais</b>',
  procedure: 'refere_liberte',
  forum: 'ta_lille',
  courtReference: 'n° 2501234',
  status: 'decided',
  outcome: 'rejected',
  claimants: SECRETS.claimants,
  respondents: 'Préfet du Pas-de-Calais',
  lawyer: 'Me Dupont',
  summary: 'Expulsions répétées du campement.',
  publicSummary: 'Un référé contre les expulsions.',
  confidentialNotes: SECRETS.confidentialNotes,
  parentCaseId: null,
  parent: null,
  appeals: [
    {
      id: 'a1',
      reference: '2025/009',
      title: 'Appel devant le Conseil d’État',
      procedure: 'appeal',
      forum: 'conseil_etat',
      status: 'pending',
      outcome: null,
    },
  ],
  challengedAct: {
    reference: 'n° 2025-104',
    title: 'Arrêté portant interdiction de distribution',
    authority: 'Préfet du Pas-de-Calais',
    signedOn: '2025-03-01',
    publishedOn: '2025-03-03',
    validFrom: '2025-03-04',
    validTo: '2025-04-30',
    perimeter: {
      type: 'Polygon',
      coordinates: [
        [
          [1.848, 50.945],
          [1.868, 50.945],
          [1.868, 50.958],
          [1.848, 50.945],
        ],
      ],
    },
    documentId: 'att-act',
  },
  siteIds: [],
  openDeadlines: 1,
  nextDueAt: '2025-03-31',
};

const events: LegalCaseEventRecord[] = [
  {
    id: 'e1',
    caseId: CASE_ID,
    ...tracked,
    kind: 'hearing',
    date: '2025-03-10',
    time: '14:30',
    title: HOSTILE,
    details: 'Plaidoirie\nsur l’urgence',
    outcome: null,
    notifiedOn: null,
    room: 'Salle 2',
    judge: 'M. le juge des référés',
  },
  {
    id: 'e2',
    caseId: CASE_ID,
    ...tracked,
    kind: 'decision',
    date: '2025-03-12',
    time: null,
    title: 'Ordonnance de rejet',
    details: null,
    outcome: 'rejected',
    notifiedOn: '2025-03-14',
    room: null,
    judge: null,
  },
];

const deadline = (overrides: Partial<DeadlineRecord>): DeadlineRecord => ({
  id: 'd1',
  caseId: CASE_ID,
  ...tracked,
  caseReference: legalCase.reference,
  caseTitle: legalCase.title,
  title: 'Appel devant le Conseil d’État contre l’ordonnance de référé-liberté',
  dueAt: '2025-03-31',
  rule: 'ce_appeal_refere_liberte',
  ruleConfirmed: false,
  startsOn: '2025-03-14',
  basis: { fr: 'CJA, art. L. 523-1 : 15 jours francs.', en: 'CJA, art. L. 523-1: 15 clear days.' },
  computed: true,
  source: 'event',
  sourceEventId: 'e2',
  status: 'open',
  closedAt: null,
  closedBy: null,
  closedByName: null,
  nature: 'deadline',
  cancelReason: null,
  notes: null,
  ...overrides,
});

const observations: LinkedObservation[] = [
  {
    id: 'o1',
    startedAt: '2025-03-05T06:30:00.000Z',
    kind: 'eviction',
    communeName: 'Calais',
    siteName: 'Old Lidl',
    status: 'validated',
    forces: [{ unit: 'crs', vehicles: 6, officers: 30 }],
    seizures: [{ item: 'tent', quantity: 12, destroyed: true }],
    note: 'Dans le périmètre',
    deleted: false,
    x: 621_000,
    y: 7_091_000,
  },
  { ...({} as LinkedObservation), id: 'o2', deleted: true, startedAt: '2025-03-06T06:30:00.000Z' },
];

const incident = (overrides: Partial<LinkedIncident>): LinkedIncident => ({
  id: 'i1',
  occurredAt: '2025-03-05T06:45:00.000Z',
  type: 'tear_gas',
  communeName: 'Calais',
  victimCount: 5,
  minorCount: 1,
  status: 'validated',
  publicSummary: 'Gaz lacrymogène au réveil.',
  testimony: SECRETS.testimony,
  note: null,
  litigationConsent: true,
  deleted: false,
  x: 621_100,
  y: 7_091_050,
  ...overrides,
});

const exhibit = (overrides: Partial<CaseExhibit>): CaseExhibit => ({
  id: 'att-act',
  source: 'case',
  originalName: 'arrete-2025-104.pdf',
  mimeType: 'application/pdf',
  sizeBytes: 123_456,
  sha256: SHA.act,
  createdAt: '2025-03-04T09:00:00.000Z',
  uploaderName: 'Léa Juriste',
  caption: null,
  note: null,
  actDocument: true,
  deleted: false,
  litigationConsent: false,
  custody: [
    {
      id: '1',
      at: '2025-03-04T09:00:00.000Z',
      action: 'create',
      actorName: 'Léa Juriste',
      variant: null,
      fields: [],
    },
    {
      id: '2',
      at: '2025-03-05T09:00:00.000Z',
      action: 'download',
      actorName: 'Léa Juriste',
      variant: 'original',
      fields: [],
    },
    {
      id: '3',
      at: '2025-03-06T09:00:00.000Z',
      action: 'update',
      actorName: null,
      variant: null,
      fields: ['caption'],
    },
  ],
  ...overrides,
});

/** The composer with every collaborator faked; `testimonyAsked` records what the repository was asked. */
function setUp() {
  const asked = { testimony: [] as boolean[] };
  const cases = {
    findOne: async (id: string) => (id === CASE_ID ? legalCase : null),
  } as unknown as LegalCasesRepository;
  const repository = {
    events: async () => events,
    deadlines: async () => [
      deadline({}),
      deadline({
        id: 'd2',
        status: 'done',
        dueAt: '2025-03-20',
        rule: null,
        ruleConfirmed: null,
        computed: false,
        title: 'Mémoire en réplique',
        basis: null,
      }),
    ],
    observations: async () => observations,
    incidents: async (_caseId: string, testimony: boolean) => {
      asked.testimony.push(testimony);
      return [
        incident({ testimony: testimony ? SECRETS.testimony : null }),
        incident({ id: 'i2', litigationConsent: false, testimony: null }),
        incident({ id: 'i3', deleted: true }),
        incident({ id: 'i4', publicSummary: null, testimony: null, x: null, y: null }),
      ];
    },
    exhibits: async () => [
      exhibit({}),
      exhibit({
        id: 'att-photo',
        source: 'evidence',
        originalName: 'photo <campement>.jpg',
        mimeType: 'image/jpeg',
        sha256: SHA.photo,
        actDocument: false,
        litigationConsent: true,
        note: 'Photo du démontage',
      }),
      exhibit({ id: 'att-deleted', sha256: SHA.deleted, actDocument: false, deleted: true }),
      exhibit({ id: 'att-withdrawn', source: 'evidence', sha256: SHA.withdrawn, actDocument: false }),
    ],
    perimeter: async () => square(620_000, 7_090_000, 2_000),
    communesAround: async () => [
      { code: '62193', name: 'Calais <b>', area: 'calaisis', geometry: square(615_000, 7_085_000, 10_000) },
    ],
    auditHead: async (): Promise<ChainVerdict> => ({ ok: true, count: 1234, headHash: HEAD }),
  } as unknown as CaseDossierRepository;
  const reports = { isDemoData: async () => false } as unknown as ReportComposerRepository;
  const dossiers = new CaseDossierComposer(cases, repository, reports);
  const composer = new ReportComposer({} as StatsService, reports, dossiers);
  return { composer, dossiers, asked };
}

const params = (overrides: Partial<CaseDossierParams> = {}): CaseDossierParams => ({
  kind: 'case-dossier',
  caseId: CASE_ID,
  lang: 'fr',
  includeRestricted: false,
  ...overrides,
});

describe(CaseDossierComposer.name, () => {
  for (const lang of REPORT_LANGS) {
    it(`renders a dossier in ${lang}: every exhibit's full SHA-256, custody, chronology, deadlines, map, all escaped`, async () => {
      const { composer } = setUp();
      const { html, figures } = await composer.compose(params({ lang }), actor('legal'), { reportId: 'r-1' });
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toContain('<b>');
      expect(html.replaceAll(PRINTED_HOSTILE, '')).not.toContain('{{');
      expect(html).toContain(PRINTED_HOSTILE);
      expect(html).toContain('Calais &lt;b&gt;');
      expect(html).toContain('photo &lt;campement&gt;.jpg');
      for (const sha of [SHA.act, SHA.photo, HEAD]) expect(html).toContain(sha);
      for (const sha of [SHA.deleted, SHA.withdrawn]) expect(html).not.toContain(sha);
      expect(html).toContain(lang === 'fr' ? 'Confidentiel — usage interne' : 'Confidential — internal use');
      expect(html).toContain(
        lang === 'fr'
          ? 'Règle à confirmer par l’équipe juridique.'
          : 'Rule to be confirmed by the legal team.',
      );
      // The rule's title and basis in the dossier's language; a hand-written deadline keeps its title.
      expect(html).toContain(lang === 'fr' ? '15 jours francs.' : '15 clear days.');
      expect(html).toContain('Mémoire en réplique');
      expect(html).toContain(lang === 'fr' ? 'Téléchargement' : 'Download');
      expect(html).toContain('GET /api/reports/r-1');
      expect(html).toContain('sha256sum');
      expect(html).toContain('Get-FileHash -Algorithm SHA256');
      expect(html).toMatch(/<svg[^>]*class="map case-map"/);
      expect(figures).toEqual({
        params: params({ lang }),
        generatedAt: expect.any(String),
        case: { id: CASE_ID, reference: legalCase.reference },
        counts: { events: 2, deadlines: 2, observations: 1, incidents: 2, exhibits: 2 },
        exhibits: [
          { id: 'att-act', sha256: SHA.act },
          { id: 'att-photo', sha256: SHA.photo },
        ],
        auditHead: { ok: true, count: 1234, headHash: HEAD },
      });
    });
  }

  it('prints no restricted text unless asked for, and never stores it in the figures', async () => {
    const { composer, asked } = setUp();
    const without = await composer.compose(params(), actor('legal'));
    for (const secret of Object.values(SECRETS)) expect(without.html).not.toContain(secret.split(' ')[0]);
    expect(without.html).toContain('Texte restreint : non inclus dans ce dossier.');
    const withText = await composer.compose(params({ includeRestricted: true }), actor('legal'));
    for (const secret of Object.values(SECRETS)) expect(withText.html).toContain(secret.split(' ')[0]);
    expect(JSON.stringify(withText.figures)).not.toMatch(/SECRET/);
    // The testimony is not even read from the database for a dossier without restricted text.
    expect(asked.testimony).toEqual([false, true]);
  });

  it('says how many linked records it leaves out: deleted, or litigation consent withdrawn', async () => {
    const { dossiers } = setUp();
    const { model } = await dossiers.model(params(), actor('admin'), { reportId: null }, (key) => key);
    expect(model.omitted).toEqual({ deleted: 3, consentWithdrawn: 2 });
    expect(model.observations.map((row) => row.mark)).toEqual(['1']);
    expect(model.incidents.map((row) => row.mark)).toEqual(['I1', 'I2']);
    expect(model.act?.documentExhibit).toBe(1);
    expect(
      model.exhibits[0]?.custody.map((event) => [event.actionKey, event.variantKey, event.fields]),
    ).toEqual([
      ['dossier.custody.create', null, ''],
      ['dossier.custody.download', 'dossier.custody.variant.original', ''],
      ['dossier.custody.update', null, 'caption'],
    ]);
  });

  it.each(['communication', 'coordinator', 'observer', 'researcher'] as const)(
    'refuses to compose as %s (the requester may no longer read case details)',
    async (role) => {
      const { dossiers } = setUp();
      await expect(dossiers.model(params(), actor(role), { reportId: null }, (key) => key)).rejects.toThrow(
        /may no longer read the details of legal cases/,
      );
    },
  );

  it('refuses an unknown or deleted case', async () => {
    const { dossiers } = setUp();
    const t = (key: string) => key;
    await expect(
      dossiers.model(
        params({ caseId: '00000000-0000-4000-8000-000000000000' }),
        actor('legal'),
        { reportId: null },
        t,
      ),
    ).rejects.toThrow(/not found/);
  });
});

describe('sample model', () => {
  it.runIf(process.env.WRITE_REPORT_SAMPLES === '1')(
    'writes reports-templates/case-dossier/sample.json',
    async () => {
      const { writeFileSync } = await import('node:fs');
      const { dossiers } = setUp();
      const { model } = await dossiers.model(
        params({ includeRestricted: true }),
        actor('legal'),
        { reportId: '0b6a4f6e-6f1e-4f7b-9a53-2f0f1c9d8e71' },
        (key) => key,
      );
      const { map: _map, ...json } = model satisfies CaseDossierModel;
      writeFileSync(
        'reports-templates/case-dossier/sample.json',
        `${JSON.stringify({ ...json, generatedAt: '2025-04-02T08:00:00.000Z' }, null, 2)}\n`,
      );
    },
  );
});
