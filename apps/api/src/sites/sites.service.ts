import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LIMITS, type SiteRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { contentDigest } from '../common/canonical-digest';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import type { CreateSiteDto, PatchSiteDto, ReplaceSiteDto, SiteInputDto } from './dto/site-input.dto';
import { siteErrors } from './sites.errors';
import { SITE_LIST_SPEC } from './sites.list-spec';
import { SitesRepository, type SiteValues } from './sites.repository';

const LABEL = 'Site';
const NO_ACTOR: string | null = null;

const WRITABLE_DEFAULTS = {
  name: undefined,
  aliases: [],
  kind: undefined,
  location: undefined,
  perimeter: null,
  status: 'unknown',
  notes: null,
} as const satisfies Record<keyof SiteInputDto, unknown>;

const NOT_NULL = ['name', 'aliases', 'kind', 'location', 'status'] as const;

function siteValues(input: Partial<SiteInputDto>, mode: 'replace' | 'patch'): SiteValues {
  const nulls = NOT_NULL.filter((field) => input[field] === null);
  if (nulls.length > 0) throw siteErrors.requiredFields([...nulls]);
  const values: Record<string, unknown> = {};
  for (const [field, fallback] of Object.entries(WRITABLE_DEFAULTS)) {
    const value = input[field as keyof SiteInputDto];
    if (value !== undefined) values[field] = value;
    else if (mode === 'replace') values[field] = fallback;
  }
  return values as SiteValues;
}

@Injectable()
export class SitesService {
  constructor(private readonly repository: SitesRepository) {}

  async list(query: RawQuery): Promise<ListResult<SiteRecord>> {
    return this.repository.list(parseListQuery(query, SITE_LIST_SPEC));
  }

  async geojson(query: RawQuery): Promise<GeoJsonResult> {
    return this.repository.geojson(
      parseListQuery(query, SITE_LIST_SPEC, {
        maxPage: LIMITS.geojsonFeatures,
        defaultPage: LIMITS.geojsonFeatures,
      }),
    );
  }

  async get(id: string): Promise<SiteRecord> {
    const record = await this.repository.findOne(id);
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  async create(dto: CreateSiteDto): Promise<{ record: SiteRecord; created: boolean }> {
    const id = dto.id ?? randomUUID();
    const digest = contentDigest(dto);
    return this.repository.transaction(async (manager) => {
      const replay = dto.id !== undefined ? await this.replay(manager, id, digest) : null;
      if (replay) return { record: replay, created: false };
      const values = siteValues(dto, 'replace');
      await this.assertPerimeter(manager, values);
      const inserted = await this.repository.insert(manager, {
        ...values,
        id,
        creationDigest: digest,
        createdBy: NO_ACTOR,
        updatedBy: NO_ACTOR,
      });
      if (!inserted)
        return { record: (await this.replay(manager, id, digest)) as SiteRecord, created: false };
      return { record: (await this.repository.findOne(id, manager)) as SiteRecord, created: true };
    });
  }

  async replace(id: string, dto: ReplaceSiteDto): Promise<SiteRecord> {
    return this.update(id, dto, 'replace');
  }

  async patch(id: string, dto: PatchSiteDto): Promise<SiteRecord> {
    return this.update(id, dto, 'patch');
  }

  remove(id: string): Promise<SiteRecord> {
    return this.repository.transaction(async (manager) => {
      if (!(await this.repository.table.lock(manager, id))) throw recordErrors.notFound(LABEL, id);
      await this.repository.table.softDelete(manager, id, NO_ACTOR);
      return (await this.repository.findOne(id, manager)) as SiteRecord;
    });
  }

  restore(id: string): Promise<SiteRecord> {
    return this.repository.transaction(async (manager) => {
      if (!(await this.repository.table.lock(manager, id))) throw recordErrors.notFound(LABEL, id);
      await this.repository.table.restore(manager, id, NO_ACTOR);
      return (await this.repository.findOne(id, manager)) as SiteRecord;
    });
  }

  private async update(
    id: string,
    dto: ReplaceSiteDto | PatchSiteDto,
    mode: 'replace' | 'patch',
  ): Promise<SiteRecord> {
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    return this.repository.transaction(async (manager) => {
      const state = await this.repository.table.lock(manager, id);
      if (!state) throw recordErrors.notFound(LABEL, id);
      if (state.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (state.version !== dto.version) {
        throw recordErrors.staleVersion(LABEL, await this.repository.findOne(id, manager));
      }
      const values = siteValues(dto, mode);
      await this.assertPerimeter(manager, values);
      await this.repository.update(manager, id, values, NO_ACTOR);
      return (await this.repository.findOne(id, manager)) as SiteRecord;
    });
  }

  private async assertPerimeter(manager: EntityManager, values: SiteValues): Promise<void> {
    if (!values.perimeter) return;
    const problem = await this.repository.polygonProblem(manager, values.perimeter);
    if (problem) throw siteErrors.invalidPerimeter(problem);
  }

  private async replay(manager: EntityManager, id: string, digest: string): Promise<SiteRecord | null> {
    const stored = await this.repository.table.creationDigest(manager, id);
    if (stored === undefined) return null;
    if (stored !== digest) throw recordErrors.idempotencyConflict(LABEL, id);
    return this.repository.findOne(id, manager);
  }
}
