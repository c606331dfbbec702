import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { barChartSvg, compiledChartCount } from './charts';
import { mapSvg } from './map';
import { REPORT_KINDS, REPORT_LANGS, type ReportKind } from './report-params';
import { findTemplatesDir, ReportEngine, type ReportDocument } from './report-engine';
import { TrustedMarkup } from './trusted-markup';

const engine = new ReportEngine();
let chart: TrustedMarkup;
const map = mapSvg(
  [
    {
      code: '62193',
      name: 'Calais <b>',
      highlighted: true,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1000, 0],
            [1000, 1000],
            [0, 0],
          ],
        ],
      },
    },
  ],
  [{ x: 500, y: 300, count: 3 }],
  { width: 300, height: 200, legendTitle: 'Légende <i>', formatCount: String },
);

beforeAll(async () => {
  chart = await barChartSvg(
    [
      { label: '1', value: 2 },
      { label: '2 <b>', value: 0 },
    ],
    { lang: 'fr', width: 200, height: 80 },
  );
});

/** `reports-templates/<kind>/sample.json`, with the markup our code draws (not JSON) added. */
function sample(kind: ReportKind, lang: 'fr' | 'en'): ReportDocument {
  const model = JSON.parse(
    readFileSync(join(findTemplatesDir(), kind, 'sample.json'), 'utf8'),
  ) as ReportDocument;
  return { ...model, lang, charts: { perDay: chart, perMonth: chart, seizures: chart }, map };
}

describe(ReportEngine.name, () => {
  it('prints unescaped nothing but our own markup: no triple-stash in any template or partial', () => {
    const root = findTemplatesDir();
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.hbs'),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(join(root, file), 'utf8')).not.toContain('{{{');
  });

  for (const kind of REPORT_KINDS) {
    for (const lang of REPORT_LANGS) {
      it(`renders the ${kind} sample in ${lang}, user text escaped`, () => {
        const html = engine.render(kind, sample(kind, lang));
        expect(html.startsWith('<!doctype html>')).toBe(true);
        expect(html).toContain(`<html lang="${lang}">`);
        expect(html).toContain('@page');
        expect(html).not.toMatch(/<script/i);
        expect(html).not.toContain('<b>');
        expect(html).not.toContain('<i>');
        if (kind !== 'press-release') {
          expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; {{constructor}}');
          expect(html).toContain('Calais &lt;b&gt;');
        }
      });
    }
  }

  it('has every sentence in both languages', () => {
    expect(Object.keys(engine.translations('en')).sort()).toEqual(
      Object.keys(engine.translations('fr')).sort(),
    );
  });

  it('is strict: a field missing from the model is an error, not an empty string', () => {
    const { summary: _summary, ...noSummary } = sample('monthly-note', 'fr');
    expect(() => engine.render('monthly-note', noSummary as ReportDocument)).toThrow();
    const { notable: _notable, ...noNotable } = sample('monthly-note', 'fr');
    expect(() => engine.render('monthly-note', noNotable as ReportDocument)).toThrow();
  });

  it('refuses a string where chart markup is expected', () => {
    const model = {
      ...sample('monthly-note', 'fr'),
      charts: { perDay: '<svg onload="x()">', seizures: chart },
    };
    expect(() => engine.render('monthly-note', model)).toThrow(/only markup generated/);
  });
});

describe('barChartSvg', () => {
  it('draws one bar per category even when labels repeat (days of two months), labels every n-th', async () => {
    const data = ['2025-03-31', '2025-04-01', '2025-04-30', '2025-05-01'].map((day, i) => ({
      key: day,
      label: String(Number(day.slice(8))),
      value: i + 1,
    }));
    const svg = (await barChartSvg(data, { lang: 'en', width: 200, height: 80, labelEvery: 2 })).markup;
    expect(svg.match(/aria-roledescription="bar"/g)).toHaveLength(4);
    expect(svg.match(/<text[^>]*>31<\/text>/g)).toHaveLength(1);
    expect(svg.match(/<text[^>]*>30<\/text>/g)).toHaveLength(1);
    expect(svg).not.toMatch(/<text[^>]*>1<\/text>/);
  });

  it('compiles a chart once per shape and draws the counts of each call, as an inline-data compilation does', async () => {
    const days = ['2031-01-01', '2031-01-02', '2031-01-03'];
    const options = { lang: 'fr' as const, width: 300, height: 90 };
    const data = (values: number[]) =>
      days.map((day, i) => ({ key: day, label: day.slice(8), value: values[i] as number }));
    const first = (await barChartSvg(data([1, 2, 3]), options)).markup;
    const compiled = compiledChartCount();
    const second = (await barChartSvg(data([300, 2, 1]), options)).markup;
    const again = (await barChartSvg(data([1, 2, 3]), options)).markup;
    // Same categories and size: the compiled chart is reused, the counts are not.
    expect(compiledChartCount()).toBe(compiled);
    expect(second).not.toBe(first);
    expect(again).toBe(first);

    // The bytes a chart compiled with its data inline (as before the cache) would have had.
    const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
    const inlineSvg = async (values: number[], horizontal: boolean) => {
      const keys = days;
      const index = `indexof(${JSON.stringify(keys)}, datum.value)`;
      const category = {
        field: 'key',
        type: 'ordinal',
        sort: keys,
        title: null,
        axis: {
          labelAngle: 0,
          labelExpr: `${JSON.stringify(keys.map((day) => day.slice(8)))}[${index}]`,
          labelLimit: 180,
        },
      };
      const value = {
        field: 'value',
        type: 'quantitative',
        title: null,
        axis: { format: ',d', tickMinStep: 1 },
      };
      const spec = {
        width: 300,
        height: 90,
        data: { values: keys.map((key, i) => ({ key, value: values[i] })) },
        mark: { type: 'bar', color: '#1f4e79' },
        encoding: horizontal ? { y: category, x: value } : { x: category, y: value },
        config: {
          font: 'Noto Sans',
          locale: { number: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'] } },
          view: { stroke: null },
          axis: {
            labelFont: 'Noto Sans',
            titleFont: 'Noto Sans',
            labelFontSize: 9,
            titleFontSize: 9,
            grid: false,
          },
          background: null,
        },
      };
      const view = new vega.View(
        vega.parse(vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec),
        { renderer: 'none' },
      );
      const svg = await view.toSVG();
      view.finalize();
      return svg.replace(/^<svg /, '<svg role="img" class="chart" ');
    };
    expect(second).toBe(await inlineSvg([300, 2, 1], false));
    const horizontal = (await barChartSvg(data([5, 0, 7]), { ...options, horizontal: true })).markup;
    expect(horizontal).toBe(await inlineSvg([5, 0, 7], true));
  });
});
