import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { getPriority } from 'node:os';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import {
  isSessionProcess,
  lowerPriority,
  lowerSessionPriority,
} from '../../apps/api/src/backups/background-priority';

/*
 * Issue 15: during a backup the API keeps serving. Besides the backup's own processes, the
 * PostgreSQL server processes of its sessions (pg_dump's and the snapshot's) are lowered, and no
 * other session's: the API's queries come first.
 */

const clients: pg.Client[] = [];

async function session(applicationName: string): Promise<{ client: pg.Client; pid: number }> {
  const client = new pg.Client({
    connectionString: inject('ownerDatabaseUrl'),
    application_name: applicationName,
  });
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  const [row] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  return { client, pid: row!.pid };
}

/** Whether this test process may lower another process: root, or the same user. */
const mayLower = (pid: number): boolean =>
  process.getuid?.() === 0 || statSync(`/proc/${pid}`).uid === process.getuid?.();

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end()));
});

describe("a backup's server processes", () => {
  it('lowers the named session and its own, and no other session', async () => {
    const name = `vigie-test-dump-${process.pid}-${Date.now()}`;
    const snapshot = await session('vigie-test-snapshot');
    const dump = await session(name);
    const api = await session('vigie-test-api');
    // As during a backup: the snapshot's session is inside its transaction.
    await snapshot.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await snapshot.client.query('SELECT 1');
    const before = getPriority(api.pid);

    const result = await lowerSessionPriority(snapshot.client, name, 12);

    expect(isSessionProcess(dump.pid, owner(), dbName())).toBe(true);
    if (mayLower(dump.pid)) {
      expect(result.lowered.sort()).toEqual([dump.pid, snapshot.pid].sort());
      expect(getPriority(dump.pid)).toBeGreaterThanOrEqual(12);
      expect(getPriority(snapshot.pid)).toBeGreaterThanOrEqual(12);
    } else {
      expect(result).toEqual({ lowered: [], reason: 'the server processes may not be lowered by this user' });
    }
    expect(getPriority(api.pid)).toBe(before);
    await snapshot.client.query('COMMIT');
  });

  it('finds a session that starts after the search began', async () => {
    const name = `vigie-test-late-${process.pid}-${Date.now()}`;
    const snapshot = await session('vigie-test-snapshot');
    const searching = lowerSessionPriority(snapshot.client, name, 12);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const dump = await session(name);
    const result = await searching;
    if (mayLower(dump.pid)) expect(result.lowered).toContain(dump.pid);
    else expect(result.lowered).toEqual([]);
  });

  it('says why when the named session never appears, and stops looking when told', async () => {
    const snapshot = await session('vigie-test-snapshot');
    const stop = { stopped: false };
    setTimeout(() => (stop.stopped = true), 100);
    const started = Date.now();
    const result = await lowerSessionPriority(snapshot.client, 'vigie-test-nobody', 12, stop);
    expect(result).toEqual({ lowered: [], reason: 'no session named vigie-test-nobody was seen' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never takes a process of this machine for a server process', () => {
    expect(isSessionProcess(process.pid, owner(), dbName())).toBe(false);
    expect(isSessionProcess(2 ** 22 + 1, owner(), dbName())).toBe(false);
  });

  it('never raises a process that already runs lower', async () => {
    const child = spawn('sleep', ['30']);
    try {
      const pid = child.pid!;
      expect(lowerPriority(pid, 14)).toBe(true);
      expect(lowerPriority(pid, 5)).toBe(true);
      expect(getPriority(pid)).toBe(14);
    } finally {
      child.kill();
      await once(child, 'close');
    }
  });
});

function owner(): string {
  return decodeURIComponent(new URL(inject('ownerDatabaseUrl')).username);
}

function dbName(): string {
  return decodeURIComponent(new URL(inject('ownerDatabaseUrl')).pathname.slice(1));
}
