/**
 * Where the time that authentication and auditing add goes: the application's own compiled code
 * (`SessionsRepository.findLive`, `AuditService.record`) run directly on a TypeORM DataSource set up
 * like the API's pool, next to a bare round trip and an empty transaction. Every audit write happens
 * in a transaction that is rolled back, and the audit table's row count is checked to be unchanged.
 * Also verifies the audit chain of the benchmark database with the code of `npm run audit:verify`.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { round, type Stats, summarize } from './stats.mts';

interface QueryRunnerLike {
  query(text: string, params?: unknown[]): Promise<unknown>;
}
interface DataSourceLike extends QueryRunnerLike {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
  transaction<T>(work: (manager: QueryRunnerLike) => Promise<T>): Promise<T>;
}

interface Compiled {
  DataSource: new (options: unknown) => DataSourceLike;
  dataSourceOptions(url: string): Record<string, unknown>;
  SessionsRepository: new (dataSource: QueryRunnerLike) => { findLive(hash: string): Promise<unknown> };
  AuditService: new () => { record(manager: QueryRunnerLike, entry: unknown): Promise<void> };
  diffRecords(entity: string, before: unknown, after: unknown): unknown;
  hashSessionToken(token: string): string;
  verifyAuditChain(
    dataSource: DataSourceLike,
  ): Promise<{ ok: boolean; count: number; headHash?: string; brokenAtId?: string; reason?: string }>;
}

function loadCompiled(root: string): Compiled {
  const requireCompiled = createRequire(join(root, 'package.json'));
  const load = <T,>(path: string): T => requireCompiled(join(root, path)) as T;
  requireCompiled('reflect-metadata');
  return {
    DataSource: (requireCompiled('typeorm') as { DataSource: Compiled['DataSource'] }).DataSource,
    dataSourceOptions: load<Pick<Compiled, 'dataSourceOptions'>>('dist/db/data-source.js').dataSourceOptions,
    SessionsRepository: load<Pick<Compiled, 'SessionsRepository'>>(
      'dist/apps/api/src/auth/sessions.repository.js',
    ).SessionsRepository,
    ...load<Pick<Compiled, 'AuditService' | 'diffRecords'>>('dist/apps/api/src/audit/audit.service.js'),
    hashSessionToken: load<Pick<Compiled, 'hashSessionToken'>>('dist/apps/api/src/auth/session-token.js')
      .hashSessionToken,
    verifyAuditChain: load<Pick<Compiled, 'verifyAuditChain'>>(
      'dist/apps/api/src/audit/audit-verification.js',
    ).verifyAuditChain,
  };
}

export interface PartsResult {
  iterations: number;
  series: { label: string; stats: Stats }[];
  /** EXPLAIN (ANALYZE, BUFFERS) of the guard's session lookup, as the guard sends it. */
  sessionLookupPlan: string[];
  auditRowsUnchanged: boolean;
  chain: { ok: boolean; count: number; detail: string };
}

class Rollback extends Error {}

const label = (sql: string): string => {
  const text = sql.replace(/\s+/g, ' ').trim();
  if (/pg_advisory_xact_lock/i.test(text)) return 'audit: advisory lock';
  if (/^SELECT hash FROM audit_events/i.test(text)) return 'audit: head read';
  if (/^INSERT INTO audit_events/i.test(text)) return 'audit: insert of the event';
  return `audit: ${text.slice(0, 40)}…`;
};

/**
 * @param bearer the "with" side's `authorization` header value (its session is looked up)
 * @param record a record as the create path returned it, diffed as the service does for a create
 */
export async function measureParts(options: {
  root: string;
  url: string;
  bearer: string;
  record: Record<string, unknown>;
  actorId: string;
  iterations: number;
}): Promise<PartsResult> {
  const compiled = loadCompiled(options.root);
  const dataSource = new compiled.DataSource({ ...compiled.dataSourceOptions(options.url), logging: false });
  await dataSource.initialize();
  try {
    const tokenHash = compiled.hashSessionToken(options.bearer.replace(/^Bearer /, ''));
    const sessions = new compiled.SessionsRepository(dataSource);
    if (!(await sessions.findLive(tokenHash))) throw new Error('The benchmark session is not live any more');
    const audit = new compiled.AuditService();
    const entry = {
      actorId: options.actorId,
      action: 'create',
      entity: 'observations',
      entityId: String(options.record.id),
      diff: compiled.diffRecords('observations', null, options.record),
      context: { ip: '127.0.0.1' },
    };
    const countAudit = async (): Promise<number> =>
      ((await dataSource.query('SELECT count(*)::int AS n FROM audit_events')) as { n: number }[])[0]?.n ??
      -1;
    const auditRowsBefore = await countAudit();

    const rolledBack = async (work: (manager: QueryRunnerLike) => Promise<void>): Promise<void> => {
      try {
        await dataSource.transaction(async (manager) => {
          await work(manager);
          throw new Rollback();
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
    };

    const series = new Map<string, number[]>();
    const add = (name: string, ms: number): void => {
      const list = series.get(name) ?? [];
      list.push(ms);
      series.set(name, list);
    };
    const timed = async (name: string | null, work: () => Promise<unknown>): Promise<void> => {
      const started = performance.now();
      await work();
      if (name !== null) add(name, performance.now() - started);
    };
    // Interleaved, one of each per iteration, so that load changes hit every series alike.
    const warmup = 30;
    for (let i = -warmup; i < options.iterations; i++) {
      const keep = i >= 0;
      await timed(keep ? 'round trip: SELECT 1' : null, () => dataSource.query('SELECT 1'));
      await timed(keep ? 'guard: SessionsRepository.findLive' : null, () => sessions.findLive(tokenHash));
      await timed(keep ? 'empty transaction (BEGIN … ROLLBACK)' : null, () => rolledBack(async () => {}));
      await timed(keep ? 'transaction + AuditService.record (rolled back)' : null, () =>
        rolledBack((manager) => audit.record(manager, entry)),
      );
      // The same record() again, each of its statements timed as it reaches the database.
      await rolledBack((manager) =>
        audit.record(
          {
            query: async (text: string, params?: unknown[]) => {
              const started = performance.now();
              const result = await manager.query(text, params);
              if (keep) add(label(text), performance.now() - started);
              return result;
            },
          },
          entry,
        ),
      );
    }

    // The session lookup exactly as the guard sends it, captured from the repository itself.
    let captured: { text: string; params: unknown[] } | null = null;
    await new compiled.SessionsRepository({
      query: async (text: string, params?: unknown[]) => {
        captured = { text, params: params ?? [] };
        return [];
      },
    }).findLive(tokenHash);
    const lookup = captured as { text: string; params: unknown[] } | null;
    const plan = lookup
      ? (
          (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${lookup.text}`, lookup.params)) as Record<
            string,
            string
          >[]
        ).map((row) => row['QUERY PLAN'] ?? '')
      : [];

    const auditRowsAfter = await countAudit();
    const verdict = await compiled.verifyAuditChain(dataSource);
    return {
      iterations: options.iterations,
      series: [...series.entries()].map(([name, samples]) => ({ label: name, stats: summarize(samples) })),
      sessionLookupPlan: plan,
      auditRowsUnchanged: auditRowsAfter === auditRowsBefore,
      chain: {
        ok: verdict.ok,
        count: verdict.count,
        detail: verdict.ok
          ? `${verdict.count} events, head ${verdict.headHash?.slice(0, 16)}…`
          : `BROKEN at event ${verdict.brokenAtId} (${verdict.reason})`,
      },
    };
  } finally {
    await dataSource.destroy();
  }
}

export function partsMarkdown(parts: PartsResult): string[] {
  const ms = (value: number): string => `${value.toFixed(2)} ms`;
  const find = (name: string): Stats | undefined => parts.series.find((s) => s.label === name)?.stats;
  const floor = find('round trip: SELECT 1');
  const emptyTx = find('empty transaction (BEGIN … ROLLBACK)');
  const lookup = find('guard: SessionsRepository.findLive');
  const record = find('transaction + AuditService.record (rolled back)');
  return [
    '## Where the added time goes',
    '',
    `The application's own compiled code, called directly on a TypeORM DataSource configured like the API's pool, ${parts.iterations} interleaved iterations after the two servers stopped. Every audit write was rolled back (audit row count unchanged: ${parts.auditRowsUnchanged ? 'yes' : '**NO**'}).`,
    '',
    '| series | median | p95 | mean |',
    '|---|---:|---:|---:|',
    ...parts.series.map(
      (s) => `| ${s.label} | ${ms(s.stats.median)} | ${ms(s.stats.p95)} | ${ms(s.stats.mean)} |`,
    ),
    '',
    ...(floor && emptyTx && lookup && record
      ? [
          `Authentication ≈ ${ms(lookup.median)} per request (one round trip, ${ms(round(lookup.median - floor.median))} above a bare \`SELECT 1\`); auditing ≈ ${ms(round(record.median - emptyTx.median))} per change (three sequential statements in the caller's transaction, medians over an empty transaction). The guard's \`last_seen_at\` touch (an UPDATE) happens at most once a minute per session.`,
          '',
        ]
      : []),
    'Session lookup as the guard sends it, `EXPLAIN (ANALYZE, BUFFERS)`:',
    '',
    '```',
    ...parts.sessionLookupPlan,
    '```',
    '',
    `Audit chain of the benchmark database after the run (same code as \`npm run audit:verify\`): ${parts.chain.ok ? 'OK' : '**BROKEN**'}, ${parts.chain.detail}.`,
    '',
  ];
}
