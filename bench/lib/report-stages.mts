/**
 * Where a report's time goes, stage by stage, in this process: the compiled composer
 * (dist/apps/api/src/reports/composer) on the benchmark database and the compiled PdfRenderer, each
 * given a `StageTimings` (libs/reporting/src/stage-timings.ts), the way the report worker times a job.
 * Used by the reports benchmark (bench/lib/reports.mts, part (f)).
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { round, type Stats, summarize } from './stats.mts';

export type StageKind = 'monthly-note' | 'annual-report';

export interface StageBreakdown {
  kind: StageKind;
  runs: number;
  /** Composition (figures, charts, map, template) and printing, wall time. */
  compose: Stats;
  render: Stats;
  total: Stats;
  /** Median per stage, in the order the stages ran; stages in parallel overlap (see `wall`). */
  stages: { stage: string; median: number; max: number }[];
  pages: number;
}

interface Timings {
  ms: Record<string, number>;
}

interface Composer {
  compose(
    params: Record<string, unknown>,
    actor: Record<string, unknown>,
    context: { reportId: null },
    timings?: Timings,
  ): Promise<{ html: string }>;
}

interface Renderer {
  render(
    html: string,
    onProgress?: (percent: number) => void,
    timings?: Timings,
  ): Promise<{ pageCount: number }>;
  warmUp(): Promise<void>;
  close(): Promise<void>;
  spare: Promise<unknown> | null;
}

interface DataSourceLike {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
}

/**
 * `runs` timed compositions and prints of each kind after one untimed (warm: the second and later
 * runs of one process), one after the other; the renderer's prepared page is left to finish before
 * each print, as between two jobs.
 */
export async function measureStages(options: {
  root: string;
  databaseUrl: string;
  executablePath: string;
  actorEmail: string;
  periods: Record<StageKind, { from: string; to: string }>;
  runs: number;
}): Promise<StageBreakdown[]> {
  const { root } = options;
  const dist = (path: string) => join(root, 'dist', path);
  const requireCompiled = createRequire(join(root, 'package.json'));
  const load = <T,>(path: string): T => requireCompiled(dist(path)) as T;
  const { DataSource } = requireCompiled('typeorm') as {
    DataSource: new (options: unknown) => DataSourceLike;
  };
  const { StatsService } = load<{ StatsService: new (repository: unknown) => unknown }>(
    'apps/api/src/stats/stats.service.js',
  );
  const { StatsRepository } = load<{ StatsRepository: new (dataSource: unknown) => unknown }>(
    'apps/api/src/stats/stats.repository.js',
  );
  const { ReportComposer } = load<{ ReportComposer: new (...args: unknown[]) => Composer }>(
    'apps/api/src/reports/composer/report-composer.js',
  );
  const { ReportComposerRepository } = load<{
    ReportComposerRepository: new (dataSource: unknown) => unknown;
  }>('apps/api/src/reports/composer/report-composer.repository.js');
  const { CaseDossierComposer } = load<{ CaseDossierComposer: new (...args: unknown[]) => unknown }>(
    'apps/api/src/reports/composer/case-dossier/case-dossier-composer.js',
  );
  const { CaseDossierRepository } = load<{ CaseDossierRepository: new (dataSource: unknown) => unknown }>(
    'apps/api/src/reports/composer/case-dossier/case-dossier.repository.js',
  );
  const { LegalCasesRepository } = load<{ LegalCasesRepository: new (dataSource: unknown) => unknown }>(
    'apps/api/src/legal/cases/legal-cases.repository.js',
  );
  const reporting = load<{
    PdfRenderer: new (options: { executablePath: string }) => Renderer;
    StageTimings?: new () => Timings;
  }>('libs/reporting/src/index.js');
  const { PdfRenderer } = reporting;
  // A build without stage timings (before issue 16) still gives the wall times.
  const StageTimings =
    reporting.StageTimings ??
    class {
      ms: Record<string, number> = {};
    };

  // The API's connection options (pool, time zone, no JIT), as the server connects.
  const { dataSourceOptions } = load<{ dataSourceOptions(url: string, applicationName?: string): unknown }>(
    'db/data-source.js',
  );
  const dataSource = new DataSource(dataSourceOptions(options.databaseUrl, 'vigie-bench-report-stages'));
  await dataSource.initialize();
  const renderer = new PdfRenderer({ executablePath: options.executablePath });
  try {
    const [user] = await dataSource.query(`SELECT id, email, name, role FROM users WHERE email = $1`, [
      options.actorEmail,
    ]);
    if (!user) throw new Error(`report stages: no account ${options.actorEmail}`);
    const actor = { ...user, sessionId: '', ip: '' };
    const composerRepository = new ReportComposerRepository(dataSource);
    const composer = new ReportComposer(
      new StatsService(new StatsRepository(dataSource)),
      composerRepository,
      new CaseDossierComposer(
        new LegalCasesRepository(dataSource),
        new CaseDossierRepository(dataSource),
        composerRepository,
      ),
    );
    await renderer.warmUp();
    const results: StageBreakdown[] = [];
    for (const kind of Object.keys(options.periods) as StageKind[]) {
      const params = { kind, ...options.periods[kind], area: null, lang: 'fr' };
      const samples = { compose: [] as number[], render: [] as number[], total: [] as number[] };
      const perStage = new Map<string, number[]>();
      let pages = 0;
      for (let i = 0; i <= options.runs; i++) {
        await renderer.spare;
        const timings = new StageTimings();
        const started = performance.now();
        const { html } = await composer.compose(params, actor, { reportId: null }, timings);
        const composed = performance.now();
        pages = (await renderer.render(html, undefined, timings)).pageCount;
        const printed = performance.now();
        if (i === 0) continue; // untimed: the first of its kind compiles templates and charts
        samples.compose.push(composed - started);
        samples.render.push(printed - composed);
        samples.total.push(printed - started);
        for (const [stage, ms] of Object.entries(timings.ms)) {
          perStage.set(stage, [...(perStage.get(stage) ?? []), ms]);
        }
      }
      results.push({
        kind,
        runs: options.runs,
        compose: summarize(samples.compose),
        render: summarize(samples.render),
        total: summarize(samples.total),
        stages: [...perStage].map(([stage, values]) => {
          const stats = summarize(values);
          return { stage, median: round(stats.median), max: round(stats.max) };
        }),
        pages,
      });
    }
    return results;
  } finally {
    await renderer.close();
    await dataSource.destroy();
  }
}
