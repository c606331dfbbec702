import type { ReadStream } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { can, type ReportRecord, ROLES_SEEING_RESTRICTED } from '@vigie/domain';
import { isCaseDossier, PERIODIC_REPORT_KINDS, type ReportParams } from '@vigie/reporting';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { authErrors } from '../auth/auth.errors';
import { parseListQuery, type RawQuery, withCondition } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { FileStore } from '../files/file-store';
import { caseView } from '../legal/cases/legal-case-access';
import { LegalCasesRepository } from '../legal/cases/legal-cases.repository';
import { ReportComposer } from './composer/report-composer';
import { parseReportRequest, requestedKind } from './report-request';
import { ReportQueue } from './report-queue';
import { REPORT_ENTITY, reportContext } from './report-worker';
import { reportErrors } from './reports.errors';
import { REPORT_LIST_SPEC } from './reports.list-spec';
import { ReportsRepository, storedParams } from './reports.repository';

export interface ReportPdf {
  stream: ReadStream;
  sha256: string;
  sizeBytes: number;
  filename: string;
}

/** Letters, digits, `.` and `-` only (accents dropped, anything else `_`): safe in a header and on any disk. */
export function safeFilePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 80);
}

/**
 * `vigie-monthly-note-2025-03-01_2025-03-31-calaisis-fr.pdf` (only codes and dates), or
 * `vigie-case-dossier-2026-004-fr.pdf` with the case reference the dossier was printed with, made safe.
 */
export function pdfName(report: ReportRecord): string {
  if (report.kind === 'case-dossier') {
    const printed = (report.figures as { case?: { reference?: unknown } } | null)?.case?.reference;
    const reference = safeFilePart(typeof printed === 'string' ? printed : '') || (report.caseId ?? 'case');
    return `vigie-case-dossier-${reference}-${report.lang}.pdf`;
  }
  return `vigie-${report.kind}-${report.from}_${report.to}${report.area ? `-${report.area}` : ''}-${report.lang}.pdf`;
}

/** Whether the actor may read case dossiers at all: for the other roles they do not exist (404). */
function readsDossiers(actor: Actor): boolean {
  return can(actor.role, 'reports.caseDossier');
}

/**
 * Who may request (or retry, or preview) a report of this kind: a case dossier calls for
 * `reports.caseDossier` and the case's details, any other kind for `reports.create`. A role with
 * neither is refused whatever it asks for; an unknown kind is left to the request's check (400).
 */
function assertMayRequest(actor: Actor, kind: unknown): void {
  if (!can(actor.role, 'reports.create') && !readsDossiers(actor)) {
    throw authErrors.forbidden('generating reports');
  }
  if (kind === 'case-dossier') {
    assertCan(actor, 'reports.caseDossier');
    assertCan(actor, 'legalCases.readDetails');
  } else if ((PERIODIC_REPORT_KINDS as readonly unknown[]).includes(kind)) {
    assertCan(actor, 'reports.create');
  }
}

/** Restricted text goes into a dossier only for a role that may read it. */
function assertMayPrint(actor: Actor, params: ReportParams): void {
  if (isCaseDossier(params) && params.includeRestricted && !ROLES_SEEING_RESTRICTED.includes(actor.role)) {
    throw authErrors.forbidden('printing restricted text');
  }
}

/**
 * Publications (DESIGN §6): requests are queued and rendered by the worker; every request, retry,
 * outcome and PDF download is audited. Every reader sees every periodic report; case dossiers are
 * made and read only by the roles with `reports.caseDossier` (admin, legal): for the others they
 * are absent from lists and unknown (404).
 */
@Injectable()
export class ReportsService {
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly repository: ReportsRepository,
    private readonly queue: ReportQueue,
    private readonly composer: ReportComposer,
    private readonly store: FileStore,
    private readonly audit: AuditService,
    private readonly cases: LegalCasesRepository,
  ) {}

  async create(actor: Actor, body: unknown): Promise<ReportRecord> {
    assertCan(actor, 'reports.read');
    assertMayRequest(actor, requestedKind(body));
    const params = parseReportRequest(body);
    assertMayPrint(actor, params);
    const id = await this.repository.transaction(async (manager) => {
      if (isCaseDossier(params)) await this.assertLiveCase(actor, params.caseId, manager);
      const created = await this.repository.insert(manager, params, actor.id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'report',
        entity: REPORT_ENTITY,
        entityId: created,
        context: reportContext(params, { status: 'queued', ip: actor.ip }),
      });
      return created;
    });
    return this.enqueue(id, actor);
  }

  async list(actor: Actor, query: RawQuery): Promise<ListResult<ReportRecord>> {
    assertCan(actor, 'reports.read');
    const parsed = parseListQuery(query, REPORT_LIST_SPEC);
    return this.repository.list(
      readsDossiers(actor) ? parsed : withCondition(parsed, `r.kind <> 'case-dossier'`),
    );
  }

  async get(actor: Actor, id: string): Promise<ReportRecord> {
    assertCan(actor, 'reports.read');
    const record = await this.repository.find(id);
    if (!record || !this.visible(actor, record)) throw reportErrors.notFound();
    return record;
  }

  /**
   * A failed report back in the queue (409 unless failed); its attempts go on counting. It is
   * rendered again as its requester, like the first time.
   */
  async retry(actor: Actor, id: string): Promise<ReportRecord> {
    assertCan(actor, 'reports.read');
    assertMayRequest(actor, undefined);
    await this.repository.transaction(async (manager) => {
      const row = await this.repository.lock(manager, id);
      const record = row ? await this.repository.find(id, manager) : null;
      if (!record || !this.visible(actor, record)) throw reportErrors.notFound();
      assertMayRequest(actor, record.kind);
      if (record.status !== 'failed') throw reportErrors.notFailed(record.status);
      const params = storedParams(record);
      assertMayPrint(actor, params);
      if (isCaseDossier(params)) await this.assertLiveCase(actor, params.caseId, manager);
      await this.repository.requeue(manager, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'report',
        entity: REPORT_ENTITY,
        entityId: id,
        context: reportContext(params, {
          status: 'queued',
          retry: true,
          previousError: record.error,
          ip: actor.ip,
        }),
      });
    });
    return this.enqueue(id, actor);
  }

  /** The PDF of a done report (409 otherwise); the download is audited before any byte leaves. */
  async openPdf(actor: Actor, id: string): Promise<ReportPdf> {
    const record = await this.get(actor, id);
    if (record.status !== 'done' || !record.sha256) throw reportErrors.notDone(record.status);
    const sizeBytes = await this.repository.storedSize(record.sha256);
    if (sizeBytes === null) throw new Error(`Stored file row missing for report ${id}`);
    const stream = await this.store.open(record.sha256, sizeBytes);
    try {
      await this.repository.transaction((manager) =>
        this.audit.record(manager, {
          actorId: actor.id,
          action: 'download',
          entity: REPORT_ENTITY,
          entityId: id,
          context: {
            ip: actor.ip,
            sha256: record.sha256,
            kind: record.kind,
            ...(record.caseId ? { caseId: record.caseId } : {}),
          },
        }),
      );
    } catch (error) {
      stream.destroy();
      throw error;
    }
    return { stream, sha256: record.sha256, sizeBytes, filename: pdfName(record) };
  }

  /**
   * The HTML a report with these parameters would be printed from, composed now. Not audited:
   * nothing is stored or leaves as a publication, and it holds only what the reader may already
   * read through the statistics and the records (docs/decisions.md).
   */
  async preview(actor: Actor, query: RawQuery): Promise<string> {
    assertCan(actor, 'reports.read');
    const kind = requestedKind(query);
    if (kind === 'case-dossier') assertMayRequest(actor, kind);
    const params = parseReportRequest(query, 'query');
    assertMayPrint(actor, params);
    if (isCaseDossier(params)) {
      await this.repository.transaction((manager) => this.assertLiveCase(actor, params.caseId, manager));
    }
    return (await this.composer.compose(params, actor, { reportId: null })).html;
  }

  /** Case dossiers exist only for the roles that may read them. */
  private visible(actor: Actor, record: ReportRecord): boolean {
    return record.kind !== 'case-dossier' || readsDossiers(actor);
  }

  /** The case of a dossier: 404 when unknown (or not the actor's to see), 409 when deleted. */
  private async assertLiveCase(actor: Actor, caseId: string, manager: EntityManager): Promise<void> {
    const record = await this.cases.findOne(caseId, caseView(actor), manager);
    if (!record) throw reportErrors.caseNotFound(caseId);
    if (record.deletedAt) throw reportErrors.caseDeleted(caseId);
  }

  /**
   * Hands the job to the queue and answers the report as it was queued (the worker may start on it
   * at once). Should the queue be unreachable, the report says so (failed, with the reason) and can
   * be retried, rather than waiting forever.
   */
  private async enqueue(id: string, actor: Actor): Promise<ReportRecord> {
    const queued = await this.get(actor, id);
    try {
      await this.queue.enqueue(id);
      return queued;
    } catch (error) {
      const message = `Queueing failed: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(`Report ${id}: ${message}`);
      await this.repository.transaction(async (manager) => {
        await this.repository.markFailed(manager, id, message);
        await this.audit.record(manager, {
          actorId: actor.id,
          action: 'report',
          entity: REPORT_ENTITY,
          entityId: id,
          context: { status: 'failed', error: message },
        });
      });
      return this.get(actor, id);
    }
  }
}
