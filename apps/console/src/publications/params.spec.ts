import { describe, expect, it } from 'vitest';
import { defaultForm, periodKind, previewUrl, reportRequest } from './params';

describe('publication requests', () => {
  const now = new Date('2026-01-10T09:00:00Z');

  it('start with last month’s note, last year’s report, and this month so far for a press release', () => {
    expect(defaultForm('fr', now)).toEqual({
      kind: 'monthly-note',
      month: '2025-12',
      year: 2025,
      from: '2026-01-01',
      to: '2026-01-10',
      area: null,
      lang: 'fr',
    });
    expect(defaultForm('en', now).lang).toBe('en');
  });

  it('turn each kind’s picker into the whole calendar period', () => {
    const form = { ...defaultForm('fr', now), month: '2024-02', year: 2024 };
    expect(reportRequest(form)).toEqual({
      kind: 'monthly-note',
      from: '2024-02-01',
      to: '2024-02-29',
      area: null,
      lang: 'fr',
    });
    expect(reportRequest({ ...form, kind: 'annual-report', area: 'calaisis' })).toEqual({
      kind: 'annual-report',
      from: '2024-01-01',
      to: '2024-12-31',
      area: 'calaisis',
      lang: 'fr',
    });
    expect(
      reportRequest({ ...form, kind: 'press-release', from: '2025-03-15', to: '2025-04-14' }),
    ).toMatchObject({ from: '2025-03-15', to: '2025-04-14' });
  });

  it('refuse a press release whose dates are reversed or not real', () => {
    const form = { ...defaultForm('fr', now), kind: 'press-release' as const };
    expect(reportRequest({ ...form, from: '2025-04-14', to: '2025-03-15' })).toBeNull();
    expect(reportRequest({ ...form, from: '2025-02-30', to: '2025-03-15' })).toBeNull();
  });

  it('leave the area out of the preview for the whole territory', () => {
    const request = reportRequest(defaultForm('en', now))!;
    expect(previewUrl(request)).toBe(
      '/api/reports/preview?kind=monthly-note&from=2025-12-01&to=2025-12-31&lang=en',
    );
    expect(previewUrl({ ...request, area: 'littoral' })).toContain('&area=littoral&');
  });

  it('name a period by its month or year when it is a whole one', () => {
    expect(periodKind({ from: '2025-03-01', to: '2025-03-31' })).toEqual({ month: '2025-03' });
    expect(periodKind({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ year: '2025' });
    expect(periodKind({ from: '2024-11-01', to: '2025-10-31' })).toBeNull();
  });
});
