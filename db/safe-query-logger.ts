import { inspect } from 'node:util';
import { Logger as NestLogger } from '@nestjs/common';
import { QueryFailedError, type Logger, type QueryRunner } from 'typeorm';

/*
 * Failed statements are logged WITHOUT their parameters: the parameters of an incident write are
 * testimony, those of a users write a TOTP secret or a password hash. Everything that prints a
 * database error (TypeORM's log, pg-boss error events, an unhandled rejection) goes through here.
 */

/** Longest statement text printed: enough to recognise it, not a wall of SQL. */
const MAX_QUERY_CHARS = 500;

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The message of a database error, safe to log. PostgreSQL quotes the offending value in some
 * data-exception messages (class 22: `invalid input syntax for type uuid: "<value>"`), so quoted
 * text is withheld from those; other classes quote identifiers only. DETAIL (which repeats key
 * values, `Key (email)=(…)`) is never printed.
 */
export function describeDatabaseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = sqlState(error);
  const safe = code?.startsWith('22') ? message.replace(/"(?:[^"\\]|\\.)*"/g, '"[withheld]"') : message;
  return code ? `${safe} (SQLSTATE ${code})` : safe;
}

/** The statement on one line, shortened: its text, never its parameters. */
export function describeStatement(query: string): string {
  const line = query.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUERY_CHARS ? `${line.slice(0, MAX_QUERY_CHARS)}…` : line;
}

/** Whether the data source this runner belongs to was opened with `logging: false`. */
function loggingOff(queryRunner: QueryRunner | undefined): boolean {
  return queryRunner?.connection?.options.logging === false;
}

/**
 * TypeORM's logger for every data source of the project (API, CLI, migrations, tests): a failed
 * statement is printed as its text and the error message, without parameters.
 */
export class SafeQueryLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {
    // Statements that succeed are not logged.
  }

  logQueryError(
    error: string | Error,
    query: string,
    _parameters?: unknown,
    queryRunner?: QueryRunner,
  ): void {
    if (loggingOff(queryRunner)) return;
    this.logger.error(`Query failed: ${describeDatabaseError(error)} — ${describeStatement(query)}`);
  }

  logQuerySlow(time: number, query: string, _parameters?: unknown, queryRunner?: QueryRunner): void {
    if (loggingOff(queryRunner)) return;
    this.logger.warn(`Slow query (${time} ms): ${describeStatement(query)}`);
  }

  logSchemaBuild(): void {
    // synchronize is off: nothing to say.
  }

  logMigration(): void {
    // The CLI reports the migrations it applied itself.
  }

  log(level: 'log' | 'info' | 'warn', message: unknown, queryRunner?: QueryRunner): void {
    if (level !== 'warn' || loggingOff(queryRunner)) return;
    this.logger.warn(String(message));
  }
}

/**
 * A QueryFailedError carries `parameters`: printed whole (an unhandled rejection, `console.error`),
 * it would show them. Its inspected form keeps the name, message, SQLSTATE and statement only.
 */
export function hideQueryParametersFromInspection(): void {
  const prototype = QueryFailedError.prototype as unknown as Record<symbol, unknown>;
  if (prototype[inspect.custom]) return;
  Object.defineProperty(prototype, inspect.custom, {
    value(this: QueryFailedError): string {
      const query = typeof this.query === 'string' ? describeStatement(this.query) : '';
      return `QueryFailedError: ${describeDatabaseError(this.driverError ?? this)}${query ? ` — ${query}` : ''}`;
    },
    enumerable: false,
  });
  // JSON.stringify(error) is the other way a whole error gets printed.
  Object.defineProperty(QueryFailedError.prototype, 'toJSON', {
    value(this: QueryFailedError) {
      return { name: 'QueryFailedError', message: describeDatabaseError(this.driverError ?? this) };
    },
    enumerable: false,
    configurable: true,
  });
}
