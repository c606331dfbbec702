import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  ImportMappingSpec,
  KoboFeedRecord,
  KoboReceipt,
  KoboSubmissionRecord,
  NewKoboFeedRecord,
} from '@vigie/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, diffRecords } from '../../audit/audit.service';
import { assertCan } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { contentDigest } from '../../common/canonical-digest';
import { DomainError } from '../../common/domain-error';
import { PendingStatements } from '../../common/pending-statements';
import type { ListResult } from '../../common/list-result';
import { recordErrors } from '../../common/record-errors';
import { KOBO_NAMESPACE, siteContext } from '../import-plan';
import { importErrors } from '../imports.errors';
import { ImportsRepository } from '../imports.repository';
import { convertRow } from '../mapping';
import { ObservationImportTarget } from '../targets/observation-target';
import { submissionCells, submissionUuid } from './kobo-payload';

export const KOBO_TOKEN_PREFIX = 'vkf_';

const FEED_JSON = `json_build_object(
  'id', f.id, 'name', f.name, 'prefix', f.prefix, 'mappingId', f.mapping_id,
  'mappingName', (SELECT m.name FROM import_mappings m WHERE m.id = f.mapping_id),
  'createdAt', f.created_at, 'createdBy', f.created_by,
  'createdByName', (SELECT u.name FROM users u WHERE u.id = f.created_by),
  'revokedAt', f.revoked_at, 'lastReceivedAt', f.last_received_at,
  'acceptedCount', (SELECT count(*) FROM kobo_submissions s WHERE s.feed_id = f.id AND s.status = 'accepted'),
  'rejectedCount', (SELECT count(*) FROM kobo_submissions s WHERE s.feed_id = f.id AND s.status = 'rejected'))`;

const SUBMISSION_JSON = `json_build_object(
  'id', s.id, 'feedId', s.feed_id, 'uuid', CASE WHEN s.submission_key LIKE 'uuid:%' THEN substr(s.submission_key, 6) END,
  'receivedAt', s.received_at, 'receivedCount', s.received_count, 'status', s.status,
  'observationId', s.record_id, 'errors', s.errors, 'payload', s.payload)`;

const ENTITY = 'kobo_feeds';

export function koboTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The live KoboToolbox feed (DESIGN §5): per form, a revocable token (stored hashed) that selects
 * a saved mapping; every submission is kept, accepted as one `submitted` observation exactly once
 * per `_uuid`, or rejected with its reasons, visible and retryable.
 */
@Injectable()
export class KoboFeedsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ImportsRepository,
    private readonly target: ObservationImportTarget,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<KoboFeedRecord[]> {
    assertCan(actor, 'imports.manage');
    const rows: { record: KoboFeedRecord }[] = await this.dataSource.query(
      `SELECT ${FEED_JSON} AS record FROM kobo_feeds f ORDER BY f.revoked_at IS NOT NULL, f.created_at DESC`,
    );
    return rows.map(({ record }) => record);
  }

  async get(
    actor: Actor,
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<KoboFeedRecord> {
    assertCan(actor, 'imports.manage');
    const rows: { record: KoboFeedRecord }[] = await manager.query(
      `SELECT ${FEED_JSON} AS record FROM kobo_feeds f WHERE f.id = $1`,
      [id],
    );
    if (!rows[0]) throw recordErrors.notFound('KoboToolbox feed', id);
    return rows[0].record;
  }

  /** Creates a feed; the token is in the answer once, never stored in clear nor shown again. */
  async create(
    actor: Actor,
    input: { name: string; mappingId: string },
    baseUrl: string,
  ): Promise<NewKoboFeedRecord> {
    assertCan(actor, 'imports.manage');
    const token = `${KOBO_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const record = await this.dataSource.transaction(async (manager) => {
      const mappings = (await manager.query(`SELECT kind FROM import_mappings WHERE id = $1`, [
        input.mappingId,
      ])) as {
        kind: string;
      }[];
      if (!mappings[0])
        throw recordErrors.invalidReference('mappingId', `unknown mapping ${input.mappingId}`);
      if (mappings[0].kind !== 'observations') {
        throw recordErrors.invalidReference(
          'mappingId',
          'a KoboToolbox feed creates observations: choose a mapping of observations',
        );
      }
      const id = randomUUID();
      await manager.query(
        `INSERT INTO kobo_feeds (id, name, token_hash, prefix, mapping_id, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          id,
          input.name,
          koboTokenHash(token),
          token.slice(0, KOBO_TOKEN_PREFIX.length + 4),
          input.mappingId,
          actor.id,
        ],
      );
      const created = await this.get(actor, id, manager);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'feed_created',
        entity: ENTITY,
        entityId: id,
        diff: diffRecords(ENTITY, null, { name: created.name, mappingId: created.mappingId }),
        context: { ip: actor.ip },
      });
      return created;
    });
    return { ...record, token, url: `${baseUrl}/api/import/kobo/${token}` };
  }

  async revoke(actor: Actor, id: string): Promise<KoboFeedRecord> {
    assertCan(actor, 'imports.manage');
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(actor, id, manager);
      if (before.revokedAt === null) {
        await manager.query(`UPDATE kobo_feeds SET revoked_at = now(), revoked_by = $2 WHERE id = $1`, [
          id,
          actor.id,
        ]);
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'feed_revoked',
          entity: ENTITY,
          entityId: id,
          context: { ip: actor.ip },
        });
      }
      return this.get(actor, id, manager);
    });
  }

  async submissions(
    actor: Actor,
    feedId: string,
    status: 'accepted' | 'rejected' | null,
    page: { offset: number; limit: number },
  ): Promise<ListResult<KoboSubmissionRecord>> {
    await this.get(actor, feedId);
    const filter = `s.feed_id = $1 AND ($2::text IS NULL OR s.status = $2)`;
    const [rows, counts] = await Promise.all([
      this.dataSource.query(
        `SELECT ${SUBMISSION_JSON} AS record FROM kobo_submissions s WHERE ${filter}
          ORDER BY s.received_at DESC, s.id LIMIT $3 OFFSET $4`,
        [feedId, status, page.limit, page.offset],
      ) as Promise<{ record: KoboSubmissionRecord }[]>,
      this.dataSource.query(`SELECT count(*)::int AS total FROM kobo_submissions s WHERE ${filter}`, [
        feedId,
        status,
      ]) as Promise<{ total: number }[]>,
    ]);
    return { rows: rows.map(({ record }) => record), total: counts[0]?.total ?? 0 };
  }

  /** Processes a rejected submission again with the feed's mapping as it is now. */
  async retry(actor: Actor, feedId: string, submissionId: string): Promise<KoboReceipt> {
    assertCan(actor, 'imports.manage');
    const feed = await this.get(actor, feedId);
    if (feed.revokedAt !== null) throw importErrors.invalidForm({ feedId: 'is revoked' });
    const rows = (await this.dataSource.query(
      `SELECT payload FROM kobo_submissions WHERE id = $1 AND feed_id = $2`,
      [submissionId, feedId],
    )) as { payload: Record<string, unknown> }[];
    if (!rows[0]) throw recordErrors.notFound('Submission', submissionId);
    return this.process(feedId, rows[0].payload, false);
  }

  /** The hook: a submission for the feed whose token this is; 404 for an unknown or revoked token. */
  async receive(token: string, payload: unknown): Promise<KoboReceipt> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM kobo_feeds WHERE token_hash = $1 AND revoked_at IS NULL`,
      [koboTokenHash(token)],
    )) as { id: string }[];
    if (!rows[0])
      throw new DomainError('not_found', 'kobo_feed_not_found', 'Unknown or revoked KoboToolbox feed');
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw importErrors.invalidForm({ body: 'must be one KoboToolbox submission as a JSON object' });
    }
    return this.process(rows[0].id, payload as Record<string, unknown>, true);
  }

  private async process(
    feedId: string,
    payload: Record<string, unknown>,
    received: boolean,
  ): Promise<KoboReceipt> {
    const uuid = submissionUuid(payload);
    const key = uuid ? `uuid:${uuid}` : `sha256:${contentDigest(payload)}`;
    return this.dataSource.transaction(async (manager) => {
      await this.target.lockWriters(manager);
      const [feed] = (await manager.query(
        `SELECT f.id, f.created_by AS "createdBy", m.mapping
           FROM kobo_feeds f LEFT JOIN import_mappings m ON m.id = f.mapping_id
          WHERE f.id = $1 FOR UPDATE OF f`,
        [feedId],
      )) as { id: string; createdBy: string; mapping: ImportMappingSpec | null }[];
      if (!feed) throw recordErrors.notFound('KoboToolbox feed', feedId);
      if (received)
        await manager.query(`UPDATE kobo_feeds SET last_received_at = now() WHERE id = $1`, [feedId]);
      const [stored] = (await manager.query(
        `SELECT id, status, record_id FROM kobo_submissions WHERE feed_id = $1 AND submission_key = $2 FOR UPDATE`,
        [feedId, key],
      )) as { id: string; status: string; record_id: string | null }[];
      if (stored?.status === 'accepted') {
        await this.touch(manager, stored.id, received);
        return { status: 'accepted', id: stored.record_id ?? undefined, duplicate: true };
      }
      const outcome = await this.convert(manager, feed, payload, uuid);
      if ('errors' in outcome) {
        await this.store(manager, {
          feedId,
          key,
          stored,
          received,
          payload,
          status: 'rejected',
          errors: outcome.errors,
        });
        return { status: 'rejected', errors: outcome.errors };
      }
      const known = uuid
        ? (await this.repository.sources(manager, 'observations', [`${KOBO_NAMESPACE}:${uuid}`])).get(
            `${KOBO_NAMESPACE}:${uuid}`,
          )
        : undefined;
      let recordId = known?.recordId;
      if (!recordId) {
        recordId = randomUUID();
        await this.writeObservation(manager, feed, recordId, uuid as string, outcome.input);
      }
      await this.store(manager, { feedId, key, stored, received, payload, status: 'accepted', recordId });
      return known
        ? { status: 'accepted', id: recordId, duplicate: true }
        : { status: 'accepted', id: recordId };
    });
  }

  private async convert(
    manager: EntityManager,
    feed: { mapping: ImportMappingSpec | null },
    payload: Record<string, unknown>,
    uuid: string | null,
  ): Promise<{ input: Record<string, unknown> } | { errors: Record<string, string> }> {
    if (!feed.mapping)
      return { errors: { mappingId: 'the feed has no mapping any more: create a new feed' } };
    const { columns, cells } = submissionCells(payload);
    // Columns the mapping names but this submission lacks (an unanswered question, a missing
    // `_uuid`) read as empty: otherwise the mapping would not fit the row and the hook would fail.
    const named = [...Object.keys(feed.mapping.columns), feed.mapping.sourceIdColumn ?? ''];
    for (const column of named.filter((name) => name !== '')) {
      if (!columns.includes(column)) {
        columns.push(column);
        cells.push('');
      }
    }
    const converted = await convertRow(
      'observations',
      columns,
      cells,
      feed.mapping,
      await siteContext(this.repository, manager),
    );
    const errors = { ...converted.errors };
    if (!uuid) errors._uuid = 'is missing: KoboToolbox sends it with every submission';
    return Object.keys(errors).length > 0 ? { errors } : { input: converted.input };
  }

  private async writeObservation(
    manager: EntityManager,
    feed: { id: string; createdBy: string },
    id: string,
    uuid: string,
    input: Record<string, unknown>,
  ): Promise<void> {
    const source = { importId: null, feedId: feed.id, fileName: null, row: null, sourceId: uuid };
    const created = await new PendingStatements(manager).run((pending) =>
      this.target.insertMany(manager, [{ id, row: 0, input, source }], 'submitted', feed.createdBy, pending),
    );
    await this.target.afterWrite(manager, { created: [id], updated: [], deleted: [] });
    await this.repository.upsertSources(manager, [
      {
        kind: 'observations',
        sourceKey: `${KOBO_NAMESPACE}:${uuid}`,
        recordId: id,
        importId: null,
        feedId: feed.id,
        row: null,
        digest: contentDigest(input),
        version: 1,
      },
    ]);
    await this.audit.record(manager, {
      actorId: feed.createdBy,
      action: 'create',
      entity: 'observations',
      entityId: id,
      diff: diffRecords('observations', null, created.get(id) ?? null),
      context: { via: 'kobo', feedId: feed.id, submission: uuid },
    });
  }

  private async store(
    manager: EntityManager,
    entry: {
      feedId: string;
      key: string;
      stored: { id: string } | undefined;
      received: boolean;
      payload: Record<string, unknown>;
      status: 'accepted' | 'rejected';
      errors?: Record<string, string>;
      recordId?: string;
    },
  ): Promise<void> {
    if (entry.stored) {
      await manager.query(
        `UPDATE kobo_submissions SET status = $2, errors = $3, record_id = $4, payload = $5 WHERE id = $1`,
        [
          entry.stored.id,
          entry.status,
          entry.errors ? JSON.stringify(entry.errors) : null,
          entry.recordId ?? null,
          JSON.stringify(entry.payload),
        ],
      );
      await this.touch(manager, entry.stored.id, entry.received);
      return;
    }
    await manager.query(
      `INSERT INTO kobo_submissions (feed_id, submission_key, status, record_id, errors, payload)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.feedId,
        entry.key,
        entry.status,
        entry.recordId ?? null,
        entry.errors ? JSON.stringify(entry.errors) : null,
        JSON.stringify(entry.payload),
      ],
    );
  }

  private async touch(manager: EntityManager, id: string, received: boolean): Promise<void> {
    if (!received) return;
    await manager.query(
      `UPDATE kobo_submissions SET received_count = received_count + 1, received_at = now() WHERE id = $1`,
      [id],
    );
  }
}
