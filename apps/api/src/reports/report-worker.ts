import { Injectable, Logger } from '@nestjs/common';
import { type ReportParams, StageTimings } from '@vigie/reporting';
import { describeError } from '../../../../db/describe-error.mts';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { FileStore } from '../files/file-store';
import { ReportComposer } from './composer/report-composer';
import { ReportRenderer } from './report-renderer';
import { ReportsRepository } from './reports.repository';

/** Progress of a report: composition up to 30, rendering up to 90, storing up to 100. */
export const PROGRESS = { started: 5, composed: 30, rendered: 90 } as const;

/** Errors kept on the report are cut to this length (a stack trace is no message). */
const MAX_ERROR_LENGTH = 1000;

export const REPORT_ENTITY = 'reports';

/** The audit context of a report: what it covers (a period, or a case) and, once known, what came out. */
export function reportContext(params: ReportParams, extra: Record<string, unknown> = {}) {
  const scope =
    params.kind === 'case-dossier'
      ? { caseId: params.caseId, includeRestricted: params.includeRestricted }
      : { from: params.from, to: params.to, area: params.area };
  return { kind: params.kind, ...scope, lang: params.lang, ...extra };
}

class StageError extends Error {
  constructor(stage: string, cause: unknown) {
    super(`${stage} failed: ${describeError(cause)}`.slice(0, MAX_ERROR_LENGTH));
  }
}

async function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StageError(name, error);
  }
}

/**
 * Renders one queued report: composition (figures from the statistics service, as the requester
 * may count them; a case dossier as the requester may read the case, with their role as it is
 * now), the PDF, its bytes in the file store, then the row and its audit event in one
 * transaction. A failure at any step is written to the report (status `failed`, `error` saying
 * which step and why) and audited; the job itself then ends normally.
 */
@Injectable()
export class ReportWorker {
  private readonly logger = new Logger(ReportWorker.name);

  constructor(
    private readonly repository: ReportsRepository,
    private readonly composer: ReportComposer,
    private readonly renderer: ReportRenderer,
    private readonly store: FileStore,
    private readonly audit: AuditService,
  ) {}

  async run(reportId: string): Promise<void> {
    const claimed = await this.repository.claim(reportId);
    if (!claimed) return;
    const { params, createdBy, attempts } = claimed;
    const progress = new ProgressWriter((value) => this.repository.setProgress(reportId, value));
    // Durations only (no content), in the debug log: where a slow report spent its time.
    const timings = new StageTimings();
    try {
      progress.set(PROGRESS.started);
      const actor = await stage('Composition', () => this.requester(createdBy));
      const { html, figures } = await stage('Composition', () =>
        this.composer.compose(params, actor, { reportId }, timings),
      );
      progress.set(PROGRESS.composed);
      const { pdf, pageCount } = await stage('Rendering', () =>
        this.renderer.pdf.render(
          html,
          (percent) =>
            progress.set(
              PROGRESS.composed + Math.round(share(percent) * (PROGRESS.rendered - PROGRESS.composed)),
            ),
          timings,
        ),
      );
      progress.set(PROGRESS.rendered);
      const sha256 = await stage('Storing', () => timings.time('storing', () => this.store.storeBytes(pdf)));
      this.logger.debug(`Report ${reportId} (${params.kind}): ${timings.toString()}`);
      await progress.flush();
      await this.repository.transaction(async (manager) => {
        await this.repository.markDone(manager, reportId, {
          sha256,
          sizeBytes: pdf.length,
          pageCount,
          figures,
        });
        await this.audit.record(manager, {
          actorId: createdBy,
          action: 'report',
          entity: REPORT_ENTITY,
          entityId: reportId,
          context: reportContext(params, { status: 'done', sha256, pageCount, attempt: attempts }),
        });
      });
    } catch (error) {
      const message =
        error instanceof StageError
          ? error.message
          : `Storing failed: ${describeError(error)}`.slice(0, MAX_ERROR_LENGTH);
      this.logger.warn(`Report ${reportId}: ${message}`);
      await progress.flush();
      await this.repository.transaction(async (manager) => {
        await this.repository.markFailed(manager, reportId, message);
        await this.audit.record(manager, {
          actorId: createdBy,
          action: 'report',
          entity: REPORT_ENTITY,
          entityId: reportId,
          context: reportContext(params, { status: 'failed', error: message, attempt: attempts }),
        });
      });
    }
  }

  /** The requester, as the composer and the statistics service check them. */
  private async requester(userId: string | null): Promise<Actor> {
    const user = userId ? await this.repository.requester(userId) : null;
    if (!user) throw new Error('the account that requested the report no longer exists');
    return { ...user, sessionId: '', ip: '' };
  }
}

/** The renderer's percentage as a share of its stage. */
function share(percent: number): number {
  return Math.min(1, Math.max(0, percent / 100));
}

/**
 * Writes progress in the background, one write at a time and only when it moved by 5 or more, so
 * that a chatty renderer neither slows the job nor floods the database.
 */
class ProgressWriter {
  private written = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly write: (value: number) => Promise<void>) {}

  set(value: number): void {
    if (value < this.written + 5 && value < PROGRESS.rendered) return;
    if (value <= this.written) return;
    this.written = value;
    this.pending = this.pending.then(() => this.write(value)).catch(() => undefined);
  }

  flush(): Promise<void> {
    return this.pending;
  }
}
