import { DataSource, QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PendingStatements } from '../../apps/api/src/common/pending-statements';
import { dataSourceOptions } from '../../db/data-source';

/*
 * Statements left pending on a transaction's connection (a bulk import's child rows, pairs and
 * audit events): run in the order sent, all awaited before the work goes on, and the error reported
 * is the one that aborted the transaction, not the "current transaction is aborted" of the
 * statements after it.
 */

let dataSource: DataSource;

beforeAll(async () => {
  dataSource = new DataSource({ ...dataSourceOptions(inject('databaseUrl')), logging: false });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource.destroy();
});

const TABLE = `CREATE TEMP TABLE pending_rows (n int PRIMARY KEY CHECK (n > 0)) ON COMMIT DROP`;

describe('PendingStatements', () => {
  it('runs pending statements in the order sent, while the work goes on, and waits for them', async () => {
    const order = await dataSource.transaction(async (manager) => {
      await manager.query(TABLE);
      const log: string[] = [];
      await new PendingStatements(manager).run(async (pending) => {
        pending.add(manager.query(`INSERT INTO pending_rows VALUES (1), (2)`).then(() => log.push('first')));
        pending.add(
          manager
            .query(`INSERT INTO pending_rows SELECT max(n) + 1 FROM pending_rows`)
            .then(() => log.push('second')),
        );
        log.push('work');
      });
      log.push('after');
      const rows: { n: number }[] = await manager.query(`SELECT n FROM pending_rows ORDER BY n`);
      return { log, rows: rows.map((row) => row.n) };
    });
    expect(order).toEqual({ log: ['work', 'first', 'second', 'after'], rows: [1, 2, 3] });
  });

  it('puts the connection in pipeline mode while it works, and takes it out after', async () => {
    const modes = await dataSource.transaction(async (manager) => {
      const client = (await manager.queryRunner!.connect()) as { pipeline: boolean };
      const seen = [client.pipeline];
      await new PendingStatements(manager).run(async (pending) => {
        seen.push(client.pipeline);
        pending.add(manager.query(`SELECT pg_sleep(0.02)`));
        // Sent while the sleep runs: no client-side queue, the server has both at once.
        pending.add(manager.query(`SELECT 1`));
      });
      return [...seen, client.pipeline];
    });
    expect(modes).toEqual([false, true, false]);
  });

  it('reports the failure of a pending statement, not the aborted transaction of the work after it', async () => {
    const error = await dataSource
      .transaction(async (manager) => {
        await manager.query(TABLE);
        await new PendingStatements(manager).run(async (pending) => {
          pending.add(manager.query(`INSERT INTO pending_rows VALUES (-1)`));
          pending.add(manager.query(`INSERT INTO pending_rows VALUES (5)`));
          // Sent after the failing one: refused with 25P02.
          await manager.query(`INSERT INTO pending_rows VALUES (6)`);
        });
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '23514' });
  });

  it("reports the work's own failure when the pending statements after it were only aborted", async () => {
    const error = await dataSource
      .transaction(async (manager) => {
        await manager.query(TABLE);
        await new PendingStatements(manager).run(async (pending) => {
          pending.add(manager.query(`INSERT INTO pending_rows VALUES (7)`));
          const failing = manager.query(`INSERT INTO pending_rows VALUES (7)`);
          // Sent after the failing one: refused with 25P02.
          pending.add(manager.query(`INSERT INTO pending_rows VALUES (8)`));
          await failing;
        });
      })
      .catch((caught: unknown) => caught);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '23505' });
  });

  it('throws an error of the work that is not a statement, after the pending ones have settled', async () => {
    let settled = false;
    const error = await dataSource
      .transaction(async (manager) => {
        await manager.query(TABLE);
        await new PendingStatements(manager).run(async (pending) => {
          pending.add(manager.query(`SELECT pg_sleep(0.05)`).then(() => (settled = true)));
          throw new Error('planning failed');
        });
      })
      .catch((caught: unknown) => caught);
    expect(error).toEqual(new Error('planning failed'));
    expect(settled).toBe(true);
  });
});
