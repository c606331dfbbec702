import {
  type Area,
  type ComparisonPeriods,
  INCIDENT_TYPES,
  isAgainstObservers,
  type Period,
  SEIZURE_ITEMS,
  type StatsSeries,
  type StatsSummary,
} from '@vigie/domain';
import type { PeriodicReportParams, TrustedMarkup } from '@vigie/reporting';
import type { MapPoint } from '../../stats/stats.repository';
import type { LitigationNews, PublicIncident } from './report-composer.repository';

/*
 * Pure functions from figures to the model the templates print. Nothing here counts: every
 * number comes from StatsService (DESIGN §1.4), and so do the periods a report compares with
 * (`periods` of its summary); this only picks, orders and pairs them.
 */

export const KEY_FIGURES = [
  'evictions',
  'distinctSites',
  'peopleEvicted',
  'tentsAndTarps',
  'sleepingBagsAndBlankets',
  'arrests',
  'incidents',
  'againstObservers',
] as const;
export type KeyFigure = (typeof KEY_FIGURES)[number];

export function keyFigureValue(summary: StatsSummary, figure: KeyFigure): number {
  switch (figure) {
    case 'evictions':
      return summary.evictions.total;
    case 'distinctSites':
      return summary.evictions.distinctSites;
    case 'peopleEvicted':
      return summary.peopleEvicted;
    case 'tentsAndTarps':
      return summary.seizures.tentsAndTarps;
    case 'sleepingBagsAndBlankets':
      return summary.seizures.sleepingBagsAndBlankets;
    case 'arrests':
      return summary.arrests;
    case 'incidents':
      return summary.incidents.total;
    case 'againstObservers':
      return summary.incidents.againstObservers;
  }
}

export interface KeyFigureRow {
  key: KeyFigure;
  labelKey: string;
  value: number;
  previous: number;
  yearBefore: number | null;
}

export function keyFigureRows(
  summary: StatsSummary,
  previous: StatsSummary,
  yearAgo: StatsSummary | null,
): KeyFigureRow[] {
  return KEY_FIGURES.map((key) => ({
    key,
    labelKey: `figure.${key}`,
    value: keyFigureValue(summary, key),
    previous: keyFigureValue(previous, key),
    yearBefore: yearAgo ? keyFigureValue(yearAgo, key) : null,
  }));
}

/** Items actually seized, in vocabulary order. */
export function seizureRows(summary: StatsSummary): { item: string; quantity: number; destroyed: number }[] {
  return SEIZURE_ITEMS.codes
    .map((item) => ({ item, ...summary.seizures.byItem[item] }))
    .filter((row) => row.quantity > 0);
}

/** Incident types that occurred, split by whom they targeted (the publications count them apart). */
export function incidentRows(
  summary: StatsSummary,
): Record<'againstPeople' | 'againstObservers', { type: string; count: number }[]> {
  const rows = INCIDENT_TYPES.codes
    .map((type) => ({ type, count: summary.incidents.byType[type] }))
    .filter((row) => row.count > 0);
  return {
    againstPeople: rows.filter((row) => !isAgainstObservers(row.type)),
    againstObservers: rows.filter((row) => isAgainstObservers(row.type)),
  };
}

export const MONTHLY_METRICS = [
  'evictions',
  'peopleEvicted',
  'tentsAndTarps',
  'arrests',
  'incidents',
] as const;
export type MonthlyMetric = (typeof MONTHLY_METRICS)[number];

/** One row per month of the period, one column per metric, from series of the same buckets. */
export function monthRows(
  series: Record<MonthlyMetric, StatsSeries>,
): ({ period: string } & Record<MonthlyMetric, number>)[] {
  return series.evictions.buckets.map((bucket, index) => ({
    period: bucket.period,
    ...(Object.fromEntries(
      MONTHLY_METRICS.map((metric) => [metric, series[metric].buckets[index]?.value ?? 0]),
    ) as Record<MonthlyMetric, number>),
  }));
}

export interface ReportModel {
  kind: PeriodicReportParams['kind'];
  lang: PeriodicReportParams['lang'];
  titleKey: string;
  from: string;
  to: string;
  area: Area | null;
  generatedAt: string;
  demo: boolean;
  summary: StatsSummary;
  /** The periods StatsService compared with (its summary's `periods`). */
  periods: ComparisonPeriods;
  previous: Period & { summary: StatsSummary };
  /** The same period a year before: the monthly note only. */
  yearBefore: (Period & { summary: StatsSummary }) | null;
  keyFigures: KeyFigureRow[];
  seizureRows: ReturnType<typeof seizureRows>;
  incidentRows: ReturnType<typeof incidentRows>;
  notable: PublicIncident[];
  /** `quiet`: nothing observed in the area (no eviction, no incident). */
  areaSections: { area: Area; summary: StatsSummary; quiet: boolean }[];
  months: ReturnType<typeof monthRows>;
  /** « Actualité contentieuse »: public fields of the cases with events in the period. */
  litigation: { cases: LitigationNews[] };
  charts: { perDay: TrustedMarkup | null; perMonth: TrustedMarkup | null; seizures: TrustedMarkup | null };
  map: TrustedMarkup;
  /** How the map de-identifies positions, for its caption (grid cell in metres, fewest per cell). */
  mapGrid: { gridMetres: number; minCount: number };
  [key: string]: unknown;
}

/** The figures a published report stores: exactly the StatsService answers it was printed from. */
export interface ReportFigures {
  params: PeriodicReportParams;
  generatedAt: string;
  summary: StatsSummary;
  previous: StatsSummary;
  yearBefore: StatsSummary | null;
  areas: StatsSummary[];
  series: StatsSeries[];
  /** The circles of the map (StatsService.mapPoints); none in a press release. */
  mapPoints: MapPoint[];
}
