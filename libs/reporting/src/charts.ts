import type { ReportLang } from './report-params';
import { TrustedMarkup } from './trusted-markup';

/*
 * Charts as inline SVG, drawn by Vega-Lite on the server (no canvas, no browser): the page that
 * prints them needs no script and no network. Vega has a top-level await, so it is imported
 * dynamically (a CommonJS `require` cannot load it).
 */

export const CHART_FONT = 'Noto Sans';

export interface BarDatum {
  /** Category shown on the axis (already translated). */
  label: string;
  value: number;
  /** Identity of the category when labels may repeat (days of two months): defaults to the label. */
  key?: string;
}

export interface BarChartOptions {
  lang: ReportLang;
  width: number;
  height: number;
  /** Horizontal bars, for long category names (seizure items, incident types). */
  horizontal?: boolean;
  color?: string;
  /** Axis title of the values. */
  valueTitle?: string;
  /** Show every n-th category label only (a month of days). */
  labelEvery?: number;
}

// d3-format locales: French groups thousands with a narrow no-break space and uses a decimal comma.
const NUMBER_LOCALES = {
  fr: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'] },
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['£', ''] },
} as const;

type VegaLiteSpec = Record<string, unknown>;

/** The data set a chart's spec names; its rows are given to each view, never kept with the spec. */
const DATA = 'values';

/**
 * Compiled charts (Vega-Lite → Vega → runtime dataflow), keyed by their spec without the data: the
 * sizes, the categories and their labels, the language. A monthly note of the same month, or the
 * yearly chart of the same year, compiles once; the counts are inserted in a new view each time,
 * so nothing drawn is kept. Bounded: the least recently used entry goes first.
 */
const COMPILED_LIMIT = 64;
const compiledCharts = new Map<string, unknown>();

async function runtimeOf(spec: VegaLiteSpec): Promise<unknown> {
  const key = JSON.stringify(spec);
  const cached = compiledCharts.get(key);
  if (cached !== undefined) {
    compiledCharts.delete(key);
    compiledCharts.set(key, cached);
    return cached;
  }
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const runtime = vega.parse(compiled);
  compiledCharts.set(key, runtime);
  if (compiledCharts.size > COMPILED_LIMIT) {
    compiledCharts.delete(compiledCharts.keys().next().value as string);
  }
  return runtime;
}

/** Compiled charts held (tests). */
export function compiledChartCount(): number {
  return compiledCharts.size;
}

async function toSvg(spec: VegaLiteSpec, rows: readonly Record<string, unknown>[]): Promise<TrustedMarkup> {
  const runtime = await runtimeOf({ ...spec, data: { name: DATA } });
  const vega = await import('vega');
  const view = new vega.View(runtime as ReturnType<typeof vega.parse>, { renderer: 'none' });
  try {
    view.data(
      DATA,
      rows.map((row) => ({ ...row })),
    );
    const svg = await view.toSVG();
    // Vega sizes the root element in pixels; the page scales it to its column.
    return new TrustedMarkup(svg.replace(/^<svg /, '<svg role="img" class="chart" '));
  } finally {
    view.finalize();
  }
}

function baseConfig(lang: ReportLang): Record<string, unknown> {
  return {
    font: CHART_FONT,
    locale: { number: NUMBER_LOCALES[lang] },
    view: { stroke: null },
    axis: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 9, titleFontSize: 9, grid: false },
    background: null,
  };
}

/** A bar chart of categories in the given order. */
export function barChartSvg(data: readonly BarDatum[], options: BarChartOptions): Promise<TrustedMarkup> {
  const every = options.labelEvery ?? 1;
  const keys = data.map((datum) => datum.key ?? datum.label);
  const labels = data.map((datum) => datum.label);
  // Categories are keyed (unique); the axis prints their labels, every n-th one.
  const index = `indexof(${JSON.stringify(keys)}, datum.value)`;
  const label = `${JSON.stringify(labels)}[${index}]`;
  const category = {
    field: 'key',
    type: 'ordinal',
    sort: keys,
    title: null,
    axis: {
      labelAngle: 0,
      labelExpr: every > 1 ? `${index} % ${every} === 0 ? ${label} : ''` : label,
      labelLimit: 180,
    },
  };
  const value = {
    field: 'value',
    type: 'quantitative',
    title: options.valueTitle ?? null,
    axis: { format: ',d', tickMinStep: 1 },
  };
  return toSvg(
    {
      width: options.width,
      height: options.height,
      mark: { type: 'bar', color: options.color ?? '#1f4e79' },
      encoding: options.horizontal ? { y: category, x: value } : { x: category, y: value },
      config: baseConfig(options.lang),
    },
    data.map((datum, i) => ({ key: keys[i], value: datum.value })),
  );
}
