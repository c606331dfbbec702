import { BadRequestException, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { GeoJsonResult, ListResult } from './list-result';

/** `:id` path parameter: a malformed id is a 400, not a database error. */
export const UuidParam = new ParseUUIDPipe({ version: 'all' });

/** `:id` of a row the database numbers (audit events): a positive integer, else a 400. */
export const SerialIdParam: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!/^[1-9]\d{0,17}$/.test(value)) throw new BadRequestException('id must be a positive integer');
    return value;
  },
};

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
