import {
  AREAS,
  comparisonPeriods,
  FORCE_UNITS,
  INCIDENT_TYPES,
  OBSERVATION_KINDS,
  SEIZURE_ITEMS,
} from '@vigie/domain';
import {
  NARROW_NBSP,
  PERIODIC_REPORT_KINDS,
  type PeriodicReportParams,
  REPORT_LANGS,
} from '@vigie/reporting';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../auth/actor';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import { bucketsOf } from '../../stats/stats-period';
import type { StatsService } from '../../stats/stats.service';
import type { StatsSeries, StatsSummary } from '@vigie/domain';
import type { CaseDossierComposer } from './case-dossier/case-dossier-composer';
import { ReportComposer } from './report-composer';
import type { LitigationNews, ReportComposerRepository } from './report-composer.repository';

const actor: Actor = {
  id: 'u1',
  email: 'c@example.org',
  name: 'Com',
  role: 'communication',
  sessionId: 's',
  ip: '::1',
};

function summaryOf(query: RawQuery, total: number): StatsSummary {
  const zeros = <C extends string, V>(codes: readonly C[], value: () => V) =>
    Object.fromEntries(codes.map((code) => [code, value()])) as Record<C, V>;
  const seizures = zeros(SEIZURE_ITEMS.codes, () => ({ quantity: 0, destroyed: 0 }));
  seizures.tent = { quantity: 1234, destroyed: 34 };
  seizures.tarp = { quantity: 10, destroyed: 0 };
  const byType = zeros(INCIDENT_TYPES.codes, () => 0);
  byType.tear_gas = 3;
  byType.observer_id_check = 2;
  const share = { count: 3, known: 8, unknown: total - 8, ofKnown: 0.375, ofTotal: 3 / total };
  return {
    from: String(query.from),
    to: String(query.to),
    timezone: 'Europe/Paris',
    area: (query.area as StatsSummary['area']) ?? null,
    communeCode: null,
    includeUnvalidated: false,
    days: 31,
    periods: comparisonPeriods({ from: String(query.from), to: String(query.to) }),
    evictions: {
      total,
      byArea: { ...zeros(AREAS.codes, () => 0), calaisis: total },
      outsideAreas: 0,
      byCommune: [{ code: '62193', name: 'Calais', count: total }],
      byKind: { ...zeros(OBSERVATION_KINDS.codes, () => 0), eviction: total },
      distinctSites: 4,
      perWeek: 9.26,
      withoutSite: 0,
    },
    peopleEvicted: 12_345,
    peopleEvictedReported: 30,
    minorsSeen: 0,
    arrests: 7,
    peopleSheltered: 0,
    seizures: { byItem: seizures, tentsAndTarps: 1244, sleepingBagsAndBlankets: 0 },
    incidents: { total: 5, byType, againstObservers: 2, againstPeople: 3 },
    withoutInterpreters: 3,
    withShelterOffered: 3,
    withObservationObstructed: 3,
    shares: { withoutInterpreters: share, withShelterOffered: share, withObservationObstructed: share },
    forces: zeros(FORCE_UNITS.codes, () => ({ observations: 0, vehicles: 0, officers: 0 })),
  };
}

const HOSTILE = 'Tentes lacérées <script>alert(1)</script> {{constructor}} & “fin”';

/** A case with events in March 2025 (none in the other periods the tests ask for). */
const LITIGATION: LitigationNews[] = [
  {
    title: 'Référé contre l’expulsion du campement <i>Virval</i>',
    procedure: 'refere_liberte',
    forum: 'ta_lille',
    status: 'decided',
    outcome: 'rejected',
    publicSummary: 'Le tribunal a rejeté la requête le 12 mars.',
    events: [
      { date: '2025-03-10', kind: 'hearing', title: 'Audience publique', outcome: null },
      { date: '2025-03-12', kind: 'decision', title: 'Ordonnance de rejet', outcome: 'rejected' },
    ],
  },
];

function composer(): ReportComposer {
  const stats = {
    summary: async (_actor: Actor, query: RawQuery): Promise<StatsSummary> => {
      const summary = summaryOf(query, query.from === '2025-03-01' ? 41 : 30);
      if (query.compare !== 'true') return summary;
      const { previous, yearBefore } = summary.periods;
      return {
        ...summary,
        comparisons: {
          previous: summaryOf({ ...query, ...previous }, 30),
          yearBefore: yearBefore ? summaryOf({ ...query, ...yearBefore }, 25) : null,
        },
      };
    },
    mapPoints: async () => [
      { x: 622_000, y: 7_092_000, count: 30 },
      { x: 652_000, y: 7_102_000, count: 11 },
    ],
    series: async (_actor: Actor, query: RawQuery): Promise<StatsSeries> => {
      const buckets = bucketsOf(String(query.from), String(query.to), query.interval as 'day' | 'month').map(
        ({ key: _key, ...bounds }, index) => ({ ...bounds, value: index % 3 }),
      );
      return {
        from: String(query.from),
        to: String(query.to),
        timezone: 'Europe/Paris',
        area: null,
        communeCode: null,
        includeUnvalidated: false,
        interval: query.interval as 'day',
        metric: query.metric as 'evictions',
        groupBy: null,
        periods: comparisonPeriods({ from: String(query.from), to: String(query.to) }),
        total: buckets.reduce((sum, bucket) => sum + bucket.value, 0),
        buckets,
      };
    },
  } as unknown as StatsService;
  const square = (x: number, y: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [x, y],
        [x + 5000, y],
        [x + 5000, y + 5000],
        [x, y + 5000],
        [x, y],
      ],
    ],
  });
  const repository = {
    communeOutlines: async () => [
      { code: '62193', name: 'Calais <b>', area: 'calaisis', geometry: square(620_000, 7_090_000) },
      { code: '59183', name: 'Dunkerque', area: 'dunkerquois', geometry: square(650_000, 7_100_000) },
    ],
    publicIncidents: async () => [
      {
        occurredAt: '2025-03-31T21:30:00.000Z',
        type: 'tear_gas',
        communeName: 'Calais',
        publicSummary: HOSTILE,
      },
    ],
    litigationNews: async (period: { from: string }) => (period.from === '2025-03-01' ? LITIGATION : []),
    isDemoData: async () => true,
    mapPrivacy: { gridMetres: 500, minCount: 3 },
  } as unknown as ReportComposerRepository;
  // Case dossiers have their own spec (case-dossier/case-dossier-composer.spec.ts).
  return new ReportComposer(stats, repository, {} as CaseDossierComposer);
}

const march: Pick<PeriodicReportParams, 'from' | 'to' | 'area'> = {
  from: '2025-03-01',
  to: '2025-03-31',
  area: null,
};

describe(ReportComposer.name, () => {
  const subject = composer();

  for (const kind of PERIODIC_REPORT_KINDS) {
    for (const lang of REPORT_LANGS) {
      it(`renders a ${kind} in ${lang} with every figure from the stats, escaped, without template syntax left`, async () => {
        const { html, figures } = await subject.compose({ kind, lang, ...march }, actor);
        expect(html.startsWith('<!doctype html>')).toBe(true);
        const printedHostile =
          'Tentes lacérées &lt;script&gt;alert(1)&lt;/script&gt; {{constructor}} &amp; “fin”';
        // Template syntax left over would be a bug; the public summary's own braces are its text.
        expect(html.replaceAll(printedHostile, '')).not.toContain('{{');
        expect(html).not.toContain('<script>');
        expect(html).not.toContain('<b>');
        expect(html).toContain(
          lang === 'fr' ? 'Données synthétiques de démonstration' : 'Synthetic demonstration data',
        );
        expect(html).toContain(lang === 'fr' ? `12${NARROW_NBSP}345` : '12,345');
        expect(html).toContain("content=\"default-src 'none'");
        expect(figures.summary.evictions.total).toBe(41);
        expect(figures.previous.from).toBe('2025-02-01');
        if (kind !== 'press-release') {
          expect(html).toContain('Contours : IGN Admin Express ; codes : INSEE COG — Licence Ouverte Etalab');
          expect(html).toContain('<svg');
          // The public summary comes out as text: markup and template syntax escaped, printed as is.
          expect(html).toContain(printedHostile);
        }
      });
    }
  }

  it('prints the annual report with a section per area, the monthly table and the no-proceedings paragraph', async () => {
    const { html, figures } = await subject.compose(
      { kind: 'annual-report', lang: 'fr', from: '2025-01-01', to: '2025-12-31', area: null },
      actor,
    );
    for (const area of ['Calaisis', 'Dunkerquois', 'Autre littoral'])
      expect(html).toContain(`<h3>${area}</h3>`);
    expect(html).toContain('Aucune procédure n’est enregistrée dans Vigie pour cette période.');
    expect(html).toContain('<td>décembre 2025</td>');
    expect(figures.areas).toHaveLength(3);
    expect(figures.series.map((series) => series.metric)).toEqual([
      'evictions',
      'peopleEvicted',
      'tentsAndTarps',
      'arrests',
      'incidents',
    ]);
  });
});

describe('litigation news', () => {
  it('prints the public fields of the cases with events in the period, and those events, escaped', async () => {
    for (const [lang, expected] of [
      [
        'fr',
        ['Référé-liberté', 'Tribunal administratif de Lille', '10 mars 2025 — Audience : Audience publique'],
      ],
      ['en', ['10 March 2025 — Hearing: Audience publique']],
    ] as const) {
      const { model } = await composer().model({ kind: 'monthly-note', lang, ...march }, actor);
      const { html } = await composer().compose({ kind: 'monthly-note', lang, ...march }, actor);
      expect(model.litigation.cases).toEqual(LITIGATION);
      expect(html).toContain('Référé contre l’expulsion du campement &lt;i&gt;Virval&lt;/i&gt;');
      expect(html).toContain('Le tribunal a rejeté la requête le 12 mars.');
      for (const text of expected) expect(html).toContain(text);
    }
  });

  it('has no litigation section in a press release, and says so when no case moved in the period', async () => {
    const { model } = await composer().model({ kind: 'press-release', lang: 'fr', ...march }, actor);
    expect(model.litigation.cases).toEqual([]);
    const { html } = await composer().compose(
      { kind: 'monthly-note', lang: 'fr', from: '2025-04-01', to: '2025-04-30', area: null },
      actor,
    );
    expect(html).toContain('Aucune procédure n’est enregistrée dans Vigie pour cette période.');
  });
});

describe('report periods', () => {
  it('compares a monthly note with the periods StatsService gives: the previous month and a year before', async () => {
    const { model, figures } = await composer().model({ kind: 'monthly-note', lang: 'fr', ...march }, actor);
    expect(model.periods).toEqual(figures.summary.periods);
    expect(model.previous).toMatchObject({ from: '2025-02-01', to: '2025-02-28' });
    expect(model.yearBefore).toMatchObject({ from: '2024-03-01', to: '2024-03-31' });
    expect(model.keyFigures[0]).toMatchObject({ key: 'evictions', value: 41, previous: 30, yearBefore: 25 });
    // What the report stores is what it printed: no second copy of the comparisons in the summary.
    expect(figures.summary).not.toHaveProperty('comparisons');
    expect(figures.previous.from).toBe('2025-02-01');
    expect(figures.yearBefore?.from).toBe('2024-03-01');
  });

  it('compares a calendar year with the previous calendar year, and prints no year-before column', async () => {
    const { model } = await composer().model(
      { kind: 'annual-report', lang: 'fr', from: '2024-01-01', to: '2024-12-31', area: null },
      actor,
    );
    expect(model.previous).toMatchObject({ from: '2023-01-01', to: '2023-12-31' });
    expect(model.yearBefore).toBeNull();
    expect(model.keyFigures[0]?.yearBefore).toBeNull();
  });

  it('compares a press release over some days with as many days just before', async () => {
    const { model } = await composer().model(
      { kind: 'press-release', lang: 'fr', from: '2025-03-10', to: '2025-03-19', area: null },
      actor,
    );
    expect(model.previous).toMatchObject({ from: '2025-02-28', to: '2025-03-09' });
    expect(model.yearBefore).toBeNull();
  });
});

describe('sample models', () => {
  it.runIf(process.env.WRITE_REPORT_SAMPLES === '1')(
    'writes reports-templates/<kind>/sample.json',
    async () => {
      const { writeFileSync } = await import('node:fs');
      for (const kind of PERIODIC_REPORT_KINDS) {
        const params: PeriodicReportParams =
          kind === 'annual-report'
            ? { kind, lang: 'fr', from: '2025-01-01', to: '2025-12-31', area: null }
            : { kind, lang: 'fr', ...march };
        const { model } = await composer().model(params, actor);
        const { charts: _charts, map: _map, ...json } = model;
        writeFileSync(`reports-templates/${kind}/sample.json`, `${JSON.stringify(json, null, 2)}\n`);
      }
    },
  );
});
