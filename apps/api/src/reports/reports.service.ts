import type { ReadStream } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import type { ReportRecord } from '@vigie/domain';
import { AuditService } from '../audit/audit.service';
import { assertCan } from '../auth/access';
import type { Actor } from '../auth/actor';
import { parseListQuery, type RawQuery } from '../common/list-query/parse-list-query';
import type { ListResult } from '../common/list-result';
import { FileStore } from '../files/file-store';
import { ReportComposer } from './composer/report-composer';
import { parseReportRequest } from './report-request';
import { ReportQueue } from './report-queue';
import { REPORT_ENTITY, reportContext } from './report-worker';
import { reportErrors } from './reports.errors';
import { REPORT_LIST_SPEC } from './reports.list-spec';
import { ReportsRepository } from './reports.repository';

export interface ReportPdf {
  stream: ReadStream;
  sha256: string;
  sizeBytes: number;
  filename: string;
}

/** `vigie-monthly-note-2025-03-01_2025-03-31-calaisis-fr.pdf`: only codes and dates, safe anywhere. */
export function pdfName(report: ReportRecord): string {
  return `vigie-${report.kind}-${report.from}_${report.to}${report.area ? `-${report.area}` : ''}-${report.lang}.pdf`;
}

/**
 * Publications (DESIGN §6): requests are queued and rendered by the worker; every request, retry,
 * outcome and PDF download is audited. Every reader sees every report (case dossiers, with their
 * own rules, arrive with legal cases).
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
  ) {}

  async create(actor: Actor, body: unknown): Promise<ReportRecord> {
    assertCan(actor, 'reports.create');
    const params = parseReportRequest(body);
    const id = await this.repository.transaction(async (manager) => {
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
    return this.repository.list(parseListQuery(query, REPORT_LIST_SPEC));
  }

  async get(actor: Actor, id: string): Promise<ReportRecord> {
    assertCan(actor, 'reports.read');
    const record = await this.repository.find(id);
    if (!record) throw reportErrors.notFound();
    return record;
  }

  /** A failed report back in the queue (409 unless failed); its attempts go on counting. */
  async retry(actor: Actor, id: string): Promise<ReportRecord> {
    assertCan(actor, 'reports.create');
    await this.repository.transaction(async (manager) => {
      const row = await this.repository.lock(manager, id);
      if (!row) throw reportErrors.notFound();
      if (row.status !== 'failed') throw reportErrors.notFailed(row.status);
      const record = (await this.repository.find(id, manager))!;
      await this.repository.requeue(manager, id);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'report',
        entity: REPORT_ENTITY,
        entityId: id,
        context: reportContext(record, {
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
          context: { ip: actor.ip, sha256: record.sha256, kind: record.kind },
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
    const params = parseReportRequest(query);
    return (await this.composer.compose(params, actor)).html;
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
