import {
  applyDecorators,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { ApiBadRequestResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { Actor } from '../auth/actor';
import { recordErrors } from './record-errors';

/**
 * The fields of a resource's GET representation that a client may send back on an update but
 * never changes (DESIGN §5 and docs/decisions.md, "A PUT of what GET returned").
 */
export interface ReadOnlyFields {
  /**
   * Stored with the record and changed only together with its version (timestamps, review status,
   * derived commune…): sent back as read, dropped; sent with another value, a 400 naming them.
   */
  readonly owned: readonly string[];
  /**
   * Views of other records or of the clock (possible duplicates, a case's open deadlines, a last
   * sign-in): they move without the record's version, so a value read a moment ago may already
   * differ. Dropped whatever their value; they are never input.
   */
  readonly reflected: readonly string[];
}

/** Splits a resource's read-only fields into owned and reflected ones. */
export function readOnlyFields<F extends string>(
  fields: readonly F[],
  reflected: readonly NoInfer<F>[] = [],
): ReadOnlyFields {
  return { owned: fields.filter((field) => !reflected.includes(field)), reflected };
}

type Json = Record<string, unknown>;

export interface ReadOnlyEcho {
  /** The body without the read-only fields that may be dropped. */
  body: Json;
  /** Owned fields whose value differs from the record as the caller reads it. */
  changed: string[];
}

/**
 * Sorts the read-only fields of an update body against the record as GET shows it to the caller.
 * A field absent from the caller's view (withheld from the role, or not in the record) stays in the
 * body, for the validation to refuse as unknown: its hidden value never decides the answer. When
 * the body's version is not the record's, the owned fields are dropped unchecked: they were read at
 * another version, and the update answers the stale version (409) whatever they hold.
 */
export function sortReadOnlyEcho(body: Json, current: Json, fields: ReadOnlyFields): ReadOnlyEcho {
  const readOnly = new Set([...fields.owned, ...fields.reflected]);
  const reflected = new Set(fields.reflected);
  const stale = Object.hasOwn(current, 'version') && body.version !== current.version;
  const kept: Json = {};
  const changed: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!readOnly.has(key) || !Object.hasOwn(current, key)) {
      kept[key] = value;
    } else if (!reflected.has(key) && !stale && !sameValue(value, current[key])) {
      changed.push(key);
    }
  }
  return { body: kept, changed };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Equal as JSON, whatever the order of object keys; timestamps compare as instants
 * (`…T07:30:00+01:00` is `…T06:30:00.000Z`), so a client may reformat the dates it read.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && TIMESTAMP.test(value)) {
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? value : new Date(instant).toISOString();
  }
  if (Array.isArray(value)) return value.map(canonical);
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .filter((key) => value[key] !== undefined)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What reads one record as its caller may see it: the resource's own GET, given the route's ids
 * (`get(actor, id)`, or `get(actor, caseId, id)` for the parts of a legal case).
 */
export interface RecordReader {
  get(actor: Actor, ...ids: string[]): Promise<object>;
}

interface ReadOnlyEchoOptions {
  fields: ReadOnlyFields;
  reader: Type<RecordReader>;
  /** The path parameters handed to `reader.get`, in order; the last one is the record's id. */
  params: readonly string[];
}

const READ_ONLY_ECHO_KEY = 'vigie:read-only-echo';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs after the access guard and before the validation pipe: read-only fields sent back as GET
 * gave them are removed from the body, changed ones are a 400 `read_only_field`, and the rest of
 * the body is validated as before (an unknown field is still a 400).
 */
@Injectable()
export class ReadOnlyEchoInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options = this.reflector.get<ReadOnlyEchoOptions | undefined>(
      READ_ONLY_ECHO_KEY,
      context.getHandler(),
    );
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest<{ Params: Record<string, string | undefined> }>>();
    const { body } = request;
    const ids = (options?.params ?? []).map((name) => request.params[name]);
    const valid = ids.length > 0 && ids.every((id) => id !== undefined && UUID.test(id));
    if (options && request.actor && isPlainObject(body) && valid && mentions(body, options)) {
      const reader = this.moduleRef.get(options.reader, { strict: false });
      const current = (await reader.get(request.actor, ...(ids as string[]))) as Json;
      const echo = sortReadOnlyEcho(body, current, options.fields);
      if (echo.changed.length > 0) throw recordErrors.readOnlyFields(echo.changed);
      request.body = echo.body;
    }
    return next.handle();
  }
}

function mentions(body: Json, { fields }: ReadOnlyEchoOptions): boolean {
  return [...fields.owned, ...fields.reflected].some((field) => Object.hasOwn(body, field));
}

/**
 * On an update route (`PUT`/`PATCH …/:id`): accepts the read-only fields of the GET representation
 * back unchanged, so that a client may send the record it read (ra-data-json-server does).
 * `reader` is the resource's service; its `get(actor, ...ids)` gives the record as the caller reads
 * it, from the path parameters `params` (`['id']`; `['caseId', 'id']` for a part of a legal case).
 */
export function AcceptsReadOnlyEcho(
  fields: ReadOnlyFields,
  reader: Type<RecordReader>,
  params: readonly string[] = ['id'],
) {
  return applyDecorators(
    SetMetadata(READ_ONLY_ECHO_KEY, { fields, reader, params } satisfies ReadOnlyEchoOptions),
    UseInterceptors(ReadOnlyEchoInterceptor),
    ApiBadRequestResponse({
      description: `Invalid input; \`read_only_field\` when one of ${[...fields.owned].join(', ')} differs from the record as GET gives it (sent back unchanged, they and ${[...fields.reflected].join(', ') || 'nothing else'} are ignored)`,
    }),
  );
}
