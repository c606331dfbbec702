import { Injectable } from '@nestjs/common';
import { LIMITS, type CommuneRecord } from '@vigie/domain';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import { COMMUNE_LIST_SPEC } from './communes.list-spec';
import { CommunesRepository } from './communes.repository';

@Injectable()
export class CommunesService {
  constructor(private readonly repository: CommunesRepository) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<CommuneRecord>> {
    assertCan(actor, 'communes.read');
    return this.repository.list(parseListQuery(query, COMMUNE_LIST_SPEC));
  }

  async geojson(actor: Actor, query: RawQuery): Promise<GeoJsonResult> {
    assertCan(actor, 'communes.read');
    return this.repository.geojson(
      parseListQuery(query, COMMUNE_LIST_SPEC, {
        maxPage: LIMITS.geojsonFeatures,
        defaultPage: LIMITS.geojsonFeatures,
      }),
    );
  }

  async get(actor: Actor, code: string): Promise<CommuneRecord> {
    assertCan(actor, 'communes.read');
    const record = await this.repository.findOne(code);
    if (!record) throw recordErrors.notFound('Commune', code);
    return record;
  }
}
