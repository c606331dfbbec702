import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TIME_ZONE } from '@vigie/domain';
import type { Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { SqlQuery } from '../common/list-sql';
import { inlineParameters, quoteLiteral } from '../common/sql-literals';
import { crlfRecords } from './formats/csv-line-ends';

/** Rows a cursor reads per round trip: memory stays flat whatever the size of the export. */
export const EXPORT_FETCH_SIZE = 1000;

/** A row as the export queries give it: text (or numbers) keyed by column name. */
export type ExportRow = Record<string, string | number | null>;

/**
 * The `COPY … TO STDOUT` statement of a CSV file: the query with its values inlined, as CSV with a
 * header row. Exported for the benchmark (bench/lib/exports.mts), which times this very statement
 * in `psql`.
 */
export function copyCsvSql(sql: SqlQuery, delimiter: ',' | ';'): string {
  return `COPY (${inlineParameters(sql.text, sql.values)}) TO STDOUT
      WITH (FORMAT csv, HEADER true, DELIMITER ${quoteLiteral(delimiter)}, ENCODING 'UTF8')`;
}

/** The session settings of an export's snapshot (after `BEGIN … READ ONLY`), in order. */
export const EXPORT_SESSION_SQL = [
  `SET LOCAL TIME ZONE ${quoteLiteral(TIME_ZONE)}`,
  `SET LOCAL DateStyle = 'ISO, YMD'`,
  `SET LOCAL work_mem = '32MB'`,
] as const;

/** The transaction every export reads in. */
export const EXPORT_BEGIN_SQL = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/**
 * One export's connection: a read-only REPEATABLE READ transaction, so that the counts (for the
 * audit and the README) and every file of a package describe the same instant. COPY and cursors
 * take no bound parameters: statements are run with their values inlined as literals
 * (common/sql-literals.ts). `close` commits and gives the connection back; `abort` (a client gone
 * mid-export, an error) destroys the connection, which ends a COPY or cursor in progress on the
 * server at once: nothing stays open.
 */
export class ExportSnapshot {
  private state: 'open' | 'closed' | 'aborted' = 'open';

  constructor(private readonly client: PoolClient) {}

  get aborted(): boolean {
    return this.state === 'aborted';
  }

  async query<T>(sql: SqlQuery): Promise<T[]> {
    const result = await this.client.query(inlineParameters(sql.text, sql.values));
    return result.rows as T[];
  }

  /**
   * `COPY (query) TO STDOUT` as CSV with a header row: RFC 4180 quoting and CR LF record ends
   * (`crlfRecords`), UTF-8, with a byte order mark first when `bom` is set.
   */
  copyCsv(sql: SqlQuery, delimiter: ',' | ';', options: { bom?: boolean } = {}): Readable {
    const stream = this.client.query(copyTo(copyCsvSql(sql, delimiter)));
    const records = crlfRecords(options);
    // The stream reports a failure by emitting 'error' even once its reader is gone (a connection
    // destroyed by `abort`): always listened to, and any failure ends the snapshot and the output.
    stream.on('error', (error: Error) => {
      this.abort(error);
      records.destroy(error);
    });
    return stream.pipe(records);
  }

  /**
   * The size in bytes of the first `limit` rows of the query as CSV (`rows` of them at most, the
   * header apart): what an estimate multiplies. Read whole, so `limit` stays small.
   */
  async csvSampleBytes(
    sql: SqlQuery,
    limit: number,
  ): Promise<{ header: number; bytes: number; rows: number }> {
    const chunks: Buffer[] = [];
    const sample = {
      text: `SELECT * FROM (${sql.text}) sample LIMIT ${Math.trunc(limit)}`,
      values: sql.values,
    };
    for await (const chunk of this.copyCsv(sample, ',')) chunks.push(chunk as Buffer);
    const all = Buffer.concat(chunks);
    const header = all.indexOf(0x0a) + 1;
    const [row] = await this.query<{ n: number }>({
      text: `SELECT count(*)::int AS n FROM (${sample.text}) counted`,
      values: sql.values,
    });
    return { header, bytes: all.length - header, rows: row!.n };
  }

  /** The rows of the query, `EXPORT_FETCH_SIZE` at a time, through a server-side cursor. */
  async *rows(sql: SqlQuery): AsyncGenerator<ExportRow[]> {
    const cursor = 'vigie_export';
    try {
      await this.client.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR ${inlineParameters(sql.text, sql.values)}`,
      );
      for (;;) {
        const result = await this.client.query(`FETCH ${EXPORT_FETCH_SIZE} FROM ${cursor}`);
        if (result.rows.length > 0) yield result.rows as ExportRow[];
        if (result.rows.length < EXPORT_FETCH_SIZE) break;
      }
      await this.client.query(`CLOSE ${cursor}`);
    } catch (error) {
      // Once aborted, the connection is gone on purpose: stop quietly.
      if (this.state !== 'aborted') throw error;
    }
  }

  async close(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closed';
    try {
      await this.client.query('COMMIT');
      this.client.release();
    } catch (error) {
      this.client.release(error instanceof Error ? error : new Error(String(error)));
    }
  }

  abort(reason: Error = new Error('export aborted')): void {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    // Releasing with an error makes the pool destroy the connection rather than reuse it.
    this.client.release(reason);
  }
}

@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Opens the export's snapshot; Paris time and ISO dates for every value formatted in SQL. */
  async openSnapshot(): Promise<ExportSnapshot> {
    // The pool of the app's own connections (named in pg_stat_activity), outside TypeORM's query
    // runners: a connection that an abort must destroy is released with an error.
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    const client = await pool.connect();
    try {
      await client.query(EXPORT_BEGIN_SQL);
      for (const statement of EXPORT_SESSION_SQL) await client.query(statement);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    return new ExportSnapshot(client);
  }
}
