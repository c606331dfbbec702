import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { ArgumentsHost } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiExceptionFilter } from '../../apps/api/src/common/api-exception.filter';
import { dataSourceOptions } from '../../db/data-source';
import { rejection } from '../support/given';
import { createUser } from '../support/users';

/*
 * Issue 10, item 7: a failed statement is logged without its parameters. A deadlock on the users
 * table used to print the TOTP secret being written, one on an incident write the testimony.
 */

/** Everything written to stdout and stderr while `work` runs. */
async function captureOutput(work: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    await work();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return chunks.join('');
}

/** A secret no other output contains. */
function secret(label: string): string {
  return `${label}-${randomUUID().replace(/-/g, '')}`;
}

describe('a failed statement in the log', () => {
  // The options every data source of the project uses (API, CLI, migrations): logging of errors on.
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource(dataSourceOptions(inject('databaseUrl')));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('a real deadlock on the users table prints the statement, never the TOTP secret written', async () => {
    const first = await createUser(dataSource, { role: 'observer' });
    const second = await createUser(dataSource, { role: 'observer' });
    const totpSecrets = [secret('TOTPSECRETA'), secret('TOTPSECRETB')];
    const runners: QueryRunner[] = [dataSource.createQueryRunner(), dataSource.createQueryRunner()];
    const write = (runner: QueryRunner, userId: string, totp: string): Promise<unknown> =>
      runner.query(`UPDATE users SET totp_secret = $1 WHERE id = $2`, [totp, userId]);

    const output = await captureOutput(async () => {
      for (const runner of runners) {
        await runner.connect();
        await runner.startTransaction();
      }
      const [a, b] = runners as [QueryRunner, QueryRunner];
      await write(a, first.id, totpSecrets[0] as string);
      await write(b, second.id, totpSecrets[1] as string);
      // Each now waits for the other's row: PostgreSQL breaks the cycle by failing one of them.
      const outcomes = await Promise.allSettled([
        write(a, second.id, totpSecrets[0] as string),
        write(b, first.id, totpSecrets[1] as string),
      ]);
      const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(failures).toHaveLength(1);
      expect((failures[0] as PromiseRejectedResult).reason).toMatchObject({ driverError: { code: '40P01' } });
      for (const runner of runners) {
        await runner.rollbackTransaction();
        await runner.release();
      }
    });

    expect(output).toMatch(/deadlock detected/);
    expect(output).toContain('UPDATE users SET totp_secret = $1 WHERE id = $2');
    for (const totp of totpSecrets) expect(output).not.toContain(totp);
  });

  it('a duplicate key does not print the values of the row (nor the DETAIL that repeats them)', async () => {
    const user = await createUser(dataSource, { role: 'observer' });
    const totp = secret('TOTPSECRET');
    const output = await captureOutput(async () => {
      await rejection(() =>
        dataSource.query(
          `INSERT INTO users (id, email, name, role, active, password_hash, totp_secret)
           VALUES ($1, $2, 'x', 'observer', true, 'x', $3)`,
          [randomUUID(), user.email, totp],
        ),
      );
    });

    expect(output).toMatch(/duplicate key value violates unique constraint/);
    expect(output).toContain('INSERT INTO users');
    expect(output).not.toContain(totp);
    expect(output).not.toContain(user.email);
  });

  it('a value PostgreSQL quotes in its message (class 22) is withheld too', async () => {
    const testimony = secret('TESTIMONY');
    const output = await captureOutput(async () => {
      await rejection(() => dataSource.query(`SELECT $1::uuid AS id`, [testimony]));
    });

    expect(output).toMatch(/invalid input syntax for type uuid: "\[withheld\]"/);
    expect(output).not.toContain(testimony);
  });

  it('printed whole (an unhandled rejection, console.error), the error shows no parameter', async () => {
    const testimony = secret('TESTIMONY');
    const error = await rejection(() =>
      dataSource.query(`SELECT 1 / 0 WHERE $1::text IS NOT NULL`, [testimony]),
    );

    expect(inspect(error)).toMatch(/division by zero/);
    expect(inspect(error)).not.toContain(testimony);
    expect(JSON.stringify(error)).not.toContain(testimony);
  });

  it('the API’s 500 log of a failed statement shows no parameter', async () => {
    const testimony = secret('TESTIMONY');
    const error = await rejection(() => dataSource.query(`SELECT $1::int AS n`, [testimony]));
    const reply = { status: () => reply, header: () => reply, send: () => reply };
    const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;

    const output = await captureOutput(async () => {
      new ApiExceptionFilter().catch(error, host);
      await Promise.resolve();
    });

    expect(output).toMatch(/Query failed: invalid input syntax for type integer/);
    expect(output).toContain('SELECT $1::int AS n');
    expect(output).not.toContain(testimony);
  });
});
