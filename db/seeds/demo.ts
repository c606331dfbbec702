import { availableParallelism } from 'node:os';
import { tzOffset } from '@date-fns/tz';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  FORCE_UNITS,
  TIME_ZONE,
  formatParisDate,
  type Area,
  type ForceUnit,
  type LegalBasis,
  type ObservationKind,
  type ReviewStatus,
  type SeizureItem,
} from '@vigie/domain';
import {
  CONTRACTOR_IDLE_SENTENCE,
  CONTRACTOR_NAMES,
  CONTRACTOR_SENTENCES,
  DEMO_NARRATIVE_MARK,
  LEGAL_BASIS_DETAILS,
  OBSTRUCTION_SENTENCES,
  OPENINGS,
  UNRELIABLE_COUNT_SENTENCE,
  frenchTime,
  plural,
} from './demo-text';
import { REFERENCE_SITES, type ReferenceSite } from './reference-sites';

/*
 * Synthetic demo data: plausible evictions at Calais and Dunkirk, for demonstrations and benchmarks,
 * never for production. Two halves: a pure part that draws one observation from a seeded PRNG (unit
 * tested without a database), and the SQL that inserts the drawn rows in large batches.
 *
 * Calibration: the observatory counted, for 2021, 1,287 evictions, 10,121 tents and tarps, 3,751
 * sleeping bags and blankets and 205 arrests. The per-observation means below aim at those ratios.
 */

export interface SyntheticOptions {
  /** Observations to create. */
  count: number;
  /** PRNG seed; default {@link DEFAULT_SYNTHETIC_SEED}. */
  seed?: number;
  /** End of the period; default now. Fix it to get the same rows twice. */
  end?: Date;
  /** Length of the period before `end`, in months; default 24. */
  months?: number;
  /** `mixed` (default): ~85 % validated, ~10 % submitted, ~5 % draft. */
  status?: 'validated' | 'mixed';
}

export const DEMO_FACT_KEY = 'demo';
/** 2021 and its 1,287 evictions, the year the calibration comes from. */
export const DEFAULT_SYNTHETIC_SEED = 20211287;
export const DEFAULT_SYNTHETIC_MONTHS = 24;
/** The demo set's rhythm: about 1,500 evictions a year, the order of magnitude observed at the border. */
export const DEMO_EVICTIONS_PER_YEAR = 1500;

type Territory = Extract<Area, 'calaisis' | 'dunkerquois'>;

export interface SyntheticForce {
  id: string;
  unit: ForceUnit;
  vehicles: number;
  officers: number | null;
}

export interface SyntheticSeizure {
  id: string;
  item: SeizureItem;
  quantity: number;
  destroyed: boolean;
}

/** One drawn observation, with the columns the insert writes; `territory` is what the trigger should derive. */
export interface SyntheticObservation {
  id: string;
  territory: Territory;
  kind: ObservationKind;
  startedAt: Date;
  endedAt: Date;
  longitude: number;
  latitude: number;
  locationAccuracyM: number | null;
  siteId: string | null;
  peopleEvicted: number | null;
  minorsSeen: number | null;
  arrests: number;
  legalBasis: LegalBasis;
  legalBasisDetails: string | null;
  interpretersPresent: boolean | null;
  bailiffPresent: boolean | null;
  contractorPresent: boolean | null;
  contractorName: string | null;
  shelterOffered: boolean | null;
  shelterBuses: number | null;
  peopleSheltered: number | null;
  observationObstructed: boolean | null;
  countsReliable: boolean;
  description: string;
  status: ReviewStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  forces: SyntheticForce[];
  seizures: SyntheticSeizure[];
}

/** One Paris local day of the period, precomputed so that a draw needs no time-zone lookup. */
interface PeriodDay {
  utcMidnightMs: number;
  /** Paris offset at 11:00 UTC: right for every start time the generator draws (after 05:00). */
  offsetMs: number;
  weekend: boolean;
}

export interface DrawContext {
  startMs: number;
  endMs: number;
  days: readonly PeriodDay[];
  status: 'validated' | 'mixed';
}

// ---------------------------------------------------------------------------------------------
// Distributions

interface Weighted<T> {
  values: readonly T[];
  cumulative: readonly number[];
}

function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return { values: entries.map(([value]) => value), cumulative: cumulative.map((c) => c / total) };
}

/** `{ code: weight }`: keeps the tables below one line each. */
function weightedCodes<C extends string>(
  weights: Readonly<Partial<Record<C, number>>>,
): Weighted<C> {
  return weighted(Object.entries(weights) as [C, number][]);
}

function weightedCounts(weights: Readonly<Record<number, number>>): Weighted<number> {
  return weighted(
    Object.entries(weights).map(([count, weight]) => [Number(count), weight] as const),
  );
}

function pick<T>(rng: RandomGenerator, table: Weighted<T>): T {
  const x = uniformFloat64(rng);
  const index = table.cumulative.findIndex((bound) => x < bound);
  return table.values[index === -1 ? table.values.length - 1 : index];
}

function pickOne<T>(rng: RandomGenerator, values: readonly T[]): T {
  return values[uniformInt(rng, 0, values.length - 1)];
}

function chance(rng: RandomGenerator, probability: number): boolean {
  return uniformFloat64(rng) < probability;
}

/** Box–Muller: one standard normal value. */
function normal(rng: RandomGenerator): number {
  const u1 = 1 - uniformFloat64(rng);
  const u2 = uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Log-normal counts: most values near the median, a long tail of large operations. */
function logNormalInt(
  rng: RandomGenerator,
  median: number,
  sigma: number,
  min: number,
  max: number,
): number {
  const value = Math.round(median * Math.exp(sigma * normal(rng)));
  return Math.min(max, Math.max(min, value));
}

/** `null` with the given probability: the field was not filled in on the ground. */
function orUnknown<T>(rng: RandomGenerator, probability: number, value: () => T): T | null {
  return chance(rng, probability) ? null : value();
}

/** Two hex digits per byte: `Number#toString(16)` was the generator's main cost. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex16(value: number): string {
  return HEX_BYTES[(value >>> 8) & 0xff] + HEX_BYTES[value & 0xff];
}

/** A version-4 UUID from the PRNG, so that the same seed gives the same ids. */
function drawUuid(rng: RandomGenerator): string {
  const a = rng.next();
  const b = rng.next();
  const c = rng.next();
  const d = rng.next();
  return (
    `${hex16(a >>> 16)}${hex16(a)}-${hex16(b >>> 16)}-${hex16((b & 0x0fff) | 0x4000)}-` +
    `${hex16(((c >>> 16) & 0x3fff) | 0x8000)}-${hex16(c)}${hex16(d >>> 16)}${hex16(d)}`
  );
}

// ---------------------------------------------------------------------------------------------
// Calibration tables

const TERRITORIES = weightedCodes<Territory>({ calaisis: 80, dunkerquois: 20 });

/** Share drawn at a random point instead of a referenced site: camps nobody has named yet. */
const NO_SITE_SHARE = 0.05;
const SITE_JITTER_M = 150;

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
const SITES: Readonly<Record<Territory, Weighted<ReferenceSite>>> = {
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
const OFF_SITE_AREAS: Readonly<
  Record<Territory, { center: [number, number]; radiusM: number; label: string }>
> = {
  calaisis: {
    center: [1.865, 50.94],
    radiusM: 2500,
    label: 'un campement non référencé près de Calais',
  },
  dunkerquois: {
    center: [2.295, 51.008],
    radiusM: 2000,
    label: 'un campement non référencé près de Grande-Synthe',
  },
};

/** Large operations are more frequent in the Dunkerquois (Loon-Plage, Grande-Synthe). */
const KINDS: Readonly<Record<Territory, Weighted<ObservationKind>>> = {
  calaisis: weightedCodes({ eviction: 87, large_eviction: 3, site_works: 5, dispersal: 5 }),
  dunkerquois: weightedCodes({ eviction: 72, large_eviction: 15, site_works: 6, dispersal: 7 }),
};

/** CRS dominate in Calais; gendarmes mobiles are the usual force around Dunkirk. */
const UNITS: Readonly<Record<Territory, Weighted<ForceUnit>>> = {
  calaisis: weightedCodes<ForceUnit>({
    crs: 46,
    gm: 24,
    pn: 10,
    pm: 6,
    bac: 6,
    paf: 5,
    gd: 2,
    unknown: 1,
  }),
  dunkerquois: weightedCodes<ForceUnit>({
    crs: 22,
    gm: 36,
    pn: 16,
    pm: 6,
    bac: 4,
    paf: 8,
    gd: 6,
    unknown: 2,
  }),
};

const UNIT_COUNTS: Readonly<Record<ObservationKind, Weighted<number>>> = {
  eviction: weightedCounts({ 1: 50, 2: 38, 3: 12 }),
  large_eviction: weightedCounts({ 2: 30, 3: 45, 4: 25 }),
  site_works: weightedCounts({ 1: 70, 2: 30 }),
  dispersal: weightedCounts({ 1: 60, 2: 40 }),
};

/** Calais evictions are run as flagrance inquiries; large operations rest on an order or on sheltering. */
const LEGAL_BASES: Readonly<
  Record<Exclude<ObservationKind, 'eviction'> | `eviction_${Territory}`, Weighted<LegalBasis>>
> = {
  eviction_calaisis: weightedCodes<LegalBasis>({
    flagrance: 70,
    unknown: 15,
    none_stated: 7,
    refused: 5,
    prefectoral_order: 3,
  }),
  eviction_dunkerquois: weightedCodes<LegalBasis>({
    flagrance: 30,
    prefectoral_order: 20,
    unknown: 30,
    none_stated: 10,
    refused: 10,
  }),
  large_eviction: weightedCodes<LegalBasis>({
    prefectoral_order: 45,
    sheltering_operation: 40,
    court_order: 10,
    unknown: 5,
  }),
  site_works: weightedCodes<LegalBasis>({
    municipal_order: 30,
    prefectoral_order: 30,
    unknown: 30,
    none_stated: 10,
  }),
  dispersal: weightedCodes<LegalBasis>({ none_stated: 40, unknown: 40, flagrance: 20 }),
};

/**
 * Tents and tarps per observation: probability of any seizure, then a log-normal count. With the
 * kind mix above the mean is ~7.9 per observation, many observations having none.
 */
const TENTS_AND_TARPS: Readonly<
  Record<ObservationKind, { probability: number; median: number; sigma: number; max: number }>
> = {
  eviction: { probability: 0.62, median: 5.8, sigma: 0.95, max: 200 },
  large_eviction: { probability: 0.95, median: 45, sigma: 0.7, max: 800 },
  site_works: { probability: 0.45, median: 5, sigma: 1, max: 120 },
  dispersal: { probability: 0.12, median: 2, sigma: 0.6, max: 20 },
};

/** Occasional items: probability for an ordinary eviction and the range of the count. */
const OTHER_ITEMS: readonly {
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

const OTHER_ITEMS_FACTOR: Readonly<Record<ObservationKind, number>> = {
  eviction: 1,
  large_eviction: 3,
  site_works: 2,
  dispersal: 0.3,
};

const DURATION_MINUTES: Readonly<
  Record<ObservationKind, { median: number; sigma: number; min: number }>
> = {
  eviction: { median: 55, sigma: 0.5, min: 20 },
  large_eviction: { median: 140, sigma: 0.25, min: 90 },
  site_works: { median: 120, sigma: 0.3, min: 45 },
  dispersal: { median: 30, sigma: 0.4, min: 20 },
};

/** Evictions start at dawn on working days; weekends are rarer. */
const WEEKEND_ACCEPTANCE = 0.2;
const MORNING_SHARE = 0.85;
const MORNING_FROM = 6 * 60 + 30;
const MORNING_MODE = 7 * 60 + 45;
const MORNING_TO = 10 * 60 + 30;
const OTHER_FROM = 5 * 60;
const OTHER_TO = 20 * 60;

const MINUTE_MS = 60_000;
const METRES_PER_DEGREE = 111_320;

// ---------------------------------------------------------------------------------------------
// The pure part: drawing

/** xoroshiro128+, jumped once: its first outputs after a small seed are poorly mixed. */
export function createSyntheticRng(seed: number = DEFAULT_SYNTHETIC_SEED): RandomGenerator {
  const rng = xoroshiro128plus(seed);
  rng.jump();
  return rng;
}

/** The period `[end − months, end]` as Paris local days. */
export function createDrawContext(
  options: Omit<SyntheticOptions, 'count' | 'seed'> = {},
): DrawContext {
  const end = options.end ?? new Date();
  const months = options.months ?? DEFAULT_SYNTHETIC_MONTHS;
  if (Number.isNaN(end.getTime())) throw new RangeError('end must be a valid date');
  if (!Number.isInteger(months) || months <= 0)
    throw new RangeError('months must be a positive integer');
  const start = new Date(end.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);

  const [year, month, day] = formatParisDate(start).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const lastDay = formatParisDate(end);
  const days: PeriodDay[] = [];
  for (let i = 0; ; i++) {
    const utcMidnightMs = Date.UTC(year, month - 1, day + i);
    const localDate = new Date(utcMidnightMs);
    days.push({
      utcMidnightMs,
      offsetMs: tzOffset(TIME_ZONE, new Date(utcMidnightMs + 11 * 60 * MINUTE_MS)) * MINUTE_MS,
      weekend: localDate.getUTCDay() === 0 || localDate.getUTCDay() === 6,
    });
    if (localDate.toISOString().slice(0, 10) === lastDay) break;
  }
  return {
    startMs: start.getTime(),
    endMs: end.getTime(),
    days,
    status: options.status ?? 'mixed',
  };
}

interface DrawnTimes {
  startedAt: Date;
  endedAt: Date;
  createdAt: Date;
  startMinuteOfDay: number;
}

function drawTimes(rng: RandomGenerator, context: DrawContext, kind: ObservationKind): DrawnTimes {
  const duration = DURATION_MINUTES[kind];
  // Rejection keeps the whole operation, and its recording, inside the period.
  for (;;) {
    const day = pickOne(rng, context.days);
    if (day.weekend && !chance(rng, WEEKEND_ACCEPTANCE)) continue;
    const minuteOfDay = chance(rng, MORNING_SHARE)
      ? triangular(rng, MORNING_FROM, MORNING_MODE, MORNING_TO)
      : uniformInt(rng, OTHER_FROM, OTHER_TO);
    const startMs = day.utcMidnightMs + minuteOfDay * MINUTE_MS - day.offsetMs;
    const endMs =
      startMs + logNormalInt(rng, duration.median, duration.sigma, duration.min, 180) * MINUTE_MS;
    const createdMs =
      endMs + logNormalInt(rng, 60, 0.8, 10, 360) * MINUTE_MS + uniformInt(rng, 0, 59) * 1000;
    if (startMs < context.startMs || createdMs > context.endMs) continue;
    return {
      startedAt: new Date(startMs),
      endedAt: new Date(endMs),
      createdAt: new Date(createdMs),
      startMinuteOfDay: minuteOfDay,
    };
  }
}

function triangular(rng: RandomGenerator, min: number, mode: number, max: number): number {
  const u = uniformFloat64(rng);
  const split = (mode - min) / (max - min);
  const value =
    u < split
      ? min + Math.sqrt(u * (max - min) * (mode - min))
      : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  return Math.round(value);
}

function drawPosition(
  rng: RandomGenerator,
  territory: Territory,
): { longitude: number; latitude: number; site: ReferenceSite | null } {
  const offSite = chance(rng, NO_SITE_SHARE);
  const site = offSite ? null : pick(rng, SITES[territory]);
  const [centerLon, centerLat] = site ? site.position : OFF_SITE_AREAS[territory].center;
  const radius =
    (site ? SITE_JITTER_M : OFF_SITE_AREAS[territory].radiusM) * Math.sqrt(uniformFloat64(rng));
  const angle = 2 * Math.PI * uniformFloat64(rng);
  const latitude = centerLat + (radius * Math.sin(angle)) / METRES_PER_DEGREE;
  const longitude =
    centerLon +
    (radius * Math.cos(angle)) / (METRES_PER_DEGREE * Math.cos((centerLat * Math.PI) / 180));
  // Six decimals (~0.1 m): what a phone reports, and stable through any float formatting.
  return {
    longitude: Math.round(longitude * 1e6) / 1e6,
    latitude: Math.round(latitude * 1e6) / 1e6,
    site,
  };
}

function drawPeopleEvicted(
  rng: RandomGenerator,
  kind: ObservationKind,
  territory: Territory,
): number | null {
  switch (kind) {
    case 'eviction':
      return orUnknown(rng, 0.04, () =>
        logNormalInt(rng, territory === 'calaisis' ? 30 : 40, 0.75, 5, 150),
      );
    case 'large_eviction':
      return orUnknown(rng, 0.02, () => logNormalInt(rng, 250, 0.6, 80, 1200));
    case 'site_works':
      return orUnknown(rng, 0.6, () => logNormalInt(rng, 10, 0.7, 0, 60));
    case 'dispersal':
      return orUnknown(rng, 0.1, () => logNormalInt(rng, 15, 0.6, 5, 80));
  }
}

type Fact = 'arrest' | 'interpreters' | 'bailiff' | 'contractor' | 'shelter' | 'obstructed';

/**
 * Probability, per kind, of each fact when it is known at all. Arrests are rare at ordinary evictions
 * and frequent at large operations (~0.16 per observation overall, as in 2021); buses and bailiffs
 * come with large operations; a contractor often clears the belongings.
 */
const LIKELIHOOD: Readonly<Record<ObservationKind, Readonly<Record<Fact, number>>>> = {
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
  dispersal: {
    arrest: 0.1,
    interpreters: 0.02,
    bailiff: 0,
    contractor: 0,
    shelter: 0,
    obstructed: 0.2,
  },
};

function drawArrests(rng: RandomGenerator, kind: ObservationKind): number {
  if (!chance(rng, LIKELIHOOD[kind].arrest)) return 0;
  return kind === 'large_eviction'
    ? logNormalInt(rng, 3, 0.7, 1, 30)
    : logNormalInt(rng, 1.4, 0.5, 1, 12);
}

function drawForces(
  rng: RandomGenerator,
  territory: Territory,
  kind: ObservationKind,
): SyntheticForce[] {
  const unitCount = pick(rng, UNIT_COUNTS[kind]);
  const units: ForceUnit[] = [];
  // A unit appears once per observation; a few redraws are enough with these weights.
  for (let attempt = 0; units.length < unitCount && attempt < 20; attempt++) {
    const unit = pick(rng, UNITS[territory]);
    if (!units.includes(unit)) units.push(unit);
  }
  return units.map((unit, position) => {
    const vehicles =
      kind === 'large_eviction'
        ? logNormalInt(rng, 8, 0.35, 3, 12)
        : position === 0 && kind === 'eviction'
          ? logNormalInt(rng, 4, 0.45, 1, 12)
          : logNormalInt(rng, 2, 0.5, 1, 6);
    const officers = chance(rng, 0.3)
      ? vehicles * uniformInt(rng, 3, 8) + uniformInt(rng, 0, 3)
      : null;
    return { id: drawUuid(rng), unit, vehicles, officers };
  });
}

function drawSeizures(
  rng: RandomGenerator,
  kind: ObservationKind,
  contractorPresent: boolean | null,
): SyntheticSeizure[] {
  const seizures: SyntheticSeizure[] = [];
  const add = (item: SeizureItem, quantity: number, destroyedProbability: number) => {
    if (quantity > 0) {
      seizures.push({
        id: drawUuid(rng),
        item,
        quantity,
        destroyed: chance(rng, destroyedProbability),
      });
    }
  };
  // Items thrown into a contractor's skip are more often destroyed than those taken to storage.
  const destroyed = contractorPresent ? 0.25 : 0.1;

  const shelter = TENTS_AND_TARPS[kind];
  const tentsAndTarps = chance(rng, shelter.probability)
    ? logNormalInt(rng, shelter.median, shelter.sigma, 1, shelter.max)
    : 0;
  const tents = Math.round(tentsAndTarps * (0.45 + 0.4 * uniformFloat64(rng)));
  add('tent', tents, destroyed);
  add('tarp', tentsAndTarps - tents, destroyed);

  // Bedding goes with the tents it was in; a little is taken even where no tent was.
  const bedding =
    tentsAndTarps > 0
      ? chance(rng, 0.7)
        ? Math.round(tentsAndTarps * 0.45 * Math.exp(0.5 * normal(rng)))
        : 0
      : chance(rng, 0.05)
        ? uniformInt(rng, 1, 4)
        : 0;
  const sleepingBags = Math.round(bedding * (0.55 + 0.3 * uniformFloat64(rng)));
  add('sleeping_bag', sleepingBags, destroyed);
  add('blanket', bedding - sleepingBags, destroyed);

  const factor = OTHER_ITEMS_FACTOR[kind];
  for (const other of OTHER_ITEMS) {
    const probability =
      other.item === 'structure' && kind === 'site_works'
        ? 0.35
        : Math.min(0.9, other.probability * factor);
    if (chance(rng, probability))
      add(other.item, uniformInt(rng, other.min, other.max), other.destroyed);
  }
  return seizures;
}

function drawStatus(rng: RandomGenerator, mode: DrawContext['status']): ReviewStatus {
  if (mode === 'validated') return 'validated';
  const u = uniformFloat64(rng);
  return u < 0.85 ? 'validated' : u < 0.95 ? 'submitted' : 'draft';
}

/** Each workflow step (submit, validate) is a change, hence a version. */
const VERSION_BY_STATUS: Readonly<Record<ReviewStatus, number>> = {
  draft: 1,
  submitted: 2,
  validated: 3,
};

/** Draws one observation. Advances `rng`; everything else is a pure function of its state and the context. */
export function drawObservation(rng: RandomGenerator, context: DrawContext): SyntheticObservation {
  const id = drawUuid(rng);
  const territory = pick(rng, TERRITORIES);
  const { longitude, latitude, site } = drawPosition(rng, territory);
  const kind = pick(rng, KINDS[territory]);
  const times = drawTimes(rng, context, kind);
  const large = kind === 'large_eviction';

  const peopleEvicted = drawPeopleEvicted(rng, kind, territory);
  const minorsSeen =
    peopleEvicted !== null && chance(rng, 0.35)
      ? Math.round(peopleEvicted * uniformFloat64(rng) * (large ? 0.2 : 0.12))
      : null;
  const arrests = drawArrests(rng, kind);

  const legalBasis = pick(
    rng,
    LEGAL_BASES[kind === 'eviction' ? (`eviction_${territory}` as const) : kind],
  );
  const details = LEGAL_BASIS_DETAILS[legalBasis];
  const legalBasisDetails = details && chance(rng, 0.3) ? pickOne(rng, details) : null;

  const likelihood = LIKELIHOOD[kind];
  const interpretersPresent = orUnknown(rng, 0.05, () => chance(rng, likelihood.interpreters));
  const bailiffPresent = orUnknown(
    rng,
    0.05,
    () => legalBasis === 'court_order' || chance(rng, likelihood.bailiff),
  );
  const contractorPresent = orUnknown(rng, 0.04, () => chance(rng, likelihood.contractor));
  const contractorName =
    contractorPresent && chance(rng, 0.4) ? pickOne(rng, CONTRACTOR_NAMES) : null;

  const shelterOffered = orUnknown(rng, 0.03, () => chance(rng, likelihood.shelter));
  const shelterBuses = shelterOffered
    ? large
      ? logNormalInt(rng, 6, 0.5, 1, 25)
      : uniformInt(rng, 1, 2)
    : null;
  // Buses take part of the people evicted, never more than were there or than the buses hold.
  const peopleSheltered =
    shelterOffered && shelterBuses !== null
      ? Math.min(
          peopleEvicted ?? 0,
          shelterBuses * 55,
          large
            ? Math.round((peopleEvicted ?? 0) * (0.3 + 0.5 * uniformFloat64(rng)))
            : uniformInt(rng, 0, 20),
        )
      : null;

  const observationObstructed = orUnknown(rng, 0.03, () => chance(rng, likelihood.obstructed));
  const countsReliable = chance(rng, observationObstructed ? 0.55 : 0.95);

  const forces = drawForces(rng, territory, kind);
  const seizures = drawSeizures(rng, kind, contractorPresent);

  const status = drawStatus(rng, context.status);
  const reviewDelayMs =
    status === 'draft'
      ? 0
      : uniformInt(rng, 30, status === 'validated' ? 24 * 60 : 120) * MINUTE_MS;
  const updatedAt = new Date(Math.min(times.createdAt.getTime() + reviewDelayMs, context.endMs));

  const description = narrate(rng, {
    kind,
    place: site ? site.name : OFF_SITE_AREAS[territory].label,
    startMinuteOfDay: times.startMinuteOfDay,
    forces,
    seizures,
    arrests,
    contractorPresent,
    shelterOffered,
    shelterBuses,
    peopleSheltered,
    observationObstructed,
    countsReliable,
  });

  return {
    id,
    territory,
    kind,
    startedAt: times.startedAt,
    endedAt: times.endedAt,
    longitude,
    latitude,
    locationAccuracyM: orUnknown(rng, 0.15, () => logNormalInt(rng, 12, 0.6, 3, 150)),
    siteId: site?.id ?? null,
    peopleEvicted,
    minorsSeen,
    arrests,
    legalBasis,
    legalBasisDetails,
    interpretersPresent,
    bailiffPresent,
    contractorPresent,
    contractorName,
    shelterOffered,
    shelterBuses,
    peopleSheltered,
    observationObstructed,
    countsReliable,
    description,
    status,
    version: VERSION_BY_STATUS[status],
    createdAt: times.createdAt,
    updatedAt,
    forces,
    seizures,
  };
}

interface Narrative {
  kind: ObservationKind;
  place: string;
  startMinuteOfDay: number;
  forces: readonly SyntheticForce[];
  seizures: readonly SyntheticSeizure[];
  arrests: number;
  contractorPresent: boolean | null;
  shelterOffered: boolean | null;
  shelterBuses: number | null;
  peopleSheltered: number | null;
  observationObstructed: boolean | null;
  countsReliable: boolean;
}

function narrate(rng: RandomGenerator, n: Narrative): string {
  const sentences = [
    pickOne(rng, OPENINGS[n.kind])
      .replace('{place}', n.place)
      .replace('{time}', frenchTime(n.startMinuteOfDay)),
  ];
  if (n.forces.length > 0) {
    // Kept short: the full-text column indexes every word, and the units are in their own rows.
    const vehicles = n.forces.reduce((sum, force) => sum + force.vehicles, 0);
    const units = n.forces
      .filter((force) => force.unit !== 'unknown')
      .map((force) => FORCE_UNITS.label(force.unit, 'fr'))
      .join(', ');
    sentences.push(`${plural(vehicles, 'véhicule', 'véhicules')}${units ? ` : ${units}` : ''}.`);
  }
  const quantity = (...items: SeizureItem[]) =>
    n.seizures.reduce(
      (sum, seizure) => (items.includes(seizure.item) ? sum + seizure.quantity : sum),
      0,
    );
  const shelter = quantity('tent', 'tarp');
  const bedding = quantity('sleeping_bag', 'blanket');
  if (shelter + bedding === 0) {
    sentences.push('Aucune saisie de tentes ni de couchages constatée.');
  } else {
    const parts = [
      shelter > 0 ? `${plural(shelter, 'tente ou bâche saisie', 'tentes et bâches saisies')}` : '',
      bedding > 0
        ? `${plural(bedding, 'sac de couchage ou couverture', 'sacs de couchage et couvertures')}`
        : '',
    ].filter(Boolean);
    const destroyed = n.seizures.some((seizure) => seizure.destroyed);
    sentences.push(
      `${parts.join(', ')}${destroyed ? ' ; une partie du matériel est détruite sur place' : ''}.`,
    );
  }
  if (n.contractorPresent) {
    sentences.push(
      shelter + bedding > 0 ? pickOne(rng, CONTRACTOR_SENTENCES) : CONTRACTOR_IDLE_SENTENCE,
    );
  }
  if (n.shelterOffered && n.shelterBuses) {
    sentences.push(
      `${plural(n.shelterBuses, 'bus de mise à l’abri', 'bus de mise à l’abri')} ; ${plural(n.peopleSheltered ?? 0, 'personne monte', 'personnes montent')} à bord.`,
    );
  }
  if (n.arrests > 0) sentences.push(`${plural(n.arrests, 'interpellation', 'interpellations')}.`);
  if (n.observationObstructed) sentences.push(pickOne(rng, OBSTRUCTION_SENTENCES));
  if (!n.countsReliable) sentences.push(UNRELIABLE_COUNT_SENTENCE);
  sentences.push(DEMO_NARRATIVE_MARK);
  return sentences.join(' ');
}

/** Draws `count` observations lazily: a 200,000-row benchmark never holds them all in memory. */
export function* syntheticObservations(options: SyntheticOptions): Generator<SyntheticObservation> {
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new RangeError('count must be a non-negative integer');
  }
  const rng = createSyntheticRng(options.seed ?? DEFAULT_SYNTHETIC_SEED);
  const context = createDrawContext(options);
  for (let i = 0; i < options.count; i++) yield drawObservation(rng, context);
}

// ---------------------------------------------------------------------------------------------
// The SQL part

/** Large enough to amortise the round trip, small enough to keep each statement at a few MB. */
const BATCH_SIZE = 5000;

/**
 * One statement per batch, parents and children together: the foreign keys are checked at the end
 * of the statement, once the observations exist. `commune_code`/`area` are left to the trigger.
 */
const INSERT_BATCH_SQL = `
  WITH inserted AS (
    INSERT INTO observations (
      id, kind, started_at, ended_at, location, location_accuracy_m, site_id, people_evicted, minors_seen,
      arrests, legal_basis, legal_basis_details, interpreters_present, bailiff_present, contractor_present,
      contractor_name, shelter_offered, shelter_buses, people_sheltered, observation_obstructed,
      counts_reliable, description, status, version, created_at, updated_at)
    SELECT o.id, o.kind, to_timestamp(o.started_s), to_timestamp(o.ended_s),
           ST_SetSRID(ST_MakePoint(o.lon, o.lat), 4326), o.accuracy, o.site_id, o.people_evicted,
           o.minors_seen, o.arrests, o.legal_basis, o.legal_basis_details, o.interpreters_present,
           o.bailiff_present, o.contractor_present, o.contractor_name, o.shelter_offered, o.shelter_buses,
           o.people_sheltered, o.observation_obstructed, o.counts_reliable, o.description, o.status,
           o.version, to_timestamp(o.created_s), to_timestamp(o.updated_s)
      FROM unnest($1::uuid[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                  $7::float8[], $8::uuid[], $9::int[], $10::int[], $11::int[], $12::text[], $13::text[],
                  $14::bool[], $15::bool[], $16::bool[], $17::text[], $18::bool[], $19::int[], $20::int[],
                  $21::bool[], $22::bool[], $23::text[], $24::text[], $25::int[], $26::float8[],
                  $27::float8[])
           AS o(id, kind, started_s, ended_s, lon, lat, accuracy, site_id, people_evicted, minors_seen,
                arrests, legal_basis, legal_basis_details, interpreters_present, bailiff_present,
                contractor_present, contractor_name, shelter_offered, shelter_buses, people_sheltered,
                observation_obstructed, counts_reliable, description, status, version, created_s,
                updated_s)
    RETURNING 1
  ), forces AS (
    INSERT INTO observation_forces (id, observation_id, position, unit, vehicles, officers)
    SELECT * FROM unnest($28::uuid[], $29::uuid[], $30::int[], $31::text[], $32::int[], $33::int[])
  ), seizures AS (
    INSERT INTO observation_seizures (id, observation_id, position, item, quantity, destroyed)
    SELECT * FROM unnest($34::uuid[], $35::uuid[], $36::int[], $37::text[], $38::int[], $39::bool[])
  )
  SELECT count(*)::int AS inserted FROM inserted`;

const seconds = (date: Date) => date.getTime() / 1000;

type Scalar = string | number | boolean | null;

/**
 * A PostgreSQL array literal. Built here rather than by the driver, whose generic conversion of
 * every element was a fifth of the client's time at 200,000 rows.
 */
function arrayLiteral(values: readonly Scalar[]): string {
  return `{${values.map(elementLiteral).join(',')}}`;
}

function elementLiteral(value: Scalar): string {
  if (value === null) return 'NULL';
  return typeof value === 'string' ? `"${value.replace(/["\\]/g, '\\$&')}"` : String(value);
}

const OBSERVATION_COLUMNS: readonly ((o: SyntheticObservation) => Scalar)[] = [
  (o) => o.id,
  (o) => o.kind,
  (o) => seconds(o.startedAt),
  (o) => seconds(o.endedAt),
  (o) => o.longitude,
  (o) => o.latitude,
  (o) => o.locationAccuracyM,
  (o) => o.siteId,
  (o) => o.peopleEvicted,
  (o) => o.minorsSeen,
  (o) => o.arrests,
  (o) => o.legalBasis,
  (o) => o.legalBasisDetails,
  (o) => o.interpretersPresent,
  (o) => o.bailiffPresent,
  (o) => o.contractorPresent,
  (o) => o.contractorName,
  (o) => o.shelterOffered,
  (o) => o.shelterBuses,
  (o) => o.peopleSheltered,
  (o) => o.observationObstructed,
  (o) => o.countsReliable,
  (o) => o.description,
  (o) => o.status,
  (o) => o.version,
  (o) => seconds(o.createdAt),
  (o) => seconds(o.updatedAt),
];

/** Column arrays for `unnest`, in the order of the statement's parameters. */
function toParameters(batch: readonly SyntheticObservation[]): string[] {
  const forces: Scalar[][] = [[], [], [], [], [], []];
  const seizures: Scalar[][] = [[], [], [], [], [], []];
  const push = (columns: Scalar[][], row: readonly Scalar[]) =>
    row.forEach((value, i) => columns[i]?.push(value));
  for (const o of batch) {
    o.forces.forEach((f, position) =>
      push(forces, [f.id, o.id, position, f.unit, f.vehicles, f.officers]),
    );
    o.seizures.forEach((s, position) =>
      push(seizures, [s.id, o.id, position, s.item, s.quantity, s.destroyed]),
    );
  }
  return [...OBSERVATION_COLUMNS.map((column) => batch.map(column)), ...forces, ...seizures].map(
    arrayLiteral,
  );
}

async function insertBatch(
  runner: QueryRunner,
  batch: readonly SyntheticObservation[],
): Promise<number> {
  const rows: { inserted: number }[] = await runner.query(INSERT_BATCH_SQL, toParameters(batch));
  return rows[0]?.inserted ?? 0;
}

function takeBatch(source: Iterator<SyntheticObservation>, size: number): SyntheticObservation[] {
  const batch: SyntheticObservation[] = [];
  while (batch.length < size) {
    const next = source.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch;
}

/** Where one batch is drawn and the next worker takes over; shared by the workers of one run. */
interface BatchSource {
  observations: Iterator<SyntheticObservation>;
  failed: boolean;
}

/**
 * Inserts batches until the source is exhausted. The draw is synchronous, so two workers never take
 * the same rows, and the rows do not depend on which worker inserts them.
 */
async function insertWorker(runner: QueryRunner, source: BatchSource): Promise<number> {
  let inserted = 0;
  try {
    for (;;) {
      const batch = source.failed ? [] : takeBatch(source.observations, BATCH_SIZE);
      if (batch.length === 0) return inserted;
      inserted += await insertBatch(runner, batch);
    }
  } catch (error) {
    // The other workers stop at their next batch instead of writing on after a failure.
    source.failed = true;
    throw error;
  }
}

/** What a data source and a query runner have in common. */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The rows point at the reference sites: without them every batch would fail on its foreign key, and
 * the driver's log of a failed 5,000-row statement is megabytes long. Say what to do instead.
 */
async function assertReferenceSites(db: Queryable): Promise<void> {
  const ids = REFERENCE_SITES.map((site) => site.id);
  const [{ found }] = (await db.query(
    'SELECT count(*)::int AS found FROM sites WHERE id = ANY($1::uuid[])',
    [ids],
  )) as { found: number }[];
  if (found !== ids.length) {
    throw new Error(
      `Synthetic observations need the ${ids.length} reference sites (${found} found): seed the reference data first.`,
    );
  }
}

/**
 * Statements in flight at once. The trigger deriving the commune and the full-text column cost more
 * than drawing the rows, so PostgreSQL is the bottleneck: one statement per core keeps all of them
 * busy, while a worker waiting for its statement leaves the CPU to the next draw.
 */
const PARALLEL_STATEMENTS = Math.min(4, availableParallelism());

/**
 * Inserts `count` synthetic observations with their forces and seizures; returns the rows inserted.
 * Each batch is one statement, hence its own transaction: a 200,000-row benchmark interrupted halfway
 * keeps the batches already written.
 */
export async function generateSyntheticObservations(
  dataSource: DataSource,
  options: SyntheticOptions,
): Promise<number> {
  const source: BatchSource = { observations: syntheticObservations(options), failed: false };
  await assertReferenceSites(dataSource);
  // Each worker holds its own connection and gives it back as soon as it is done, so that even a
  // pool of one connection gets through (the workers then simply take turns).
  const results = await Promise.allSettled(
    Array.from({ length: PARALLEL_STATEMENTS }, async () => {
      const runner = dataSource.createQueryRunner();
      try {
        return await insertWorker(runner, source);
      } finally {
        await runner.release();
      }
    }),
  );
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.reduce(
    (sum, result) => sum + (result.status === 'fulfilled' ? result.value : 0),
    0,
  );
}

/** Any constant works: it only has to be the same for every process that seeds this database. */
const DEMO_SEED_LOCK = 7_260_613;

/**
 * Loads the demo set into an empty database (DESIGN §8) and records it in `dataset_facts`; returns
 * null, changing nothing, when there is any observation at all. Runs in one transaction under an
 * advisory lock, so two instances starting together cannot both seed.
 */
export async function seedDemoIfEmpty(
  dataSource: DataSource,
  options: { now?: Date } = {},
): Promise<{ inserted: number } | null> {
  const now = options.now ?? new Date();
  const count = Math.round((DEMO_EVICTIONS_PER_YEAR * DEFAULT_SYNTHETIC_MONTHS) / 12);
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
    const [{ empty }]: { empty: boolean }[] = await runner.query(
      'SELECT NOT EXISTS (SELECT 1 FROM observations) AS empty',
    );
    if (!empty) {
      await runner.rollbackTransaction();
      return null;
    }
    await assertReferenceSites(runner);
    // One connection: the whole demo set belongs to the transaction that holds the lock.
    const demo = {
      count,
      seed: DEFAULT_SYNTHETIC_SEED,
      end: now,
      months: DEFAULT_SYNTHETIC_MONTHS,
    };
    const inserted = await insertWorker(runner, {
      observations: syntheticObservations(demo),
      failed: false,
    });
    const fact = {
      generatedAt: now.toISOString(),
      count: inserted,
      seed: DEFAULT_SYNTHETIC_SEED,
      synthetic: true,
    };
    await runner.query(
      `INSERT INTO dataset_facts (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [DEMO_FACT_KEY, JSON.stringify(fact)],
    );
    await runner.commitTransaction();
    return { inserted };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
