import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type GeoPoint, type IncidentRecord, LIMITS } from '@vigie/domain';
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
import { parseTile, tileFilters, type TileResult } from '../common/tiles';
import { isVisibleTo, seesUnvalidated } from '../review/review-workflow';
import type { CreateIncidentDto, ReplaceIncidentDto } from './dto/incident-input.dto';
import type { PatchIncidentDto } from './dto/patch-incident.dto';
import {
  assertMayEditIncident,
  incidentView,
  lockVisibleIncident,
  mayReadIncident,
  presentIncident,
  seesRestricted,
} from './incident-access';
import { assertCounts, incidentValues } from './incident-values';
import { incidentErrors } from './incidents.errors';
import { INCIDENT_LIST_SPEC, PUBLIC_INCIDENT_LIST_SPEC } from './incidents.list-spec';
import { IncidentsRepository, type IncidentValues } from './incidents.repository';

const LABEL = 'Incident';
type ListQueryOptions = Parameters<typeof parseListQuery>[2];
const ENTITY = 'incidents';

@Injectable()
export class IncidentsService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: RawQuery): Promise<ListResult<IncidentRecord>> {
    assertCan(actor, 'incidents.read');
    const page = await this.repository.list(this.visible(actor, query), incidentView(actor));
    return { rows: page.rows.map((row) => presentIncident(actor, row)), total: page.total };
  }

  async geojson(actor: Actor, query: RawQuery): Promise<GeoJsonResult> {
    assertCan(actor, 'incidents.read');
    const page = { maxPage: LIMITS.geojsonFeatures, defaultPage: LIMITS.geojsonFeatures };
    return this.repository.geojson(this.visible(actor, query, page), incidentView(actor));
  }

  /** A vector tile with the list's filters, of the records and properties the actor may read. */
  async tile(
    actor: Actor,
    coordinates: { z: string; x: string; y: string },
    query: RawQuery,
  ): Promise<TileResult> {
    assertCan(actor, 'incidents.read');
    const tile = parseTile(coordinates);
    return this.repository.tile(this.visible(actor, tileFilters(query)), tile, incidentView(actor));
  }

  async get(actor: Actor, id: string): Promise<IncidentRecord> {
    assertCan(actor, 'incidents.read');
    const record = await this.repository.findOne(id, undefined, incidentView(actor));
    if (!record || !mayReadIncident(actor, record)) throw recordErrors.notFound(LABEL, id);
    return presentIncident(actor, record);
  }

  /**
   * Creates an incident. A client-chosen id makes the call idempotent: the same id with the same
   * content returns the stored record (`created: false`), with other content it is a conflict.
   * Any role that may create one may send the testimony (the field team collects it).
   */
  async create(actor: Actor, dto: CreateIncidentDto): Promise<{ record: IncidentRecord; created: boolean }> {
    assertCan(actor, 'incidents.create');
    const id = dto.id ?? randomUUID();
    const digest = contentDigest(dto);
    return this.repository.transaction(async (manager) => {
      if (dto.id !== undefined) {
        const replay = await this.replay(manager, actor, id, digest);
        if (replay) return { record: replay, created: false };
      }
      const values = incidentValues(dto, 'replace');
      assertCounts(null, values);
      await this.resolveLocation(manager, actor, values, null);
      const inserted = await this.repository.insert(manager, {
        ...values,
        id,
        creationDigest: digest,
        createdBy: actor.id,
        updatedBy: actor.id,
      });
      if (!inserted) {
        // Another request with the same id committed between our check and our insert.
        return { record: (await this.replay(manager, actor, id, digest)) as IncidentRecord, created: false };
      }
      const record = (await this.repository.findOne(id, manager)) as IncidentRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'create', null, record);
      return { record: presentIncident(actor, record), created: true };
    });
  }

  replace(actor: Actor, id: string, dto: ReplaceIncidentDto): Promise<IncidentRecord> {
    return this.update(actor, id, dto, 'replace');
  }

  patch(actor: Actor, id: string, dto: PatchIncidentDto): Promise<IncidentRecord> {
    return this.update(actor, id, dto, 'patch');
  }

  remove(actor: Actor, id: string): Promise<IncidentRecord> {
    return this.setDeleted(actor, id, true);
  }

  restore(actor: Actor, id: string): Promise<IncidentRecord> {
    return this.setDeleted(actor, id, false);
  }

  private async setDeleted(actor: Actor, id: string, deleted: boolean): Promise<IncidentRecord> {
    assertCan(actor, 'incidents.delete');
    const record = await this.repository.transaction(async (manager) =>
      setDeleted(
        manager,
        actor,
        {
          table: this.repository.table,
          entity: ENTITY,
          audit: this.audit,
          reload: () => this.repository.findOne(id, manager),
        },
        await lockVisibleIncident(this.repository, manager, actor, id),
        deleted,
      ),
    );
    return presentIncident(actor, record);
  }

  private async update(
    actor: Actor,
    id: string,
    dto: ReplaceIncidentDto | PatchIncidentDto,
    mode: 'replace' | 'patch',
  ): Promise<IncidentRecord> {
    assertCan(actor, 'incidents.update');
    if (dto.id !== undefined && dto.id !== id) throw recordErrors.idMismatch();
    // A role that cannot read the testimony cannot know what it would overwrite.
    if (!seesRestricted(actor) && dto.testimony !== undefined)
      throw incidentErrors.restrictedField('testimony');
    return this.repository.transaction(async (manager) => {
      const current = await lockVisibleIncident(this.repository, manager, actor, id);
      assertMayEditIncident(actor, current);
      if (current.deletedAt) throw recordErrors.deleted(LABEL, id);
      if (current.version !== dto.version) {
        throw recordErrors.staleVersion(LABEL, presentIncident(actor, current));
      }
      const values = incidentValues(dto, mode);
      // For such roles a whole-record update keeps the stored testimony.
      if (!seesRestricted(actor)) delete values.testimony;
      assertCounts(current, values);
      await this.resolveLocation(manager, actor, values, current);
      await this.repository.update(manager, id, values, actor.id);
      const record = (await this.repository.findOne(id, manager)) as IncidentRecord;
      await recordChange(this.audit, manager, actor, ENTITY, 'update', current, record);
      return presentIncident(actor, record);
    });
  }

  /**
   * Checks the linked observation (it must exist, be visible to the actor and not be deleted) and
   * fills in a missing location from it, as it is at write time. Without either → 400.
   */
  private async resolveLocation(
    manager: EntityManager,
    actor: Actor,
    values: IncidentValues,
    current: IncidentRecord | null,
  ): Promise<void> {
    let observationLocation: GeoPoint | null = null;
    if (values.observationId) {
      const observation = await this.repository.linkableObservation(manager, values.observationId);
      if (!observation || observation.deleted || !isVisibleTo(actor, observation)) {
        throw recordErrors.invalidReference(
          'observationId',
          `unknown or deleted observation ${values.observationId}`,
        );
      }
      observationLocation = observation.location;
    }
    if (values.location !== null) return;
    const observationId = values.observationId !== undefined ? values.observationId : current?.observationId;
    if (!observationId) throw incidentErrors.locationRequired();
    if (!observationLocation) {
      const observation = await this.repository.linkableObservation(manager, observationId);
      if (!observation) throw incidentErrors.locationRequired();
      observationLocation = observation.location;
    }
    values.location = observationLocation;
  }

  /**
   * The list query as the actor may run it: communication on validated, live incidents, searching
   * and filtering only what it may read (PUBLIC_INCIDENT_LIST_SPEC).
   */
  private visible(actor: Actor, query: RawQuery, page?: ListQueryOptions): ParsedListQuery {
    if (seesUnvalidated(actor.role)) return parseListQuery(query, INCIDENT_LIST_SPEC, page);
    return withCondition(
      parseListQuery(query, PUBLIC_INCIDENT_LIST_SPEC, page),
      `i.status = 'validated' AND i.deleted_at IS NULL`,
    );
  }

  private async replay(
    manager: EntityManager,
    actor: Actor,
    id: string,
    digest: string,
  ): Promise<IncidentRecord | null> {
    if (!(await this.repository.table.isRetriedCreate(manager, id, digest, LABEL, actor.id))) return null;
    const record = await this.repository.findOne(id, manager);
    return record && presentIncident(actor, record);
  }
}
