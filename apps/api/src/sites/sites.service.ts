import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LIMITS, ROLES_SEEING_DELETED, type SiteRecord } from '@vigie/domain';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { recordChange, setDeleted } from '../audit/record-change';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { contentDigest } from '../common/canonical-digest';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import { parseListQuery, withCondition, type RawQuery } from '../common/list-query/parse-list-query';
import type { GeoJsonResult, ListResult } from '../common/list-result';
import { recordErrors } from '../common/record-errors';
import type { CreateSiteDto, PatchSiteDto, ReplaceSiteDto, SiteInputDto } from './dto/site-input.dto';
import { siteErrors } from './sites.errors';
import { LIVE_SITE_LIST_SPEC, SITE_LIST_SPEC } from './sites.list-spec';
import { SitesRepository, type SiteValues } from './sites.repository';

const LABEL = 'Site';
const ENTITY = 'sites';

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

/** Communication reads live sites only (ROLES_SEEING_DELETED). */
function seesDeleted(actor: Actor): boolean {
  return ROLES_SEEING_DELETED.includes(actor.role);
}

@Injectable()
export class SitesService {
  constructor(
    private readonly repository: SitesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<SiteRecord>> {
    assertCan(actor, 'sites.read');
    return this.repository.list(this.visible(actor, query));
  }

  async geojson(actor: Actor, query: RawQuery): Promise<GeoJsonResult> {
    assertCan(actor, 'sites.read');
    return this.repository.geojson(
      this.visible(actor, query, { maxPage: LIMITS.geojsonFeatures, defaultPage: LIMITS.geojsonFeatures }),
    );
  }

  async get(actor: Actor, id: string): Promise<SiteRecord> {
    assertCan(actor, 'sites.read');
    const record = await this.repository.findOne(id);
    if (!record || (record.deletedAt !== null && !seesDeleted(actor))) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  async create(actor: Actor, dto: CreateSiteDto): Promise<{ record: SiteRecord; created: boolean }> {
    assertCan(actor, 'sites.create');
    const id = dto.id ?? randomUUID();
    const digest = contentDigest(dto);
    return this.repository.transaction(async (manager) => {
      const replay = dto.id !== undefined ? await this.replay(manager, actor.id, id, digest) : null;
      if (replay) return { record: replay, created: false };
      const values = siteValues(dto, 'replace');
      await this.assertPerimeter(manager, values);
      const inserted = await this.repository.insert(manager, {
        ...values,
        id,
        creationDigest: digest,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      if (!inserted) {
        // Another request with the same id committed between our check and our insert.
        return { record: (await this.replay(manager, actor.id, id, digest)) as SiteRecord, created: false };
      }
      const record = (await this.repository.findOne(id, manager)) as SiteRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'create', null, record);
      return { record, created: true };
    });
  }

  async replace(actor: Actor, id: string, dto: ReplaceSiteDto): Promise<SiteRecord> {
    return this.update(actor, id, dto, 'replace');
  }

  async patch(actor: Actor, id: string, dto: PatchSiteDto): Promise<SiteRecord> {
    return this.update(actor, id, dto, 'patch');
  }

  async remove(actor: Actor, id: string): Promise<SiteRecord> {
    return this.setDeleted(actor, id, true);
  }

  async restore(actor: Actor, id: string): Promise<SiteRecord> {
    return this.setDeleted(actor, id, false);
  }

  private async setDeleted(actor: Actor, id: string, deleted: boolean): Promise<SiteRecord> {
    assertCan(actor, 'sites.delete');
    return this.repository.transaction(async (manager) =>
      setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(id, manager),
        },
        await this.lockExisting(manager, id),
        deleted,
      ),
    );
  }

  private async update(
    actor: Actor,
    id: string,
    dto: ReplaceSiteDto | PatchSiteDto,
    mode: 'replace' | 'patch',
  ): Promise<SiteRecord> {
    assertCan(actor, 'sites.update');
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    return this.repository.transaction(async (manager) => {
      const current = await this.lockExisting(manager, id);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) throw recordErrors.staleVersion(LABEL, current);
      const values = siteValues(dto, mode);
      await this.assertPerimeter(manager, values);
      await this.repository.update(manager, id, values, actor.id);
      const record = (await this.repository.findOne(id, manager)) as SiteRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'update', current, record);
      return record;
    });
  }

  private async lockExisting(manager: EntityManager, id: string): Promise<SiteRecord> {
    const state = await this.repository.table.lock(manager, id);
    const record = state ? await this.repository.findOne(id, manager) : null;
    if (!record) throw recordErrors.notFound(LABEL, id);
    return record;
  }

  private async assertPerimeter(manager: EntityManager, values: SiteValues): Promise<void> {
    if (!values.perimeter) return;
    const problem = await this.repository.polygonProblem(manager, values.perimeter);
    if (problem) throw siteErrors.invalidPerimeter(problem);
  }

  /** The list query as the actor may run it: live sites only for the roles without a trash. */
  private visible(
    actor: Actor,
    query: RawQuery,
    page?: Parameters<typeof parseListQuery>[2],
  ): ParsedListQuery {
    if (seesDeleted(actor)) return parseListQuery(query, SITE_LIST_SPEC, page);
    return withCondition(parseListQuery(query, LIVE_SITE_LIST_SPEC, page), 's.deleted_at IS NULL');
  }

  private async replay(
    manager: EntityManager,
    actorId: string,
    id: string,
    digest: string,
  ): Promise<SiteRecord | null> {
    const retried = await this.repository.table.isRetriedCreate(manager, id, digest, LABEL, actorId);
    return retried ? this.repository.findOne(id, manager) : null;
  }
}
