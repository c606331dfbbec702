import type { ComparisonPeriods } from './period';
import type { Area, ForceUnit, IncidentType, ObservationKind, SeizureItem } from './vocabularies';

/*
 * The response shapes of `GET /api/stats/summary` and `GET /api/stats/series` (docs/api.md
 * "Statistics"), shared by the API (which computes them) and the console (which shows them).
 */

/** What `GET /api/stats/series` can count per bucket (apps/api/src/stats/stats-metrics.ts says how). */
export const STATS_METRIC_NAMES = [
  'evictions',
  'peopleEvicted',
  'minorsSeen',
  'arrests',
  'peopleSheltered',
  'withoutInterpreters',
  'withShelterOffered',
  'withObservationObstructed',
  'tentsAndTarps',
  'sleepingBagsAndBlankets',
  'incidents',
  'incidentsAgainstPeople',
  'incidentsAgainstObservers',
] as const;
export type StatsMetric = (typeof STATS_METRIC_NAMES)[number];

/** `kind` groups observations by kind, `type` incidents by type; area and commune group both. */
export const STATS_GROUP_BYS = ['area', 'commune', 'kind', 'type'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BYS)[number];

export type StatsInterval = 'day' | 'week' | 'month';
/** A count out of a known number: `ofKnown` = count / known, `ofTotal` = count / total (null over 0). */
export interface StatsShare {
  count: number;
  /** Observations where the value is recorded (true or false). */
  known: number;
  /** Observations where it is not known (null). */
  unknown: number;
  ofKnown: number | null;
  ofTotal: number | null;
}

/**
 * The research rules (DESIGN §7) that figures given to the `researcher` role follow (docs/api.md,
 * "Statistics"). Figures given to the other roles have none.
 */
export interface StatsResearchRules {
  /** Nothing from the last `embargoDays` Paris days counts: no record from this day on. */
  embargoFrom: string;
  embargoDays: number;
  /** Incidents count only with the research consent of the people concerned. */
  incidentsWithResearchConsentOnly: true;
}

/** Evictions at one living site (`GET /api/stats/summary`, `evictions.bySite`). */
export interface StatsSiteCount {
  siteId: string | null;
  name: string | null;
  count: number;
}

/** `GET /api/stats/summary` (DESIGN §5, plus the extra fields marked below). */
export interface StatsSummary {
  from: string;
  to: string;
  timezone: string;
  /** Extra: the filters and the review statuses counted. */
  area: Area | null;
  communeCode: string | null;
  includeUnvalidated: boolean;
  /** Extra: calendar days in the period (the denominator of `perWeek`). */
  days: number;
  /**
   * Extra: the kind of the period and the periods it is compared with (`comparisonPeriods` of
   * libs/domain), so that no client computes them again.
   */
  periods: ComparisonPeriods;
  /**
   * Extra, with `compare=true` only: the same figures (same area, commune and statuses) over
   * `periods.previous` and `periods.yearBefore` (null when `periods.yearBefore` is).
   */
  comparisons?: { previous: StatsSummary; yearBefore: StatsSummary | null };
  evictions: {
    total: number;
    byArea: Record<Area, number>;
    /** Extra: observations outside every commune (no area); `total` = sum of `byArea` + this. */
    outsideAreas: number;
    byCommune: { code: string; name: string; count: number }[];
    byKind: Record<ObservationKind, number>;
    distinctSites: number;
    perWeek: number;
    /** Extra: observations attached to no site; `total` = sum of `bySite` counts + this. */
    withoutSite: number;
    /**
     * Extra, roles that read sites only (not researcher): evictions per site, most first. Evictions
     * at a site deleted since are one row `{ siteId: null, name: null }` for the roles that do not
     * read deleted records.
     */
    bySite?: StatsSiteCount[];
  };
  peopleEvicted: number;
  /** Extra: observations that give an estimate of `peopleEvicted`. */
  peopleEvictedReported: number;
  /** Extra. */
  minorsSeen: number;
  arrests: number;
  /** Extra. */
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
    /** Extra: `total` − `againstObservers` (the `other` type included). */
    againstPeople: number;
  };
  withoutInterpreters: number;
  withShelterOffered: number;
  withObservationObstructed: number;
  /** Extra: the three counts above as shares. */
  shares: {
    withoutInterpreters: StatsShare;
    withShelterOffered: StatsShare;
    withObservationObstructed: StatsShare;
  };
  forces: Record<ForceUnit, { observations: number; vehicles: number; officers: number }>;
  /** Extra, researcher role only: the research rules applied (`perWeek` then spans the days before the embargo). */
  research?: StatsResearchRules;
}

export interface StatsBucket {
  period: string;
  start: string;
  end: string;
  value: number;
  /** With `groupBy`: every group key of the series, 0 when nothing. */
  groups?: Record<string, number>;
}

/** `GET /api/stats/series`. */
export interface StatsSeries {
  from: string;
  to: string;
  timezone: string;
  area: Area | null;
  communeCode: string | null;
  includeUnvalidated: boolean;
  interval: StatsInterval;
  metric: StatsMetric;
  groupBy: StatsGroupBy | null;
  /** The kind of the period and the periods it is compared with, as in the summary. */
  periods: ComparisonPeriods;
  /** With `groupBy`: the groups, in order (communes carry their name). */
  groups?: { key: string; name?: string }[];
  total: number;
  buckets: StatsBucket[];
  /** Extra, researcher role only: the research rules applied (buckets in the embargo count nothing). */
  research?: StatsResearchRules;
}
