import type { ReportRecord, Role } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/actor';
import type { ParsedListQuery } from '../common/list-query/list-spec';
import { DomainError } from '../common/domain-error';
import type { LegalCasesRepository } from '../legal/cases/legal-cases.repository';
import type { ReportsRepository } from './reports.repository';
import { pdfName, ReportsService } from './reports.service';

const CASE_ID = '5f7c1a8e-2b4d-4c6e-8f0a-1b2c3d4e5f60';

function actor(role: Role): Actor {
  return { id: 'u1', email: 'u@example.org', name: 'U', role, sessionId: 's', ip: '::1' };
}

const report = (overrides: Partial<ReportRecord>): ReportRecord => ({
  id: 'r1',
  kind: 'monthly-note',
  from: '2025-03-01',
  to: '2025-03-31',
  caseId: null,
  includeRestricted: false,
  area: 'calaisis',
  lang: 'fr',
  status: 'done',
  progress: 100,
  error: null,
  sha256: 'a'.repeat(64),
  pageCount: 3,
  figures: {},
  createdAt: '2025-04-01T08:00:00Z',
  createdBy: 'u1',
  createdByName: 'U',
  startedAt: null,
  finishedAt: null,
  attempts: 1,
  ...overrides,
});

/** The service with a repository that records list queries and finds `stored`; nothing else is reached. */
function setUp(stored: ReportRecord | null = null) {
  const lists: ParsedListQuery[] = [];
  const repository = {
    list: async (query: ParsedListQuery) => {
      lists.push(query);
      return { rows: [], total: 0 };
    },
    find: async () => stored,
  } as unknown as ReportsRepository;
  const cases = {
    findOne: async () => {
      throw new Error('the case is not looked up before access is checked');
    },
  } as unknown as LegalCasesRepository;
  const service = new ReportsService(repository, null!, null!, null!, null!, cases);
  return { service, lists };
}

async function failure(work: () => Promise<unknown>): Promise<DomainError> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe(ReportsService.name, () => {
  describe('create', () => {
    it.each(['communication', 'coordinator', 'observer'] as const)(
      'refuses a case dossier to %s before reading the rest of the request',
      async (role) => {
        const { service } = setUp();
        const error = await failure(() =>
          service.create(actor(role), { kind: 'case-dossier', caseId: CASE_ID, from: 'soon', lang: 'fr' }),
        );
        expect(error.kind).toBe('forbidden');
      },
    );

    it('refuses a periodic publication to the legal team, which may make dossiers only', async () => {
      const { service } = setUp();
      const body = { kind: 'monthly-note', from: '2025-03-01', to: '2025-03-31', lang: 'fr' };
      expect((await failure(() => service.create(actor('legal'), body))).kind).toBe('forbidden');
    });

    it('names a bad request to a role that may make dossiers (400, not 403)', async () => {
      const { service } = setUp();
      const error = await failure(() => service.create(actor('legal'), { kind: 'case-dossier', lang: 'fr' }));
      expect(error.kind).toBe('invalid');
      expect(error.details.errors).toEqual({ caseId: 'is required' });
    });
  });

  describe('list and get', () => {
    it('leaves dossiers out of the lists of the roles that may not read them', async () => {
      const { service, lists } = setUp();
      await service.list(actor('communication'), {});
      await service.list(actor('legal'), {});
      expect(lists[0]?.where).toContain(`r.kind <> 'case-dossier'`);
      expect(lists[1]?.where).not.toContain('case-dossier');
    });

    it('answers 404 for a dossier to the roles that may not read dossiers', async () => {
      const dossier = report({ kind: 'case-dossier', from: null, to: null, area: null, caseId: CASE_ID });
      for (const role of ['communication', 'coordinator', 'observer'] as const) {
        const { service } = setUp(dossier);
        expect((await failure(() => service.get(actor(role), 'r1'))).kind).toBe('not_found');
      }
      expect(await setUp(dossier).service.get(actor('legal'), 'r1')).toEqual(dossier);
    });
  });
});

describe(pdfName.name, () => {
  it('names a periodic publication by its codes and dates', () => {
    expect(pdfName(report({}))).toBe('vigie-monthly-note-2025-03-01_2025-03-31-calaisis-fr.pdf');
  });

  it('names a dossier by the case reference it was printed with, made safe', () => {
    const dossier = (reference: unknown) =>
      report({
        kind: 'case-dossier',
        from: null,
        to: null,
        area: null,
        caseId: CASE_ID,
        lang: 'en',
        figures: { case: { id: CASE_ID, reference } },
      });
    expect(pdfName(dossier('2026-004'))).toBe('vigie-case-dossier-2026-004-en.pdf');
    expect(pdfName(dossier('Réf. 2026/004 "bis"'))).toBe('vigie-case-dossier-Ref._2026_004_bis-en.pdf');
    expect(pdfName(dossier(undefined))).toBe(`vigie-case-dossier-${CASE_ID}-en.pdf`);
  });
});
