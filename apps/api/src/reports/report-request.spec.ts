import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-error';
import { parseReportRequest } from './report-request';

function errorsOf(input: unknown): Record<string, string> {
  try {
    parseReportRequest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('invalid');
    return (error as DomainError).details.errors ?? {};
  }
  throw new Error('expected the request to be refused');
}

const valid = { kind: 'monthly-note', from: '2025-03-01', to: '2025-03-31', lang: 'fr' };
const CASE_ID = '5f7c1a8e-2b4d-4c6e-8f0a-1b2c3d4e5f60';
const dossier = { kind: 'case-dossier', caseId: CASE_ID, lang: 'fr' };

describe(parseReportRequest.name, () => {
  it('reads a JSON body and a query string alike; no area means the whole territory', () => {
    expect(parseReportRequest(valid)).toEqual({ ...valid, area: null });
    expect(parseReportRequest({ ...valid, area: 'dunkerquois' })).toMatchObject({ area: 'dunkerquois' });
    expect(parseReportRequest({ ...valid, area: '' })).toMatchObject({ area: null });
    expect(parseReportRequest({ ...valid, lang: ['en'] }).lang).toBe('en');
  });

  it('accepts a monthly note of 31 days and an annual report of a leap year, not one day more', () => {
    expect(parseReportRequest({ ...valid, from: '2025-01-15', to: '2025-02-14' })).toMatchObject({
      to: '2025-02-14',
    });
    expect(errorsOf({ ...valid, from: '2025-01-15', to: '2025-02-15' })).toEqual({
      to: 'a monthly-note covers at most 31 days',
    });
    const annual = { ...valid, kind: 'annual-report', from: '2024-01-01' };
    expect(parseReportRequest({ ...annual, to: '2024-12-31' }).kind).toBe('annual-report');
    expect(errorsOf({ ...annual, to: '2025-01-01' })).toEqual({
      to: 'a annual-report covers at most 366 days',
    });
  });

  it('names every wrong field at once', () => {
    expect(
      errorsOf({ kind: 'weekly-note', from: '2025-02-29', to: 'soon', lang: 'de', area: 'lille', extra: 1 }),
    ).toEqual({
      kind: 'must be one of: monthly-note, annual-report, press-release, case-dossier',
      from: 'must be a Paris local date YYYY-MM-DD',
      to: 'must be a Paris local date YYYY-MM-DD',
      lang: 'must be one of: fr, en',
      area: 'must be one of: calaisis, dunkerquois, littoral',
      extra: 'unknown field; allowed: kind, from, to, area, lang',
    });
    expect(errorsOf({})).toEqual({
      kind: 'is required',
      from: 'is required',
      to: 'is required',
      lang: 'is required',
    });
    expect(errorsOf({ ...valid, from: '2025-04-01' })).toEqual({ to: 'must not be before from' });
    expect(errorsOf({ ...valid, kind: ['monthly-note', 'press-release'] })).toEqual({
      kind: 'must be given once',
    });
  });

  it('reads a case dossier: a case and a language, restricted text left out unless asked for', () => {
    expect(parseReportRequest(dossier)).toEqual({ ...dossier, includeRestricted: false });
    expect(
      parseReportRequest({ ...dossier, caseId: CASE_ID.toUpperCase(), includeRestricted: true }),
    ).toEqual({
      ...dossier,
      includeRestricted: true,
    });
    // An empty period or area, as a form may send them, is no period.
    expect(parseReportRequest({ ...dossier, from: '', to: null, area: null }).kind).toBe('case-dossier');
    // A query string says true or false in words; a JSON body with a boolean.
    expect(parseReportRequest({ ...dossier, includeRestricted: 'true' }, 'query')).toMatchObject({
      includeRestricted: true,
    });
    expect(parseReportRequest({ ...dossier, includeRestricted: 'false' }, 'query')).toMatchObject({
      includeRestricted: false,
    });
  });

  it('refuses a period or an area for a case dossier, and a case for any other kind', () => {
    expect(errorsOf({ ...dossier, from: '2025-03-01', area: 'calaisis', extra: 1 })).toEqual({
      from: 'not for a case dossier, which covers its whole case',
      area: 'not for a case dossier, which covers its whole case',
      extra: 'unknown field; allowed: kind, caseId, lang, includeRestricted',
    });
    expect(errorsOf({ kind: 'case-dossier', lang: 'fr' })).toEqual({ caseId: 'is required' });
    expect(errorsOf({ ...dossier, caseId: 'case-1', includeRestricted: 'yes' })).toEqual({
      caseId: 'must be a UUID',
      includeRestricted: 'must be true or false',
    });
    expect(errorsOf({ ...dossier, includeRestricted: 'true' })).toEqual({
      includeRestricted: 'must be true or false',
    });
    expect(errorsOf({ ...valid, caseId: CASE_ID, includeRestricted: false })).toEqual({
      caseId: 'only for a case dossier (kind case-dossier)',
      includeRestricted: 'only for a case dossier (kind case-dossier)',
    });
  });

  it('refuses anything but an object', () => {
    for (const input of [null, 'monthly-note', 3, [valid]]) {
      expect(errorsOf(input)).toEqual({ body: 'must be a JSON object' });
    }
  });

  it('reports a parameter named __proto__ like any other', () => {
    const errors = errorsOf(JSON.parse(`{"__proto__": {"x": 1}, "kind": "monthly-note"}`));
    expect(Object.keys(errors)).toContain('__proto__');
  });
});
