import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INCIDENT_TYPES,
  type ReportRecord,
  SEIZURE_ITEMS,
  type StatsSeries,
  type StatsSummary,
} from '@vigie/domain';
import {
  formatChange,
  formatMonth,
  formatNumber,
  formatPercent,
  formatPeriod,
  translate,
} from '@vigie/reporting';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, ensureDebianPackages, FONTS, POPPLER, QPDF } from '../../db/provision/index.mts';
import type { ReportFigures } from '../../apps/api/src/reports/composer/report-model';
import { setStatus } from '../support/acl';
import { createIncident, createObservation, PLACES, useApi } from '../support/e2e-api';
import { downloadPdf, requestReport, testQueue, waitForReport } from '../support/reports';

/*
 * The acceptance test: every kind of report in each language, rendered through the API on a
 * known data set, says in its PDF the figures `GET /api/stats/summary` gives for the same period.
 * March 2019 ends on the day clocks go forward (31 March, UTC+2 from 02:00): an eviction at 23:30
 * Paris time that evening belongs to March, one at 00:30 on 1 April (22:30 UTC on 31 March) does not.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'vigie-report-figures-'));
const work = mkdtempSync(join(tmpdir(), 'vigie-report-pdfs-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});
const api = useApi({
  env: { VIGIE_DATA_DIR: dataDir, VIGIE_REPORT_QUEUE: testQueue('figures'), VIGIE_REPORT_CONCURRENCY: '3' },
});

const HOSTILE = '<script>alert(1)</script> {{7*7}}';

const KINDS = [
  { kind: 'monthly-note', from: '2019-03-01', to: '2019-03-31', printsPublicSummaries: true },
  { kind: 'annual-report', from: '2019-01-01', to: '2019-12-31', printsPublicSummaries: true },
  { kind: 'press-release', from: '2019-03-01', to: '2019-03-31', printsPublicSummaries: false },
] as const;
const LANGS = ['fr', 'en'] as const;

/** The figures of March 2019 in the data set below, counted by hand. */
const MARCH = {
  evictions: 3,
  peopleEvicted: 37 + 120 + 11,
  arrests: 3 + 2 + 1,
  tentsAndTarps: 14 + 5 + 3,
  sleepingBagsAndBlankets: 25 + 6,
  incidents: 2,
  againstObservers: 1,
};

type Lang = (typeof LANGS)[number];
type Messages = Record<string, string>;

function messages(lang: Lang): Messages {
  return JSON.parse(
    readFileSync(join(process.cwd(), 'reports-templates', 'shared', 'i18n', `${lang}.json`), 'utf8'),
  ) as Messages;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text of the PDF as pdftotext lays it out; the whole text, then page by page. */
function pdfText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8' });
}

/** Whitespace (line breaks, no-break spaces) made single spaces, to match sentences across lines. */
const flat = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ');

/** The integer a number printed in the report stands for (French or English digit grouping). */
const integer = (printed: string) => Number(printed.replace(/[\s\u00a0\u202f,.]/g, ''));

/**
 * Values of each sentence made from the message `key` (`"Au moins {count} expulsions…"`) or from its
 * singular form (`key.one`, used for 1), in the order they appear in `text`.
 */
function sentencesValues(text: string, t: Messages, key: string): Record<string, number>[] {
  const found: { index: number; values: Record<string, number> }[] = [];
  for (const template of [t[key], t[`${key}.one`]]) {
    if (template === undefined) continue;
    const names: string[] = [];
    const pattern = escapeRegExp(template).replace(/\\\{(\w+)\\\}/g, (_match, name: string) => {
      names.push(name);
      return '([\\d\\u00a0\\u202f.,]+?)';
    });
    for (const match of flat(text).matchAll(new RegExp(pattern.replace(/ /g, '\\s+'), 'g'))) {
      found.push({
        index: match.index,
        values: Object.fromEntries(names.map((name, i) => [name, integer(match[i + 1]!)])),
      });
    }
  }
  expect(found.length, `sentence "${t[key]}" in the PDF`).toBeGreaterThan(0);
  return found.sort((a, b) => a.index - b.index).map((sentence) => sentence.values);
}

/** The values of the first sentence made from the message. */
const sentenceValues = (text: string, t: Messages, key: string) => sentencesValues(text, t, key)[0]!;

/** The value printed for the period on the key-figures row labelled `label`. */
function keyFigure(text: string, label: string): number {
  const line = text.split('\n').find((row) => row.trim().startsWith(label));
  expect(line, `key figure "${label}" in the PDF`).toBeDefined();
  const value = line!
    .trim()
    .slice(label.length)
    .trim()
    .split(/\s{2,}/)[0]!;
  return integer(value);
}

/** The columns printed after the label on the key-figures row labelled `label`: value, previous, change, year before. */
function keyFigureColumns(text: string, label: string): string[] {
  const line = text.split('\n').find((row) => row.trim().startsWith(label));
  expect(line, `key figure "${label}" in the PDF`).toBeDefined();
  return line!
    .trim()
    .slice(label.length)
    .trim()
    .split(/\s{2,}/);
}

/** The numbers printed on the table rows `<label>  <n>  [<n>…]` (one array per such row, in order). */
function tableRows(text: string, label: string): number[][] {
  const pattern = new RegExp(`^\\s*${escapeRegExp(label)}((?:\\s{2,}[\\d\u00a0\u202f.,]+)+)\\s*$`, 'gm');
  return [...text.matchAll(pattern)].map((match) =>
    match[1]!
      .trim()
      .split(/\s{2,}/)
      .map(integer),
  );
}

interface Rendered {
  kind: (typeof KINDS)[number];
  lang: Lang;
  report: ReportRecord;
  file: string;
  summary: StatsSummary;
  /** `GET /api/stats/summary?…&compare=true`: the periods compared with and their figures. */
  compared: StatsSummary;
  /** `GET /api/stats/series` for the series the report draws or tabulates. */
  series: StatsSeries[];
  /** The annual report's sections per area: the summaries of Calaisis, Dunkerquois and the rest of the coast. */
  areaSummaries: StatsSummary[];
}

const AREA_ORDER = ['calaisis', 'dunkerquois', 'littoral'] as const;

const rendered: Rendered[] = [];

beforeAll(async () => {
  await ensureDebianPackages([CHROMIUM, FONTS, POPPLER, QPDF], (message) => console.log(message));

  // The data set: validated evictions and incidents around the end of March 2019.
  const observations = await Promise.all([
    createObservation(api, {
      startedAt: '2019-03-05T08:00:00+01:00',
      endedAt: undefined,
      peopleEvicted: 37,
      arrests: 3,
      seizures: [
        { item: 'tent', quantity: 14, destroyed: true },
        { item: 'tarp', quantity: 5, destroyed: false },
      ],
    }),
    createObservation(api, {
      kind: 'large_eviction',
      startedAt: '2019-03-12T07:00:00+01:00',
      endedAt: undefined,
      location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] },
      peopleEvicted: 120,
      arrests: 2,
      seizures: [
        { item: 'sleeping_bag', quantity: 25, destroyed: false },
        { item: 'blanket', quantity: 6, destroyed: true },
      ],
    }),
    // The last evening of March, after the change to summer time: still March.
    createObservation(api, {
      startedAt: '2019-03-31T23:30:00+02:00',
      endedAt: undefined,
      peopleEvicted: 11,
      arrests: 1,
      seizures: [{ item: 'tent', quantity: 3, destroyed: true }],
    }),
    // Half an hour into April in Paris, still 31 March in UTC: April.
    createObservation(api, {
      startedAt: '2019-04-01T00:30:00+02:00',
      endedAt: undefined,
      peopleEvicted: 500,
      arrests: 40,
      seizures: [{ item: 'tent', quantity: 70, destroyed: true }],
    }),
  ]);
  // The periods the reports compare with: February 2019 (the previous month) and March 2018 (the
  // same month a year before, and in 2018, the year before 2019), with figures of their own.
  observations.push(
    await createObservation(api, {
      startedAt: '2019-02-28T23:30:00+01:00',
      endedAt: undefined,
      peopleEvicted: 15,
      arrests: 4,
      seizures: [{ item: 'tarp', quantity: 9, destroyed: false }],
    }),
    await createObservation(api, {
      startedAt: '2019-02-10T08:00:00+01:00',
      endedAt: undefined,
      location: { type: 'Point', coordinates: [...PLACES.grandeSynthe] },
      peopleEvicted: 6,
      arrests: 0,
      seizures: [],
    }),
    await createObservation(api, {
      startedAt: '2018-03-15T08:00:00+01:00',
      endedAt: undefined,
      peopleEvicted: 9,
      arrests: 1,
      seizures: [{ item: 'blanket', quantity: 4, destroyed: true }],
    }),
  );
  for (const observation of observations) await setStatus(api.dataSource, observation.id, 'validated');
  // A draft is not counted.
  await createObservation(api, {
    startedAt: '2019-03-20T09:00:00+01:00',
    endedAt: undefined,
    peopleEvicted: 900,
  });
  const incidents = await Promise.all([
    createIncident(api, {
      type: 'tear_gas',
      occurredAt: '2019-03-05T08:20:00+01:00',
      publicSummary: `Gaz lacrymogène sur le campement. ${HOSTILE}`,
      consent: { publication: true, litigation: false, research: false },
    }),
    createIncident(api, {
      type: 'observer_obstruction',
      occurredAt: '2019-03-12T07:10:00+01:00',
      publicSummary: 'Observateurs tenus à distance.',
      consent: { publication: false, litigation: false, research: false },
    }),
  ]);
  for (const incident of incidents) await setStatus(api.dataSource, incident.id, 'validated', 'incidents');

  // Every kind in every language, requested at once and rendered by the app's worker.
  const requests = KINDS.flatMap((kind) => LANGS.map((lang) => ({ kind, lang })));
  const queued = await Promise.all(
    requests.map(({ kind, lang }) =>
      requestReport(api, { kind: kind.kind, from: kind.from, to: kind.to, lang }),
    ),
  );
  for (const [i, { kind, lang }] of requests.entries()) {
    const { report } = await waitForReport(api, queued[i]!.id);
    expect(report.status, report.error ?? '').toBe('done');
    const file = join(work, `${kind.kind}-${lang}.pdf`);
    writeFileSync(file, await downloadPdf(api, report));
    const summary = await api.get<StatsSummary>(`/api/stats/summary?from=${kind.from}&to=${kind.to}`);
    expect(summary.status).toBe(200);
    const areaSummaries =
      kind.kind === 'annual-report'
        ? await Promise.all(
            AREA_ORDER.map(
              async (area) =>
                (
                  await api.get<StatsSummary>(
                    `/api/stats/summary?from=${kind.from}&to=${kind.to}&area=${area}`,
                  )
                ).body,
            ),
          )
        : [];
    const compared = await api.get<StatsSummary>(
      `/api/stats/summary?from=${kind.from}&to=${kind.to}&compare=true`,
    );
    expect(compared.status).toBe(200);
    const seriesQueries =
      kind.kind === 'monthly-note'
        ? ['interval=day&metric=evictions']
        : kind.kind === 'annual-report'
          ? ['evictions', 'peopleEvicted', 'tentsAndTarps', 'arrests', 'incidents'].map(
              (metric) => `interval=month&metric=${metric}`,
            )
          : [];
    const series = await Promise.all(
      seriesQueries.map(
        async (query) =>
          (await api.get<StatsSeries>(`/api/stats/series?from=${kind.from}&to=${kind.to}&${query}`)).body,
      ),
    );
    rendered.push({
      kind,
      lang,
      report,
      file,
      summary: summary.body,
      compared: compared.body,
      series,
      areaSummaries,
    });
  }
}, 240_000);

describe('reports: the figures printed', () => {
  it('counts the data set as expected: the 23:30 eviction of 31 March in March, 00:30 on 1 April not', async () => {
    const march = await api.get<StatsSummary>('/api/stats/summary?from=2019-03-01&to=2019-03-31');
    expect(march.body.evictions.total).toBe(MARCH.evictions);
    expect(march.body).toMatchObject({ peopleEvicted: MARCH.peopleEvicted, arrests: MARCH.arrests });
    const april = await api.get<StatsSummary>('/api/stats/summary?from=2019-04-01&to=2019-04-30');
    expect(april.body.evictions.total).toBe(1);
  });

  for (const kind of KINDS) {
    for (const lang of LANGS) {
      describe(`${kind.kind} (${lang})`, () => {
        const get = () => rendered.find((r) => r.kind.kind === kind.kind && r.lang === lang)!;

        it('stores the figures of GET /api/stats/summary for its period', () => {
          const { report, summary } = get();
          expect((report.figures as { summary: StatsSummary }).summary).toEqual(summary);
        });

        it('prints the key figures of GET /api/stats/summary, in its sentences and its table', () => {
          const { file, summary, areaSummaries } = get();
          const text = pdfText(file);
          const t = messages(lang);
          expect(sentenceValues(text, t, 'lead.evictions').count).toBe(summary.evictions.total);
          expect(sentenceValues(text, t, 'lead.peopleEvicted')).toMatchObject({
            count: summary.peopleEvicted,
            reported: summary.peopleEvictedReported,
          });
          // The annual report says these per area (its sections, in order; an area where nothing was
          // observed gets one line instead of sentences of zeros); the others for the whole period.
          const quiet = (scope: StatsSummary) => scope.evictions.total === 0 && scope.incidents.total === 0;
          const spoken = areaSummaries.filter((scope) => !quiet(scope));
          if (kind.kind === 'annual-report') {
            // The data set has nothing on the rest of the coast: that section is the one-line kind.
            expect(spoken.map((scope) => scope.area)).toEqual(['calaisis', 'dunkerquois']);
            expect(flat(text).split(flat(t['area.quiet']!)).length - 1, 'quiet areas').toBe(
              areaSummaries.length - spoken.length,
            );
          }
          const scopes = kind.kind === 'annual-report' ? spoken : [summary];
          expect(sentencesValues(text, t, 'lead.seizures')).toEqual(
            scopes.map((scope) => ({
              tents: scope.seizures.tentsAndTarps,
              bags: scope.seizures.sleepingBagsAndBlankets,
            })),
          );
          expect(sentencesValues(text, t, 'lead.incidents')).toEqual(
            scopes.map((scope) => ({
              count: scope.incidents.total,
              observers: scope.incidents.againstObservers,
            })),
          );
          if (kind.kind === 'annual-report') {
            expect(sentencesValues(text, t, 'lead.evictions').map((values) => values.count)).toEqual([
              summary.evictions.total,
              ...spoken.map((scope) => scope.evictions.total),
            ]);
          }
          const table = {
            evictions: summary.evictions.total,
            distinctSites: summary.evictions.distinctSites,
            peopleEvicted: summary.peopleEvicted,
            tentsAndTarps: summary.seizures.tentsAndTarps,
            sleepingBagsAndBlankets: summary.seizures.sleepingBagsAndBlankets,
            arrests: summary.arrests,
            incidents: summary.incidents.total,
            againstObservers: summary.incidents.againstObservers,
          };
          for (const [key, value] of Object.entries(table)) {
            expect(keyFigure(text, t[`figure.${key}`]!), key).toBe(value);
          }
        });

        if (kind.kind !== 'annual-report') {
          it('prints the figures of March counted by hand: the month-end eviction is in', () => {
            const text = pdfText(get().file);
            const t = messages(lang);
            expect(sentenceValues(text, t, 'lead.evictions').count).toBe(MARCH.evictions);
            expect(sentenceValues(text, t, 'lead.peopleEvicted').count).toBe(MARCH.peopleEvicted);
            expect(keyFigure(text, t['figure.arrests']!)).toBe(MARCH.arrests);
            expect(sentenceValues(text, t, 'lead.seizures')).toEqual({
              tents: MARCH.tentsAndTarps,
              bags: MARCH.sleepingBagsAndBlankets,
            });
          });
        }

        if (kind.printsPublicSummaries) {
          it('prints a public summary holding <script> and {{ as plain text, and no summary without consent', () => {
            const text = pdfText(get().file);
            // pdftotext may put a space where glyphs are spaced out: compare without any whitespace.
            const bare = (value: string) => value.replace(/\s+/g, '');
            expect(bare(text)).toContain(bare(HOSTILE));
            expect(bare(text)).not.toContain('alert(1)</script>49');
            expect(flat(text)).not.toContain('Observateurs tenus à distance');
          });
        }

        it('is a valid PDF (qpdf --check) whose every page has text', () => {
          const { file, report } = get();
          execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
          expect(report.pageCount).toBeGreaterThanOrEqual(1);
          for (let page = 1; page <= report.pageCount!; page += 1) {
            expect(pdfText(file, page).trim().length, `text on page ${page}`).toBeGreaterThan(20);
          }
          // Every glyph comes from an embedded Noto font (the fonts the setup installs): no fallback
          // font that may lack a script, hence no tofu.
          const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
            .split('\n')
            .slice(2)
            .filter(Boolean);
          expect(fonts.length).toBeGreaterThan(0);
          for (const font of fonts) {
            expect(font, 'font name').toMatch(/^\S*Noto/);
            expect(font.split(/\s+/).slice(-5, -4)[0], `embedded: ${font}`).toBe('yes');
          }
        });
      });
    }
  }

  it('prints March and April apart in the annual report’s months (the month-end eviction in March)', () => {
    const rows = {
      fr: ['mars 2019', 'avril 2019'],
      en: ['March 2019', 'April 2019'],
    };
    for (const lang of LANGS) {
      const { report, file } = rendered.find((r) => r.kind.kind === 'annual-report' && r.lang === lang)!;
      const text = flat(pdfText(file));
      // Month, evictions, people evicted, tents and tarps, arrests, incidents.
      expect(text).toContain(
        `${rows[lang][0]} ${MARCH.evictions} ${MARCH.peopleEvicted} ${MARCH.tentsAndTarps} ${MARCH.arrests} ${MARCH.incidents}`,
      );
      expect(text).toContain(`${rows[lang][1]} 1 500 70 40 0`);
      const series = (
        report.figures as { series: { metric: string; buckets: { period: string; value: number }[] }[] }
      ).series;
      const evictions = series.find((s) => s.metric === 'evictions')!;
      expect(evictions.buckets.find((b) => b.period === '2019-03')?.value).toBe(MARCH.evictions);
      expect(evictions.buckets.find((b) => b.period === '2019-04')?.value).toBe(1);
    }
  });
});

/** The key figures of a summary, as the reports' key-figures table lists them (label key → value). */
function keyFigures(summary: StatsSummary): Record<string, number> {
  return {
    evictions: summary.evictions.total,
    distinctSites: summary.evictions.distinctSites,
    peopleEvicted: summary.peopleEvicted,
    tentsAndTarps: summary.seizures.tentsAndTarps,
    sleepingBagsAndBlankets: summary.seizures.sleepingBagsAndBlankets,
    arrests: summary.arrests,
    incidents: summary.incidents.total,
    againstObservers: summary.incidents.againstObservers,
  };
}

/*
 * Issue 11, item 2: every number a report prints is one GET /api/stats/summary (or /series) gives
 * for the same parameters, the comparison columns included, and the periods it compares with are
 * the `periods` the API answers (2018 for the year 2019, not the 365 days before).
 */
describe('reports: every figure and every period compared with is the statistics API’s', () => {
  for (const kind of KINDS) {
    for (const lang of LANGS) {
      describe(`${kind.kind} (${lang})`, () => {
        const get = () => rendered.find((r) => r.kind.kind === kind.kind && r.lang === lang)!;
        /** The comparisons this kind prints: the previous period, and a year before in the monthly note. */
        const printed = () => {
          const { comparisons, ...summary } = get().compared;
          expect(comparisons).toBeDefined();
          const yearBefore = kind.kind === 'monthly-note' ? comparisons!.yearBefore : null;
          return { summary, previous: comparisons!.previous, yearBefore };
        };

        it('compares with the periods the API names, and the data set has figures in them', () => {
          const { summary, previous, yearBefore } = printed();
          const periods = summary.periods;
          expect(periods.current).toMatchObject({ from: kind.from, to: kind.to });
          expect(previous).toMatchObject(periods.previous);
          if (kind.kind === 'annual-report') {
            expect(periods.previous).toEqual({ from: '2018-01-01', to: '2018-12-31' });
            expect(periods.yearBefore).toBeNull();
            expect(previous.evictions.total).toBe(1);
          } else {
            expect(periods.previous).toEqual({ from: '2019-02-01', to: '2019-02-28' });
            expect(periods.yearBefore).toEqual({ from: '2018-03-01', to: '2018-03-31' });
            expect(previous.evictions.total).toBe(2);
          }
          if (yearBefore) {
            expect(yearBefore).toMatchObject(periods.yearBefore!);
            expect(yearBefore.evictions.total).toBe(1);
          }
        });

        it('stores the figures of the period and of the periods compared with, as the API gives them', () => {
          const { report, series } = get();
          const { summary, previous, yearBefore } = printed();
          const figures = report.figures as ReportFigures;
          expect(figures.summary).toEqual(summary);
          expect(figures.previous).toEqual(previous);
          expect(figures.yearBefore).toEqual(yearBefore);
          // The charts and the monthly table are drawn from these series.
          expect(figures.series).toEqual(series);
          // The map's circles (counted by StatsService) add up to the evictions of the summary.
          const circles = figures.mapPoints.reduce((sum, point) => sum + point.count, 0);
          expect(circles).toBe(kind.kind === 'press-release' ? 0 : summary.evictions.total);
        });

        it('prints the periods compared with in the head of the key-figures table', () => {
          const { summary, yearBefore } = printed();
          const t = messages(lang);
          const text = pdfText(get().file);
          const head = text.split('\n').find((row) => row.trim().startsWith(t['figures.figure']!));
          const period = ({ from, to }: { from: string; to: string }) => formatPeriod(from, to, lang);
          expect(flat(head?.trim() ?? '')).toBe(
            flat(
              [
                t['figures.figure'],
                period(summary.periods.current),
                period(summary.periods.previous),
                t['figures.change'],
                ...(yearBefore ? [period(summary.periods.yearBefore!)] : []),
              ].join(' '),
            ),
          );
        });

        it('prints each key figure, its previous value, the change and its value a year before as the API gives them', () => {
          const { summary, previous, yearBefore } = printed();
          const t = messages(lang);
          const text = pdfText(get().file);
          const now = keyFigures(summary);
          const before = keyFigures(previous);
          const yearAgo = yearBefore ? keyFigures(yearBefore) : null;
          for (const key of Object.keys(now)) {
            const columns = keyFigureColumns(text, t[`figure.${key}`]!);
            expect(columns.map(flat), key).toEqual(
              [
                formatNumber(now[key]!, lang),
                formatNumber(before[key]!, lang),
                formatChange(now[key]!, before[key]!, lang),
                ...(yearAgo ? [formatNumber(yearAgo[key]!, lang)] : []),
              ].map(flat),
            );
          }
        });

        if (kind.kind !== 'press-release') {
          it('prints the evictions per commune, the seizures, the incidents and the shares of the API', () => {
            const { summary } = printed();
            const { areaSummaries } = get();
            const t = messages(lang);
            const text = pdfText(get().file);
            // Communes: the annual report has a table per area (the quiet ones have none), then the whole territory's.
            const tables = [
              ...areaSummaries.filter((area) => area.evictions.total > 0 || area.incidents.total > 0),
              summary,
            ];
            expect(summary.evictions.byCommune.length).toBeGreaterThan(0);
            for (const { name } of summary.evictions.byCommune) {
              const expected = (kind.kind === 'annual-report' ? tables : [summary]).flatMap((scope) =>
                scope.evictions.byCommune.filter((row) => row.name === name).map((row) => [row.count]),
              );
              expect(tableRows(text, name), name).toEqual(expected);
            }
            // The seizures table (after the chart, whose labels are the same words).
            const seizuresTable = text.slice(text.indexOf(t['seizures.item']!));
            for (const item of SEIZURE_ITEMS.codes) {
              const { quantity, destroyed } = summary.seizures.byItem[item];
              expect(tableRows(seizuresTable, SEIZURE_ITEMS.label(item, lang)), item).toEqual(
                quantity > 0 ? [[quantity, destroyed]] : [],
              );
            }
            expect(sentenceValues(text, t, 'seizures.groups')).toEqual({
              tents: summary.seizures.tentsAndTarps,
              bags: summary.seizures.sleepingBagsAndBlankets,
            });
            for (const type of INCIDENT_TYPES.codes) {
              const count = summary.incidents.byType[type];
              expect(tableRows(text, INCIDENT_TYPES.label(type, lang)), type).toEqual(
                count > 0 ? [[count]] : [],
              );
            }
            for (const name of [
              'withoutInterpreters',
              'withShelterOffered',
              'withObservationObstructed',
            ] as const) {
              const share = summary.shares[name];
              const sentence = translate(
                t,
                `share.${name}`,
                { count: share.count, known: share.known, pct: formatPercent(share.ofKnown, lang) },
                lang,
              );
              expect(flat(text), name).toContain(flat(sentence));
            }
          });
        }

        if (kind.kind === 'annual-report') {
          it('prints every month of the API’s series, and the arrests and obstruction of the summary', () => {
            const { series } = get();
            const { summary } = printed();
            const t = messages(lang);
            const text = flat(pdfText(get().file));
            const [evictions] = series;
            expect(evictions?.buckets).toHaveLength(12);
            for (const [index, bucket] of evictions!.buckets.entries()) {
              const values = series
                .map((metric) => formatNumber(metric.buckets[index]!.value, lang))
                .join(' ');
              // A long month name wraps in its cell: pdftotext then prints its year after the figures.
              const [name, year] = [formatMonth(bucket.period, lang).slice(0, -5), bucket.period.slice(0, 4)];
              const rows = [`${name} ${year} ${values}`, `${name} ${values} ${year}`].map(flat);
              expect(
                rows.some((row) => text.includes(row)),
                `${bucket.period}: ${rows[0]}`,
              ).toBe(true);
            }
            expect(sentenceValues(text, t, 'arrests.text')).toEqual({
              arrests: summary.arrests,
              incidents: summary.incidents.byType.arrest,
            });
            expect(sentenceValues(text, t, 'obstruction.text')).toEqual({
              count: summary.withObservationObstructed,
              incidents: summary.incidents.againstObservers,
            });
          });
        }
      });
    }
  }
});
