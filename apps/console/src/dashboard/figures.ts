import type { StatsShare, StatsSummary } from '@vigie/domain';

/** The dashboard's key figures, in order: each read from the summary, never counted here. */
export const COUNT_FIGURES = [
  ['evictions', (summary: StatsSummary) => summary.evictions.total],
  ['peopleEvicted', (summary: StatsSummary) => summary.peopleEvicted],
  ['arrests', (summary: StatsSummary) => summary.arrests],
  ['tentsAndTarps', (summary: StatsSummary) => summary.seizures.tentsAndTarps],
  ['sleepingBagsAndBlankets', (summary: StatsSummary) => summary.seizures.sleepingBagsAndBlankets],
  ['incidents', (summary: StatsSummary) => summary.incidents.total],
  ['againstObservers', (summary: StatsSummary) => summary.incidents.againstObservers],
] as const satisfies readonly (readonly [string, (summary: StatsSummary) => number])[];

export const SHARE_FIGURES = [
  'withoutInterpreters',
  'withShelterOffered',
  'withObservationObstructed',
] as const satisfies readonly (keyof StatsSummary['shares'])[];

export type ShareFigure = (typeof SHARE_FIGURES)[number];

export function shareOf(summary: StatsSummary, figure: ShareFigure): StatsShare {
  return summary.shares[figure];
}
