import { describe, expect, it } from 'vitest';
import { defaultValues, namedPeriod, pickedPeriod, previewUrl, reportRequest, requestBody } from './params';

describe('publication requests', () => {
  const now = new Date('2026-01-10T09:00:00Z');

  it('start with the note of the month just ended, and last year for a report', () => {
    expect(defaultValues('fr', now)).toEqual({
      kind: 'monthly-note',
      month: '2025-12',
      year: 2025,
      from: '2025-12-01',
      to: '2025-12-31',
      area: '',
      lang: 'fr',
    });
    expect(defaultValues('en', now).lang).toBe('en');
  });

  it('turn a month or a year picker into the whole calendar period, and leave typed dates alone', () => {
    expect(pickedPeriod({ kind: 'monthly-note', month: '2024-02', year: 2024 })).toEqual({
      from: '2024-02-01',
      to: '2024-02-29',
    });
    expect(pickedPeriod({ kind: 'annual-report', month: '2024-02', year: 2024 })).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
    });
    expect(pickedPeriod({ kind: 'press-release', month: '2024-02', year: 2024 })).toBeNull();
  });

  it('ask for the dates of the form, the area left out for the whole territory', () => {
    const values = { ...defaultValues('fr', now), from: '2024-02-01', to: '2024-02-29' };
    const request = reportRequest(values)!;
    expect(request).toEqual({
      kind: 'monthly-note',
      from: '2024-02-01',
      to: '2024-02-29',
      area: null,
      lang: 'fr',
    });
    expect(requestBody(request)).toEqual({
      kind: 'monthly-note',
      from: '2024-02-01',
      to: '2024-02-29',
      lang: 'fr',
    });
    expect(requestBody({ ...request, area: 'calaisis' })).toMatchObject({ area: 'calaisis' });
  });

  it('refuse dates that are reversed or not real', () => {
    const values = { ...defaultValues('fr', now), kind: 'press-release' as const };
    expect(reportRequest({ ...values, from: '2025-04-14', to: '2025-03-15' })).toBeNull();
    expect(reportRequest({ ...values, from: '2025-02-30', to: '2025-03-15' })).toBeNull();
  });

  it('leave the area out of the preview for the whole territory', () => {
    const request = reportRequest(defaultValues('en', now))!;
    expect(previewUrl(request)).toBe(
      '/api/reports/preview?kind=monthly-note&from=2025-12-01&to=2025-12-31&lang=en',
    );
    expect(previewUrl({ ...request, area: 'littoral' })).toContain('&area=littoral&');
  });

  it('name a period by its month or year when it is a whole one', () => {
    expect(namedPeriod({ from: '2025-03-01', to: '2025-03-31' })).toEqual({ month: '2025-03' });
    expect(namedPeriod({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ year: '2025' });
    expect(namedPeriod({ from: '2024-11-01', to: '2025-10-31' })).toBeNull();
  });
});
