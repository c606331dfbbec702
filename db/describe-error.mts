/**
 * One readable sentence for whatever was thrown or rejected, for start-up failures and warnings
 * (issue 10 item 17): never `[object Object]`. Shared by `npm start` (db/vigie.mts, the provisioning)
 * and the compiled server (apps/api/src/main.ts): an `.mts` file, so that Node runs it as it is and
 * the server's CommonJS build loads it with `require`.
 *
 * It unwraps an Error and its `cause` chain, an AggregateError's errors (Node's connection errors to
 * `localhost` are AggregateErrors with an empty message), and event-like objects such as the
 * WebSocket `ErrorEvent` puppeteer rejects with (`{ message }`, `{ error }`).
 */
import { inspect } from 'node:util';

const MAX_DEPTH = 5;

function textOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Appends what `more` says unless `text` already says it. */
function join(text: string, more: string | null, separator: string): string {
  if (!more || text.includes(more)) return text;
  return text ? `${text}${separator}${more}` : more;
}

function describe(error: unknown, depth: number): string {
  if (depth > MAX_DEPTH) return '…';
  const text = textOf(error);
  if (text !== null) return text;
  if (error === null || error === undefined || typeof error !== 'object') {
    return error === undefined || error === null || error === ''
      ? 'an unknown error (nothing was given)'
      : String(error);
  }
  const record = error as Record<string, unknown>;
  let description = textOf(record.message) ?? '';
  // A system error says little without its code ("connect ECONNREFUSED" has it, some do not).
  const code = textOf(record.code);
  if (code && !description.includes(code)) description = join(description, `(${code})`, ' ');
  if (Array.isArray(record.errors) && record.errors.length > 0) {
    const parts = [...new Set(record.errors.map((inner) => describe(inner, depth + 1)))];
    description = join(description, parts.join('; '), ': ');
  }
  // An event that carries the error itself (ErrorEvent), or an Error's cause.
  if (record.error !== undefined && record.error !== error) {
    description = join(description, describe(record.error, depth + 1), ': ');
  }
  if (record.cause !== undefined && record.cause !== error) {
    description = join(description, describe(record.cause, depth + 1), ', because: ');
  }
  if (description) return description;
  if (error instanceof Error) return error.name;
  const type = textOf(record.type);
  const shown = inspect(error, { depth: 2, breakLength: Infinity, compact: true });
  return type ? `${type} event ${shown}` : shown;
}

export function describeError(error: unknown): string {
  return describe(error, 0);
}
