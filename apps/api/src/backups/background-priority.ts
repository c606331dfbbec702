import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type pg from 'pg';

/*
 * A backup's CPU below the API's (issue 15: the API keeps serving during a backup). The backup's
 * own processes are lowered when they start; the PostgreSQL server processes that serve the
 * backup's sessions (pg_dump's, which turns every row into text, and the snapshot's) are lowered
 * too, where that is possible and safe: the server is on this machine and the process found is
 * that session's server process.
 */

/** Least niceness (0 normal, 19 lowest) of the processes doing a backup's work. */
export const BACKGROUND_NICENESS = 10;

/** How long pg_dump's session is looked for once pg_dump started. */
const SESSION_WAIT_MS = 5_000;
const SESSION_POLL_MS = 20;

/**
 * Lowers a process to `niceness` unless it already runs lower; never raises one. True when it runs
 * at `niceness` or lower afterwards.
 */
export function lowerPriority(pid: number, niceness: number): boolean {
  try {
    if (getPriority(pid) < niceness) setPriority(pid, niceness);
    return getPriority(pid) >= niceness;
  } catch {
    // Ended, or not ours to lower (another user's process, a container's limits).
    return false;
  }
}

/**
 * Puts a process, every thread of it and what it starts later, under the kernel's idle policy
 * (`SCHED_IDLE`, through util-linux's `chrt`): it runs on a core nobody else wants, and a request
 * waking up takes the core from it at once, where a niceness still lets it finish its time slice
 * (milliseconds, on each of a request's wake-ups). Any user may lower its own processes so. False
 * where it could not be done (no `chrt`, a system that refuses): the niceness then stands alone.
 */
export function idlePolicy(pid: number): boolean {
  const result = spawnSync('chrt', ['--all-tasks', '--idle', '--pid', '0', String(pid)], {
    stdio: 'ignore',
    timeout: 5_000,
  });
  return result.status === 0;
}

/** The niceness for a backup's work: `BACKGROUND_NICENESS`, or this process's own if lower. */
export function backgroundNiceness(): number {
  return Math.max(getPriority(), BACKGROUND_NICENESS);
}

/**
 * Whether `pid` on this machine is the PostgreSQL server process of a session of `user` on
 * `database`: its title is `postgres: [cluster: ]user database host activity`. Guards against
 * another machine's or a container's process numbers, which mean nothing here.
 */
export function isSessionProcess(pid: number, user: string, database: string): boolean {
  let title: string;
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return false;
  }
  return title.startsWith('postgres: ') && title.includes(` ${user} ${database} `);
}

export interface SessionPriority {
  /** The server processes lowered. */
  lowered: number[];
  /** Why none was, when none was. */
  reason?: string;
}

/**
 * Lowers the server processes of the sessions of `client`'s user named `applicationName` (and of
 * `client` itself) on the server `client` is connected to, waiting up to a few seconds for the
 * named session to appear. Best effort: a remote server, a process this user may not lower or a
 * session gone already leave them as they are, and the reason is returned.
 */
export async function lowerSessionPriority(
  client: pg.Client,
  applicationName: string,
  niceness: number,
  signal?: { stopped: boolean },
): Promise<SessionPriority> {
  const [server] = (
    await client.query<{ local: boolean; user: string; database: string; own: number }>(
      `SELECT (inet_server_addr() IS NULL OR host(inet_server_addr()) IN ('127.0.0.1', '::1')) AS local,
              current_user AS user, current_database() AS database, pg_backend_pid() AS own`,
    )
  ).rows;
  if (!server?.local) return { lowered: [], reason: 'the database server is not on this machine' };
  const deadline = Date.now() + SESSION_WAIT_MS;
  let pids: number[] = [];
  while (pids.length === 0 && Date.now() < deadline && !signal?.stopped) {
    // The sessions are read once per transaction unless told to read them again.
    await client.query('SELECT pg_stat_clear_snapshot()');
    pids = (
      await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND usename = current_user`,
        [applicationName],
      )
    ).rows.map((row) => row.pid);
    if (pids.length === 0) await new Promise((resolve) => setTimeout(resolve, SESSION_POLL_MS));
  }
  if (pids.length === 0) return { lowered: [], reason: `no session named ${applicationName} was seen` };
  const lowered = [...pids, server.own].filter(
    (pid) => isSessionProcess(pid, server.user, server.database) && lowerPriority(pid, niceness),
  );
  return lowered.length > 0
    ? { lowered }
    : { lowered, reason: 'the server processes may not be lowered by this user' };
}
