import type { ReportParams } from '@vigie/reporting';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, AuditService } from '../audit/audit.service';
import type { FileStore } from '../files/file-store';
import type { ReportComposer } from './composer/report-composer';
import type { ReportRenderer } from './report-renderer';
import { ReportWorker } from './report-worker';
import type { ClaimedReport, RenderedReport, ReportsRepository } from './reports.repository';

const PARAMS: ReportParams = {
  kind: 'monthly-note',
  from: '2025-03-01',
  to: '2025-03-31',
  area: null,
  lang: 'fr',
};
const REQUESTER = { id: 'user-1', email: 'com@vigie.test', name: 'Com', role: 'communication' as const };

/** The worker with every collaborator faked; `fail` makes one step throw. */
function setUp(options: { claimed?: ClaimedReport | null; fail?: 'compose' | 'render' | 'store' } = {}) {
  const calls = {
    progress: [] as number[],
    done: null as RenderedReport | null,
    failed: null as string | null,
    audit: [] as AuditEntry[],
    composedFor: null as unknown,
    composedWith: null as unknown,
  };
  const manager = {} as EntityManager;
  const repository = {
    claim: async () =>
      options.claimed === undefined
        ? { params: PARAMS, createdBy: REQUESTER.id, attempts: 1 }
        : options.claimed,
    requester: async () => REQUESTER,
    setProgress: async (_id: string, value: number) => {
      calls.progress.push(value);
    },
    transaction: async <T>(work: (m: EntityManager) => Promise<T>) => work(manager),
    markDone: async (_m: EntityManager, _id: string, rendered: RenderedReport) => {
      calls.done = rendered;
    },
    markFailed: async (_m: EntityManager, _id: string, error: string) => {
      calls.failed = error;
    },
  } as unknown as ReportsRepository;
  const composer = {
    compose: async (_params: ReportParams, actor: unknown, context: unknown) => {
      calls.composedFor = actor;
      calls.composedWith = context;
      if (options.fail === 'compose') throw new Error('statistics unavailable');
      return { html: '<!doctype html><p>note</p>', figures: { summary: { evictions: { total: 3 } } } };
    },
  } as unknown as ReportComposer;
  const renderer = {
    pdf: {
      render: async (_html: string, onProgress?: (percent: number) => void) => {
        for (const percent of [5, 20, 50, 90, 100]) onProgress?.(percent);
        if (options.fail === 'render') throw new Error('Browser was not found');
        return { pdf: Buffer.from('%PDF-1.7 fake'), pageCount: 3 };
      },
    },
  } as unknown as ReportRenderer;
  const store = {
    storeBytes: async () => {
      if (options.fail === 'store') throw new Error('ENOSPC: no space left on device');
      return 'a'.repeat(64);
    },
  } as unknown as FileStore;
  const audit = {
    record: async (_m: EntityManager, entry: AuditEntry) => {
      calls.audit.push(entry);
    },
  } as unknown as AuditService;
  return { worker: new ReportWorker(repository, composer, renderer, store, audit), calls };
}

describe(ReportWorker.name, () => {
  describe('run', () => {
    it('stores the PDF, its page count and figures, with rising progress, and audits the outcome', async () => {
      const { worker, calls } = setUp();
      await worker.run('report-1');
      expect(calls.done).toEqual({
        sha256: 'a'.repeat(64),
        sizeBytes: Buffer.from('%PDF-1.7 fake').length,
        pageCount: 3,
        figures: { summary: { evictions: { total: 3 } } },
      });
      expect(calls.progress).toEqual([...calls.progress].sort((a, b) => a - b));
      expect(calls.progress[0]).toBe(5);
      expect(calls.progress.at(-1)).toBe(90);
      expect(calls.composedFor).toMatchObject({ id: REQUESTER.id, role: 'communication' });
      expect(calls.audit).toEqual([
        {
          actorId: REQUESTER.id,
          action: 'report',
          entity: 'reports',
          entityId: 'report-1',
          context: { ...PARAMS, status: 'done', sha256: 'a'.repeat(64), pageCount: 3, attempt: 1 },
        },
      ]);
      expect(calls.failed).toBeNull();
    });

    it.each([
      ['compose', 'Composition failed: statistics unavailable'],
      ['render', 'Rendering failed: Browser was not found'],
      ['store', 'Storing failed: ENOSPC: no space left on device'],
    ] as const)('records which step failed and why when %s throws, and audits it', async (fail, message) => {
      const { worker, calls } = setUp({ fail });
      await expect(worker.run('report-1')).resolves.toBeUndefined();
      expect(calls.failed).toBe(message);
      expect(calls.done).toBeNull();
      expect(calls.audit).toEqual([
        expect.objectContaining({
          action: 'report',
          context: expect.objectContaining({ status: 'failed', error: message }),
        }),
      ]);
    });

    it('composes a case dossier as its requester, with the report id, and audits the case it covers', async () => {
      const params: ReportParams = {
        kind: 'case-dossier',
        caseId: 'case-1',
        lang: 'en',
        includeRestricted: true,
      };
      const { worker, calls } = setUp({ claimed: { params, createdBy: REQUESTER.id, attempts: 2 } });
      await worker.run('report-2');
      expect(calls.composedWith).toEqual({ reportId: 'report-2' });
      expect(calls.audit[0]?.context).toEqual({
        kind: 'case-dossier',
        caseId: 'case-1',
        includeRestricted: true,
        lang: 'en',
        status: 'done',
        sha256: 'a'.repeat(64),
        pageCount: 3,
        attempt: 2,
      });
    });

    it('does nothing for a report that is done, failed or gone (a duplicate job)', async () => {
      const { worker, calls } = setUp({ claimed: null });
      await worker.run('report-1');
      expect(calls).toMatchObject({ progress: [], done: null, failed: null, audit: [] });
    });
  });
});
