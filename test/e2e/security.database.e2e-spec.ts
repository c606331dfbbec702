import type { ObservationRecord } from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { databaseUrl } from '../../db/provision/index.mts';
import { startApp } from '../support/app';
import { observationInput, useApi } from '../support/e2e-api';
import { connect, rejection } from '../support/given';

/*
 * Issue 10, item 8, from the side of whoever holds the API's database credentials (a leaked
 * DATABASE_URL, an SQL injection): the API's role owns nothing, so it can neither switch the audit
 * triggers off nor change, remove or truncate audit events; pg-boss's role sees no data table.
 */

interface Session {
  usename: string;
  usesuper: boolean;
  application_name: string;
}

/** The run's database name, from its URL. */
function runDatabaseName(): string {
  return decodeURIComponent(new URL(inject('databaseUrl')).pathname.slice(1));
}

async function sqlError(db: DataSource, sql: string): Promise<{ code?: string; message: string }> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    return (await rejection(() => runner.query(sql))) as { code?: string; message: string };
  } finally {
    // Rolled back whatever happens: a missing guard must not empty the table the run shares.
    await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('the database roles', () => {
  const admin = useApi();
  let superuser: DataSource;
  let app: DataSource;
  let queue: DataSource;

  beforeAll(async () => {
    superuser = await connect(databaseUrl(inject('adminDatabaseUrl'), runDatabaseName()));
    app = await connect(inject('databaseUrl'));
    queue = await connect(inject('queueDatabaseUrl'));
  });

  afterAll(async () => {
    await Promise.all([superuser?.destroy(), app?.destroy(), queue?.destroy()]);
  });

  it('the API and its queues are connected as their own roles, none a superuser', async () => {
    // A request keeps the API's pool connections open (idle) for a while after it.
    const created = await admin.post<ObservationRecord>('/api/observations', observationInput());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sessions: Session[] = await superuser.query(
      `SELECT s.usename, u.usesuper, s.application_name FROM pg_stat_activity s
         JOIN pg_user u ON u.usesysid = s.usesysid
        WHERE datname = current_database() AND application_name IN ('vigie-api', 'vigie-reports')`,
    );

    expect(sessions.filter((s) => s.application_name === 'vigie-api').length).toBeGreaterThan(0);
    expect(sessions.filter((s) => s.application_name === 'vigie-reports').length).toBeGreaterThan(0);
    for (const session of sessions) {
      expect(session).toEqual({
        usename: session.application_name === 'vigie-api' ? 'vigie_test_app' : 'vigie_test_queue',
        usesuper: false,
        application_name: session.application_name,
      });
    }
  });

  it.each([
    [
      'switch the audit triggers off',
      'ALTER TABLE audit_events DISABLE TRIGGER ALL',
      /must be owner of table audit_events/,
    ],
    [
      'change an audit event',
      `UPDATE audit_events SET action = 'forged'`,
      /permission denied for table audit_events/,
    ],
    ['remove audit events', 'DELETE FROM audit_events', /permission denied for table audit_events/],
    ['truncate the audit trail', 'TRUNCATE audit_events', /permission denied for table audit_events/],
    ['truncate a data table', 'TRUNCATE observations', /permission denied for table observations/],
    ['drop a table', 'DROP TABLE observations', /must be owner of table observations/],
    ['create a table', 'CREATE TABLE forged (id int)', /permission denied for schema public/],
    [
      'create a trigger function',
      `CREATE FUNCTION forged() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`,
      /permission denied for schema public/,
    ],
    ['become the owner', 'SET ROLE vigie_test_owner', /permission denied to set role/],
    ['read the job queue', 'SELECT * FROM pgboss.job', /permission denied for schema pgboss/],
  ])('the API’s role cannot %s', async (_what, sql, expected) => {
    const error = await sqlError(app, sql);
    expect(error.message).toMatch(expected);
    expect(error.code).toBe('42501');
  });

  it.each([
    ['read users', 'SELECT * FROM users', /permission denied for table users/],
    ['read audit events', 'SELECT * FROM audit_events', /permission denied for table audit_events/],
    ['write an observation', `DELETE FROM observations`, /permission denied for table observations/],
  ])('the queue’s role cannot %s', async (_what, sql, expected) => {
    const error = await sqlError(queue, sql);
    expect(error.message).toMatch(expected);
    expect(error.code).toBe('42501');
  });

  it('the API still works end to end: a created record and its audit event are read back', async () => {
    const created = await admin.post<ObservationRecord>('/api/observations', observationInput());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const events = await admin.get<{ action: string; entityId: string }[]>(
      `/api/audit-events?entityId=${created.body.id}`,
    );
    expect(events.status, JSON.stringify(events.body)).toBe(200);
    expect(events.body.map((event) => event.action)).toEqual(['create']);
    const verdict = await admin.get<{ ok: boolean }>('/api/audit-events/verify');
    expect(verdict.body).toMatchObject({ ok: true });
  });
});

describe('start-up with a role that could rewrite the audit trail', () => {
  const superuserUrl = (): string => databaseUrl(inject('adminDatabaseUrl'), runDatabaseName());

  it.each([
    [
      'the owner of audit_events',
      () => inject('ownerDatabaseUrl'),
      /"vigie_test_owner" owns the audit_events table/,
    ],
    ['a superuser', superuserUrl, /is a PostgreSQL superuser/],
  ])('is refused in production as %s, with what to do', async (_who, url, expected) => {
    const error = (await rejection(() =>
      startApp(url(), { NODE_ENV: 'production', VIGIE_QUEUE_DATABASE_URL: inject('queueDatabaseUrl') }),
    )) as Error;
    expect(error.message).toMatch(/^Refusing to start in production: /);
    expect(error.message).toMatch(expected);
    expect(error.message).toMatch(/VIGIE_OWNER_DATABASE_URL/);
  });

  it('is allowed outside production, with a warning', async () => {
    const warnings: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown): boolean => {
      warnings.push(String(chunk));
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    let running: Awaited<ReturnType<typeof startApp>> | undefined;
    try {
      running = await startApp(inject('ownerDatabaseUrl'), {
        LOG_LEVEL: 'warn',
        VIGIE_QUEUE_DATABASE_URL: inject('queueDatabaseUrl'),
      });
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      await running?.close();
    }
    expect(running).toBeDefined();
    expect(warnings.join('')).toMatch(/"vigie_test_owner" owns the audit_events table/);
  });
});
