import type { StatsGroupBy, StatsMetric } from '@vigie/domain';
/**
 * The figures `GET /api/stats/series` can count per bucket, each the same definition as the field of
 * `GET /api/stats/summary` it is named after, so that the buckets of a series add up to the summary.
 * SQL fragments are trusted constants over `o` (observations), `s` (their seizure rows) or `i`
 * (incidents); `$items` / `$types` stand for the bound list of codes.
 */
export interface MetricSpec {
  source: 'observations' | 'incidents';
  /** Aggregate over the rows of the bucket. */
  value: string;
  /** For seizure metrics: the items summed. */
  seizureItems?: readonly string[];
  /** For incident metrics: a condition on `i.type`, with `$types` bound to OBSERVER_INCIDENT_TYPES. */
  incidentCondition?: string;
  /**
   * For observation metrics: the same aggregate over the daily facts `f` (`observation_daily_facts`,
   * or `observation_daily_seizure_facts` for seizure metrics, which have no kind: grouped by kind,
   * those are counted from the records), which StatsRepository reads instead of the records
   * (docs/architecture.md, "Statistics").
   */
  fact?: string;
}

export const STATS_METRICS = {
  /** Observations of every kind (the summary's `evictions.total`). */
  evictions: { source: 'observations', value: 'count(*)', fact: 'sum(f.observations)' },
  peopleEvicted: {
    source: 'observations',
    value: 'coalesce(sum(o.people_evicted), 0)',
    fact: 'sum(f.people_evicted)',
  },
  minorsSeen: {
    source: 'observations',
    value: 'coalesce(sum(o.minors_seen), 0)',
    fact: 'sum(f.minors_seen)',
  },
  arrests: { source: 'observations', value: 'coalesce(sum(o.arrests), 0)', fact: 'sum(f.arrests)' },
  peopleSheltered: {
    source: 'observations',
    value: 'coalesce(sum(o.people_sheltered), 0)',
    fact: 'sum(f.people_sheltered)',
  },
  withoutInterpreters: {
    source: 'observations',
    value: 'count(*) FILTER (WHERE o.interpreters_present = false)',
    fact: 'sum(f.without_interpreters)',
  },
  withShelterOffered: {
    source: 'observations',
    value: 'count(*) FILTER (WHERE o.shelter_offered)',
    fact: 'sum(f.with_shelter_offered)',
  },
  withObservationObstructed: {
    source: 'observations',
    value: 'count(*) FILTER (WHERE o.observation_obstructed)',
    fact: 'sum(f.with_observation_obstructed)',
  },
  tentsAndTarps: {
    source: 'observations',
    value: 'coalesce(sum(s.quantity), 0)',
    seizureItems: ['tent', 'tarp'],
    fact: 'sum(f.seized_tent + f.seized_tarp)',
  },
  sleepingBagsAndBlankets: {
    source: 'observations',
    value: 'coalesce(sum(s.quantity), 0)',
    seizureItems: ['sleeping_bag', 'blanket'],
    fact: 'sum(f.seized_sleeping_bag + f.seized_blanket)',
  },
  incidents: { source: 'incidents', value: 'count(*)' },
  incidentsAgainstPeople: {
    source: 'incidents',
    value: 'count(*)',
    incidentCondition: 'i.type <> ALL($types)',
  },
  incidentsAgainstObservers: {
    source: 'incidents',
    value: 'count(*)',
    incidentCondition: 'i.type = ANY($types)',
  },
} as const satisfies Record<StatsMetric, MetricSpec>;

export function groupByAllowed(metric: StatsMetric, groupBy: StatsGroupBy): boolean {
  const source = STATS_METRICS[metric].source;
  if (groupBy === 'kind') return source === 'observations';
  if (groupBy === 'type') return source === 'incidents';
  return true;
}
