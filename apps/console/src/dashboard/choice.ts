import { AREAS, isDate, isMonth, monthPeriod, parisMonth, type Area, type Period } from '@vigie/domain';

/** What the dashboard shows, from the URL (`#/?month=2025-03&area=calaisis`), so a view can be shared. */
export interface DashboardChoice {
  mode: 'month' | 'custom';
  month: string;
  period: Period;
  area: Area | null;
  valid: boolean;
}

export function readChoice(search: string, now: Date = new Date()): DashboardChoice {
  const params = new URLSearchParams(search);
  const areaParam = params.get('area');
  const area = (AREAS.codes as readonly string[]).includes(areaParam ?? '') ? (areaParam as Area) : null;
  const from = params.get('from');
  const to = params.get('to');
  const monthParam = params.get('month');
  const month = isMonth(monthParam) ? monthParam : parisMonth(now);
  if (params.has('from') || params.has('to')) {
    const valid = isDate(from) && isDate(to) && from <= to;
    return {
      mode: 'custom',
      month,
      period: valid ? { from, to } : monthPeriod(month),
      area,
      valid,
    };
  }
  return { mode: 'month', month, period: monthPeriod(month), area, valid: true };
}

export function searchOf(values: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  return `?${params.toString()}`;
}
