import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A statement the API runs, `$n` placeholders and the values bound to them. */
export interface SqlQuery {
  text: string;
  values: unknown[];
}

/** One statement kind to time: prepared once, executed with each iteration's values. */
export interface TimedStatement {
  name: string;
  text: string;
}

/** The values of each statement for one iteration, by statement name. */
export type Iteration = Record<string, unknown[]>;

/**
 * A SQL literal for a value the API binds as a parameter. Left untyped (`'…'`), PostgreSQL gives it
 * the parameter's type inferred at PREPARE, exactly as for the API's bound parameters.
 */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value instanceof Date) return quote(value.toISOString());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot bind ${value}`);
    return quote(String(value));
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(value);
  if (Array.isArray(value)) {
    const items = value.map((item) =>
      item === null
        ? 'NULL'
        : `"${String(item instanceof Date ? item.toISOString() : item).replace(/["\\]/g, '\\$&')}"`,
    );
    return quote(`{${items.join(',')}}`);
  }
  throw new TypeError(`Cannot write a literal for ${typeof value}`);
}

function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The psql script: session set up like the API's pool (UTC, no JIT, custom plans as for node-postgres's
 * unnamed statements), statements prepared once, `warmup` untimed iterations, then the timed ones.
 * Results go to /dev/null; `\timing` still prints `Time: … ms` on stdout, measured when the last
 * row has arrived and before psql formats anything.
 */
export function psqlScript(statements: TimedStatement[], iterations: Iteration[], warmup: number): string {
  const lines = [
    '\\set ON_ERROR_STOP on',
    '\\pset pager off',
    '\\pset format unaligned',
    '\\pset tuples_only on',
    "SET timezone = 'UTC';",
    // As the API's connections (db/data-source.ts): JIT compilation, on by default, added ~30 ms
    // to a 10,000-point map statement, which the API never pays.
    'SET jit = off;',
    // node-postgres binds through the unnamed statement, planned for each set of values.
    'SET plan_cache_mode = force_custom_plan;',
  ];
  for (const statement of statements) {
    if (statement.text.includes('\\')) throw new Error(`Statement ${statement.name} contains a backslash`);
    lines.push(`PREPARE ${statement.name} AS ${statement.text.trim()};`);
  }
  const execute = (iteration: Iteration): string[] =>
    statements.map(({ name }) => {
      const values = iteration[name];
      if (!values) throw new Error(`No values for ${name}`);
      return `EXECUTE ${name}(${values.map(sqlLiteral).join(', ')});`;
    });
  lines.push('\\o /dev/null');
  for (let i = 0; i < warmup; i++) lines.push(...execute(iterations[i % iterations.length] as Iteration));
  lines.push('\\timing on');
  for (const iteration of iterations) lines.push(...execute(iteration));
  lines.push('\\timing off', '\\o');
  return `${lines.join('\n')}\n`;
}

const TIME_LINE = /^Time: (\d+(?:\.\d+)?) ms/;

/**
 * Runs the statements in one psql session and returns, per statement name, the client-side time of
 * each timed execution in milliseconds.
 */
export async function timeInPsql(
  url: string,
  statements: TimedStatement[],
  iterations: Iteration[],
  warmup: number,
): Promise<Record<string, number[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-'));
  const file = join(dir, 'script.sql');
  try {
    writeFileSync(file, psqlScript(statements, iterations, warmup));
    const stdout = await runPsql(url, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', file]);
    const times = stdout
      .split('\n')
      .map((line) => TIME_LINE.exec(line))
      .filter((match) => match !== null)
      .map((match) => Number(match[1]));
    const expected = statements.length * iterations.length;
    if (times.length !== expected) {
      throw new Error(
        `psql printed ${times.length} timings, expected ${expected}:\n${stdout.slice(0, 2000)}`,
      );
    }
    const byName: Record<string, number[]> = Object.fromEntries(statements.map(({ name }) => [name, []]));
    times.forEach((time, i) =>
      byName[(statements[i % statements.length] as TimedStatement).name]?.push(time),
    );
    return byName;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs psql with the URL as its connection string; resolves with stdout, rejects with stderr. */
export function runPsql(url: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-d', url, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new Error(`Cannot run psql (is it installed?): ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`psql exited with ${code}: ${Buffer.concat(err).toString('utf8').trim()}`));
    });
  });
}
