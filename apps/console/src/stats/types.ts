import type { Area, ForceUnit, IncidentType, ObservationKind, SeizureItem } from '@vigie/domain';

/*
 * The response shapes of `GET /api/stats/summary` and `GET /api/stats/series` (docs/api.md
 * "Statistics"), copied from apps/api/src/stats/stats.types.ts: the console never imports the API.
 */

/** A count out of a known number: `ofKnown` = count / known (null over 0). */
export interface StatsShare {
  count: number;
  known: number;
  unknown: number;
  ofKnown: number | null;
  ofTotal: number | null;
}

export interface StatsSummary {
  from: string;
  to: string;
  timezone: string;
  area: Area | null;
  communeCode: string | null;
  includeUnvalidated: boolean;
  days: number;
  evictions: {
    total: number;
    byArea: Record<Area, number>;
    outsideAreas: number;
    byCommune: { code: string; name: string; count: number }[];
    byKind: Record<ObservationKind, number>;
    distinctSites: number;
    perWeek: number;
  };
  peopleEvicted: number;
  peopleEvictedReported: number;
  minorsSeen: number;
  arrests: number;
  peopleSheltered: number;
  seizures: {
    byItem: Record<SeizureItem, { quantity: number; destroyed: number }>;
    tentsAndTarps: number;
    sleepingBagsAndBlankets: number;
  };
  incidents: {
    total: number;
    byType: Record<IncidentType, number>;
    againstObservers: number;
    againstPeople: number;
  };
  withoutInterpreters: number;
  withShelterOffered: number;
  withObservationObstructed: number;
  shares: {
    withoutInterpreters: StatsShare;
    withShelterOffered: StatsShare;
    withObservationObstructed: StatsShare;
  };
  forces: Record<ForceUnit, { observations: number; vehicles: number; officers: number }>;
}

export interface StatsBucket {
  period: string;
  start: string;
  end: string;
  value: number;
  groups?: Record<string, number>;
}

export type StatsInterval = 'day' | 'week' | 'month';

export interface StatsSeries {
  from: string;
  to: string;
  interval: StatsInterval;
  metric: string;
  groupBy: string | null;
  groups?: { key: string; name?: string }[];
  total: number;
  buckets: StatsBucket[];
}
