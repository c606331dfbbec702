import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The system's PostgreSQL client programs (pg_dump, pg_restore), found where db/provision finds the
 * server's: /usr/lib/postgresql/<major>/bin. pg_dump refuses a server newer than itself, so the
 * server's own major is preferred, else the newest installed one that is not older.
 */

const POSTGRES_LIB_DIR = '/usr/lib/postgresql';

export type PostgresTool = 'pg_dump' | 'pg_restore';

/** The path of `tool` for a server of `serverMajor`, or a clear error naming what to install. */
export function postgresTool(tool: PostgresTool, serverMajor: number, libDir = POSTGRES_LIB_DIR): string {
  let majors: number[] = [];
  try {
    majors = readdirSync(libDir)
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((major) => existsSync(join(libDir, String(major), 'bin', tool)));
  } catch {
    // No PostgreSQL installed under libDir: the message below says what to install.
  }
  const usable = majors.filter((major) => major >= serverMajor).sort((a, b) => a - b);
  const major = usable.includes(serverMajor) ? serverMajor : usable[usable.length - 1];
  if (major === undefined) {
    throw new Error(
      `${tool} for PostgreSQL ${serverMajor} or newer is not installed under ${libDir} ` +
        `(install the Debian package postgresql-client-${serverMajor}).`,
    );
  }
  return join(libDir, String(major), 'bin', tool);
}

/**
 * Connection arguments for a client program: the URL without its password (which would show in
 * `ps`), the password in PGPASSWORD.
 */
export function clientConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password !== '') env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database a URL names. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** Runs a client program to its end; rejects with its last lines of stderr when it fails. */
export function runTool(path: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`${path} failed (${code ?? signal}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`),
        );
    });
  });
}
