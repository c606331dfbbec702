import { Injectable } from '@nestjs/common';
import { AREAS, type Area, type Period, SEIZURE_ITEMS } from '@vigie/domain';
import {
  barChartSvg,
  type CaseDossierParams,
  formatNumber,
  formatShortMonth,
  isCaseDossier,
  mapSvg,
  type PeriodicReportParams,
  projectOutlines,
  type ProjectedOutlines,
  ReportEngine,
  type ReportDocument,
  type ReportParams,
  type StageTimings,
  timed,
  translate,
  type TrustedMarkup,
} from '@vigie/reporting';
import type { Actor } from '../../auth/actor';
import type { RawQuery } from '../../common/list-query/parse-list-query';
import type { StatsMetric } from '@vigie/domain';
import { StatsService } from '../../stats/stats.service';
import type { StatsSeries, StatsSummary } from '@vigie/domain';
import { CaseDossierComposer, type DossierContext } from './case-dossier/case-dossier-composer';
import type { CaseDossierFigures } from './case-dossier/case-dossier-model';
import { type CommuneOutline, ReportComposerRepository } from './report-composer.repository';
import {
  incidentRows,
  keyFigureRows,
  MONTHLY_METRICS,
  type MonthlyMetric,
  monthRows,
  type ReportFigures,
  type ReportModel,
  seizureRows,
} from './report-model';

/** How many public summaries a document prints at most. */
const NOTABLE_LIMIT = { 'monthly-note': 5, 'annual-report': 12, 'press-release': 0 } as const;

/** The territory map of the periodic publications. */
const MAP_FRAME = { width: 640, height: 330 } as const;

/** Publications with a « litigation news » section. */
const WITH_LITIGATION: readonly PeriodicReportParams['kind'][] = ['monthly-note', 'annual-report'];

/**
 * Builds a report: figures from StatsService (the only code that counts), the map from PostGIS,
 * the public summaries allowed to appear, then the HTML through libs/reporting. The HTML is what
 * the PDF is printed from and what the preview shows; the figures are what the report stores.
 * A case dossier is built by CaseDossierComposer and printed by the same engine.
 */
@Injectable()
export class ReportComposer {
  private readonly engine = new ReportEngine();
  /**
   * The map's communes projected once per territory (all areas, or one area): at most one entry
   * per area and one for all, dropped when the repository reads the outlines anew. Reference data,
   * the same for every reader.
   */
  private readonly projected = new Map<string, { source: CommuneOutline[]; outlines: ProjectedOutlines }>();

  constructor(
    private readonly stats: StatsService,
    private readonly repository: ReportComposerRepository,
    private readonly dossiers: CaseDossierComposer,
  ) {}

  compose(
    params: PeriodicReportParams,
    actor: Actor,
    context?: DossierContext,
    timings?: StageTimings,
  ): Promise<{ html: string; figures: ReportFigures }>;
  compose(
    params: CaseDossierParams,
    actor: Actor,
    context?: DossierContext,
    timings?: StageTimings,
  ): Promise<{ html: string; figures: CaseDossierFigures }>;
  compose(
    params: ReportParams,
    actor: Actor,
    context?: DossierContext,
    timings?: StageTimings,
  ): Promise<{ html: string; figures: ReportFigures | CaseDossierFigures }>;
  /** `timings`, when given, receives the time of each stage (figures, charts, map, template). */
  async compose(
    params: ReportParams,
    actor: Actor,
    context: DossierContext = { reportId: null },
    timings?: StageTimings,
  ): Promise<{ html: string; figures: ReportFigures | CaseDossierFigures }> {
    if (isCaseDossier(params)) {
      const strings = this.translations(params.lang);
      const { model, figures } = await timed(timings, 'dossier model', () =>
        this.dossiers.model(params, actor, context, (key) => translate(strings, key, {}, params.lang)),
      );
      return { html: this.render(params.kind, model, timings), figures };
    }
    const { model, figures } = await this.model(params, actor, timings);
    return { html: this.render(params.kind, model, timings), figures };
  }

  private render(kind: ReportParams['kind'], model: ReportDocument, timings?: StageTimings): string {
    return timings
      ? timings.timeSync('template (Handlebars)', () => this.engine.render(kind, model))
      : this.engine.render(kind, model);
  }

  /** The data the template prints (also what `reports-templates/<kind>/sample.json` holds). */
  async model(
    params: PeriodicReportParams,
    actor: Actor,
    timings?: StageTimings,
  ): Promise<{ model: ReportModel; figures: ReportFigures }> {
    const period: Period = { from: params.from, to: params.to };
    const generatedAt = new Date().toISOString();
    const step = <T>(stage: string, work: () => Promise<T>) => timed(timings, stage, work);
    const stepSync = <T>(stage: string, work: () => T) => (timings ? timings.timeSync(stage, work) : work());

    const [compared, areaSummaries, demo, communes, points, notable, litigation, asked] = await step(
      'figures, all queries (wall)',
      () =>
        Promise.all([
          // The figures of the period and of the periods StatsService compares it with, in one answer.
          step('figures: summary and comparisons', () =>
            this.stats.summary(actor, { ...this.query(period, params.area), compare: 'true' }),
          ),
          params.kind === 'annual-report'
            ? step('figures: area summaries', () =>
                Promise.all(this.areasOf(params.area).map((area) => this.summary(actor, period, area))),
              )
            : Promise.resolve([]),
          step('figures: demo flag', () => this.repository.isDemoData()),
          params.kind === 'press-release'
            ? Promise.resolve([])
            : step('figures: commune outlines', () => this.repository.communeOutlines()),
          params.kind === 'press-release'
            ? Promise.resolve([])
            : step('figures: map points', () =>
                this.stats.mapPoints(actor, this.query(period, params.area), this.repository.mapPrivacy),
              ),
          NOTABLE_LIMIT[params.kind] > 0
            ? step('figures: public incidents', () =>
                this.repository.publicIncidents({ ...period, area: params.area }, NOTABLE_LIMIT[params.kind]),
              )
            : Promise.resolve([]),
          WITH_LITIGATION.includes(params.kind)
            ? step('figures: litigation news', () => this.repository.litigationNews(period))
            : Promise.resolve([]),
          // The series of the charts, beside the rest rather than after it.
          params.kind === 'press-release'
            ? Promise.resolve([])
            : step('figures: series', () =>
                params.kind === 'monthly-note'
                  ? Promise.all([this.series(actor, period, params.area, 'day', 'evictions')])
                  : Promise.all(
                      MONTHLY_METRICS.map((metric) =>
                        this.series(actor, period, params.area, 'month', metric),
                      ),
                    ),
              ),
        ]),
    );
    const { comparisons, ...summary } = compared;
    if (!comparisons) throw new Error('StatsService answered without the comparisons asked for');
    const { periods } = summary;
    const previousSummary = comparisons.previous;
    // Only the monthly note prints the same period a year before (a year has none: it is the previous).
    const yearAgo = params.kind === 'monthly-note' ? periods.yearBefore : null;
    const yearAgoSummary = yearAgo ? comparisons.yearBefore : null;

    const series: StatsSeries[] = [];
    let perDay: TrustedMarkup | null = null;
    let perMonth: TrustedMarkup | null = null;
    let months: ReportModel['months'] = [];
    if (params.kind === 'monthly-note') {
      const daily = asked[0] as StatsSeries;
      series.push(daily);
      perDay = await step('charts (Vega)', () =>
        barChartSvg(
          daily.buckets.map((bucket) => ({
            key: bucket.period,
            label: String(Number(bucket.period.slice(8, 10))),
            value: bucket.value,
          })),
          { lang: params.lang, width: 620, height: 150, labelEvery: Math.ceil(daily.buckets.length / 16) },
        ),
      );
    }
    if (params.kind === 'annual-report') {
      const monthly = asked;
      series.push(...monthly);
      const byMetric = Object.fromEntries(MONTHLY_METRICS.map((metric, i) => [metric, monthly[i]])) as Record<
        MonthlyMetric,
        StatsSeries
      >;
      months = monthRows(byMetric);
      perMonth = await step('charts (Vega)', () =>
        barChartSvg(
          byMetric.evictions.buckets.map((bucket) => ({
            key: bucket.period,
            label: `${formatShortMonth(bucket.period, params.lang)} ${bucket.period.slice(2, 4)}`,
            value: bucket.value,
          })),
          { lang: params.lang, width: 620, height: 170, labelEvery: Math.ceil(months.length / 24) },
        ),
      );
    }
    const seizures = seizureRows(summary);
    const seizuresChart =
      seizures.length > 0 && params.kind !== 'press-release'
        ? await step('charts (Vega)', () =>
            barChartSvg(
              seizures.map((row) => ({
                label: SEIZURE_ITEMS.label(row.item as (typeof SEIZURE_ITEMS.codes)[number], params.lang),
                value: row.quantity,
              })),
              { lang: params.lang, width: 480, height: Math.max(60, seizures.length * 18), horizontal: true },
            ),
          )
        : null;
    const engineTranslations = (key: string) =>
      translate(this.translations(params.lang), key, {}, params.lang);

    const model: ReportModel = {
      kind: params.kind,
      lang: params.lang,
      titleKey: `kind.${params.kind}`,
      from: params.from,
      to: params.to,
      area: params.area,
      generatedAt,
      demo,
      summary,
      periods,
      previous: { ...periods.previous, summary: previousSummary },
      yearBefore: yearAgo && yearAgoSummary ? { ...yearAgo, summary: yearAgoSummary } : null,
      keyFigures: keyFigureRows(summary, previousSummary, yearAgoSummary),
      seizureRows: seizures,
      incidentRows: incidentRows(summary),
      notable,
      // Only the annual report has a section per area (and only it asks for their summaries).
      areaSections:
        params.kind === 'annual-report'
          ? this.areasOf(params.area).map((area, i) => {
              const areaSummary = areaSummaries[i] as StatsSummary;
              return { area, summary: areaSummary, quiet: isQuiet(areaSummary) };
            })
          : [],
      months,
      litigation: { cases: litigation },
      charts: { perDay, perMonth, seizures: seizuresChart },
      map: stepSync('map (projection and SVG)', () =>
        mapSvg(this.outlines(communes, params.area), points, {
          ...MAP_FRAME,
          legendTitle: engineTranslations('map.legend'),
          formatCount: (count) => formatNumber(count, params.lang),
        }),
      ),
      mapGrid: { ...this.repository.mapPrivacy },
    };
    return {
      model,
      figures: {
        params,
        generatedAt,
        summary,
        previous: previousSummary,
        yearBefore: yearAgoSummary,
        areas: params.kind === 'annual-report' ? areaSummaries : [],
        series,
        mapPoints: points,
      },
    };
  }

  /** The communes of the map projected for the territory: one area zooms on that area's communes. */
  private outlines(communes: CommuneOutline[], area: Area | null): ProjectedOutlines {
    const key = area ?? '*';
    const cached = this.projected.get(key);
    if (cached && cached.source === communes) return cached.outlines;
    const outlines = projectOutlines(
      communes
        .filter((commune) => area === null || commune.area === area)
        .map((commune) => ({ ...commune, highlighted: true })),
      MAP_FRAME,
    );
    // A press release has no outlines (and no map): nothing worth keeping.
    if (communes.length > 0) this.projected.set(key, { source: communes, outlines });
    return outlines;
  }

  private translations(lang: ReportParams['lang']) {
    return this.engine.translations(lang);
  }

  private areasOf(area: Area | null): Area[] {
    return area ? [area] : [...AREAS.codes];
  }

  private query(period: Period, area: Area | null): RawQuery {
    return { from: period.from, to: period.to, ...(area ? { area } : {}) };
  }

  private summary(actor: Actor, period: Period, area: Area | null): Promise<StatsSummary> {
    return this.stats.summary(actor, this.query(period, area));
  }

  private series(
    actor: Actor,
    period: Period,
    area: Area | null,
    interval: 'day' | 'month',
    metric: StatsMetric,
  ): Promise<StatsSeries> {
    return this.stats.series(actor, { ...this.query(period, area), interval, metric });
  }
}

/** Nothing observed in an area: its section says so in one line rather than in sentences of zeros. */
export function isQuiet(summary: StatsSummary): boolean {
  return summary.evictions.total === 0 && summary.incidents.total === 0;
}
