import { ParseUUIDPipe } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { GeoJsonResult, ListResult } from './list-result';

/** `:id` path parameter: a malformed id is a 400, not a database error. */
export const UuidParam = new ParseUUIDPipe({ version: 'all' });

/** Sends a page with its total in `X-Total-Count`, the header react-admin reads. */
export function sendPage<T>(reply: FastifyReply, result: ListResult<T>): T[] {
  void reply
    .header('X-Total-Count', String(result.total))
    .header('Access-Control-Expose-Headers', 'X-Total-Count');
  return result.rows;
}

/** Sends SQL-built GeoJSON text without parsing and re-serialising it. */
export function sendGeoJson(reply: FastifyReply, result: GeoJsonResult): void {
  void reply
    .header('X-Total-Count', String(result.total))
    .header('Access-Control-Expose-Headers', 'X-Total-Count')
    .header('content-type', 'application/geo+json; charset=utf-8')
    .send(result.body);
}
