import type { Area, ForceUnit, LegalBasis, ObservationKind, ReviewStatus, SeizureItem } from '@vigie/domain';
import { REFERENCE_SITES, type ReferenceSite } from '../reference-sites';
import { weighted, weightedCodes, weightedCounts, type Weighted } from './random';

/*
 * Calibration of the synthetic demo data: plausible evictions at Calais and Dunkirk. Kept apart from
 * the drawing so that the figures can be read and tuned in one place.
 *
 * The observatory counted, for 2021, 1,287 evictions, 10,121 tents and tarps, 3,751 sleeping bags and
 * blankets and 205 arrests. The per-observation means below aim at those ratios.
 */

export type Territory = Extract<Area, 'calaisis' | 'dunkerquois'>;

export const TERRITORIES = weightedCodes<Territory>({ calaisis: 80, dunkerquois: 20 });

/** Share drawn at a random point instead of a referenced site: camps nobody has named yet. */
export const NO_SITE_SHARE = 0.05;
export const SITE_JITTER_M = 150;

function sitesById(weights: readonly (readonly [string, number])[]): Weighted<ReferenceSite> {
  return weighted(
    weights.map(([id, weight]) => {
      const site = REFERENCE_SITES.find((candidate) => candidate.id === id);
      // Fails at load rather than silently skewing the territory split if the reference list changes.
      if (!site) throw new Error(`Demo seed refers to unknown reference site ${id}`);
      return [site, weight] as const;
    }),
  );
}

/** Calais sites carry most evictions; Loon-Plage is the largest camp of the Dunkerquois. */
export const SITES: Readonly<Record<Territory, Weighted<ReferenceSite>>> = {
  calaisis: sitesById([
    ['5a1e0001-0000-4000-8000-000000000001', 30], // Virval
    ['5a1e0001-0000-4000-8000-000000000002', 20], // BMX
    ['5a1e0001-0000-4000-8000-000000000003', 22], // Old Lidl
    ['5a1e0001-0000-4000-8000-000000000004', 13], // Fort Nieulay
    ['5a1e0001-0000-4000-8000-000000000005', 15], // Turquerie
  ]),
  dunkerquois: sitesById([
    ['5a1e0001-0000-4000-8000-000000000006', 35], // Puythouck
    ['5a1e0001-0000-4000-8000-000000000007', 50], // Loon-Plage
    ['5a1e0001-0000-4000-8000-000000000008', 15], // Mardyck
  ]),
};

/**
 * Discs for unreferenced sites, checked against the commune polygons: every point of each disc falls
 * in a commune of the right area (a 3 km disc around Calais town centre would reach the sea).
 */
export const OFF_SITE_AREAS: Readonly<
  Record<Territory, { center: [number, number]; radiusM: number; label: string }>
> = {
  calaisis: { center: [1.865, 50.94], radiusM: 2500, label: 'un campement non référencé près de Calais' },
  dunkerquois: {
    center: [2.295, 51.008],
    radiusM: 2000,
    label: 'un campement non référencé près de Grande-Synthe',
  },
};

/**
 * Morning rounds: in the Calaisis above all, the police often clear several living sites one after
 * the other. These are the hard negatives of the duplicate rule: same kind, same hour, different
 * sites. Share of the evictions that go on to 1 or 2 more sites, each starting this long after the
 * previous one.
 */
export const ROUND_SHARE: Readonly<Record<Territory, number>> = { calaisis: 0.35, dunkerquois: 0.15 };
export const ROUND_STEP_MINUTES = { min: 20, max: 50 } as const;

/**
 * A living site is not evicted twice within this many minutes: the generator keeps two operations
 * at one site further apart (the duplicate rule's window, 2 h by default, must stay below it). Only
 * data sets far denser than the ground (the 200,000-row benchmark) break it, when no site is free.
 */
export const SAME_SITE_GAP_MINUTES = 240;

/**
 * Second reports: the share of observations a second team records too (a few per cent, as when two
 * teams happen on the same eviction), the delay of their start (they arrive, or note the time,
 * later), their distance from the first report, and the share that links no site.
 */
export const SECOND_REPORT_SHARE = 0.035;
export const SECOND_REPORT_START_MINUTES = { min: -10, max: 40 } as const;
export const SECOND_REPORT_DISTANCE_M = { min: 10, max: 80 } as const;
export const SECOND_REPORT_UNLINKED_SHARE = 0.2;

/** Large operations are more frequent in the Dunkerquois (Loon-Plage, Grande-Synthe). */
export const KINDS: Readonly<Record<Territory, Weighted<ObservationKind>>> = {
  calaisis: weightedCodes({ eviction: 87, large_eviction: 3, site_works: 5, dispersal: 5 }),
  dunkerquois: weightedCodes({ eviction: 72, large_eviction: 15, site_works: 6, dispersal: 7 }),
};

/** CRS dominate in Calais; gendarmes mobiles are the usual force around Dunkirk. */
export const UNITS: Readonly<Record<Territory, Weighted<ForceUnit>>> = {
  calaisis: weightedCodes({ crs: 46, gm: 24, pn: 10, pm: 6, bac: 6, paf: 5, gd: 2, unknown: 1 }),
  dunkerquois: weightedCodes({ crs: 22, gm: 36, pn: 16, pm: 6, bac: 4, paf: 8, gd: 6, unknown: 2 }),
};

export const UNIT_COUNTS: Readonly<Record<ObservationKind, Weighted<number>>> = {
  eviction: weightedCounts({ 1: 50, 2: 38, 3: 12 }),
  large_eviction: weightedCounts({ 2: 30, 3: 45, 4: 25 }),
  site_works: weightedCounts({ 1: 70, 2: 30 }),
  dispersal: weightedCounts({ 1: 60, 2: 40 }),
};

/** Calais evictions are run as flagrance inquiries; large operations rest on an order or on sheltering. */
export const LEGAL_BASES: Readonly<
  Record<Exclude<ObservationKind, 'eviction'> | `eviction_${Territory}`, Weighted<LegalBasis>>
> = {
  eviction_calaisis: weightedCodes({
    flagrance: 70,
    unknown: 15,
    none_stated: 7,
    refused: 5,
    prefectoral_order: 3,
  }),
  eviction_dunkerquois: weightedCodes({
    flagrance: 30,
    prefectoral_order: 20,
    unknown: 30,
    none_stated: 10,
    refused: 10,
  }),
  large_eviction: weightedCodes({
    prefectoral_order: 45,
    sheltering_operation: 40,
    court_order: 10,
    unknown: 5,
  }),
  site_works: weightedCodes({ municipal_order: 30, prefectoral_order: 30, unknown: 30, none_stated: 10 }),
  dispersal: weightedCodes({ none_stated: 40, unknown: 40, flagrance: 20 }),
};

/**
 * Tents and tarps per observation: probability of any seizure, then a log-normal count. With the
 * kind mix above the mean is ~7.9 per observation, many observations having none.
 */
export const TENTS_AND_TARPS: Readonly<
  Record<ObservationKind, { probability: number; median: number; sigma: number; max: number }>
> = {
  eviction: { probability: 0.62, median: 5.8, sigma: 0.95, max: 200 },
  large_eviction: { probability: 0.95, median: 45, sigma: 0.7, max: 800 },
  site_works: { probability: 0.45, median: 5, sigma: 1, max: 120 },
  dispersal: { probability: 0.12, median: 2, sigma: 0.6, max: 20 },
};

/** Occasional items: probability for an ordinary eviction and the range of the count. */
export const OTHER_ITEMS: readonly {
  item: SeizureItem;
  probability: number;
  min: number;
  max: number;
  destroyed: number;
}[] = [
  { item: 'mattress', probability: 0.06, min: 1, max: 6, destroyed: 0.3 },
  { item: 'bag', probability: 0.12, min: 1, max: 10, destroyed: 0.05 },
  { item: 'phone', probability: 0.03, min: 1, max: 3, destroyed: 0.05 },
  { item: 'documents', probability: 0.02, min: 1, max: 2, destroyed: 0.05 },
  { item: 'medication', probability: 0.01, min: 1, max: 2, destroyed: 0.2 },
  { item: 'bicycle', probability: 0.04, min: 1, max: 4, destroyed: 0.1 },
  { item: 'cooking', probability: 0.08, min: 1, max: 6, destroyed: 0.2 },
  { item: 'wood_pallets', probability: 0.1, min: 2, max: 30, destroyed: 0.6 },
  { item: 'structure', probability: 0.03, min: 1, max: 5, destroyed: 0.8 },
];

export const OTHER_ITEMS_FACTOR: Readonly<Record<ObservationKind, number>> = {
  eviction: 1,
  large_eviction: 3,
  site_works: 2,
  dispersal: 0.3,
};

export const DURATION_MINUTES: Readonly<
  Record<ObservationKind, { median: number; sigma: number; min: number }>
> = {
  eviction: { median: 55, sigma: 0.5, min: 20 },
  large_eviction: { median: 140, sigma: 0.25, min: 90 },
  site_works: { median: 120, sigma: 0.3, min: 45 },
  dispersal: { median: 30, sigma: 0.4, min: 20 },
};

/** Evictions start at dawn on working days; weekends are rarer. */
export const WEEKEND_ACCEPTANCE = 0.2;
export const MORNING_SHARE = 0.85;
export const MORNING_FROM = 6 * 60 + 30;
export const MORNING_MODE = 7 * 60 + 45;
export const MORNING_TO = 10 * 60 + 30;
export const OTHER_FROM = 5 * 60;
export const OTHER_TO = 20 * 60;

type Fact = 'arrest' | 'interpreters' | 'bailiff' | 'contractor' | 'shelter' | 'obstructed';

/**
 * Probability, per kind, of each fact when it is known at all. Arrests are rare at ordinary evictions
 * and frequent at large operations (~0.16 per observation overall, as in 2021); buses and bailiffs
 * come with large operations; a contractor often clears the belongings.
 */
export const LIKELIHOOD: Readonly<Record<ObservationKind, Readonly<Record<Fact, number>>>> = {
  eviction: {
    arrest: 0.055,
    interpreters: 0.02,
    bailiff: 0.02,
    contractor: 0.4,
    shelter: 0.06,
    obstructed: 0.23,
  },
  large_eviction: {
    arrest: 0.35,
    interpreters: 0.25,
    bailiff: 0.35,
    contractor: 0.9,
    shelter: 0.92,
    obstructed: 0.55,
  },
  site_works: {
    arrest: 0.02,
    interpreters: 0.02,
    bailiff: 0.3,
    contractor: 0.95,
    shelter: 0,
    obstructed: 0.25,
  },
  dispersal: { arrest: 0.1, interpreters: 0.02, bailiff: 0, contractor: 0, shelter: 0, obstructed: 0.2 },
};

/** Each workflow step (submit, validate) is a change, hence a version. */
export const VERSION_BY_STATUS: Readonly<Record<ReviewStatus, number>> = {
  draft: 1,
  submitted: 2,
  validated: 3,
};
