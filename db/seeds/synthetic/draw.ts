import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { ForceUnit, LegalBasis, ObservationKind, ReviewStatus, SeizureItem } from '@vigie/domain';
import type { ReferenceSite } from '../reference-sites';
import { CONTRACTOR_NAMES, LEGAL_BASIS_DETAILS, narrate } from './narrative';
import { MINUTE_MS, createDrawContext, drawTimes, type DrawContext, type PeriodOptions } from './period';
import {
  DEFAULT_SYNTHETIC_SEED,
  chance,
  createSyntheticRng,
  drawUuid,
  logNormalInt,
  normal,
  orUnknown,
  pick,
  pickOne,
} from './random';
import {
  KINDS,
  LEGAL_BASES,
  LIKELIHOOD,
  NO_SITE_SHARE,
  OFF_SITE_AREAS,
  OTHER_ITEMS,
  OTHER_ITEMS_FACTOR,
  SITES,
  SITE_JITTER_M,
  TENTS_AND_TARPS,
  TERRITORIES,
  UNITS,
  UNIT_COUNTS,
  VERSION_BY_STATUS,
  type Territory,
} from './tables';

/*
 * The pure half of the synthetic demo data: draws one observation from a seeded PRNG, unit tested
 * without a database. The calibration lives in `tables.ts`, the times in `period.ts`, the French
 * narrative in `narrative.ts`; the SQL that inserts the rows is `../demo.ts`.
 */

export interface SyntheticOptions extends PeriodOptions {
  /** Observations to create. */
  count: number;
  /** PRNG seed; default {@link DEFAULT_SYNTHETIC_SEED}. */
  seed?: number;
}

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

const METRES_PER_DEGREE = 111_320;

function drawPosition(
  rng: RandomGenerator,
  territory: Territory,
): { longitude: number; latitude: number; site: ReferenceSite | null } {
  const offSite = chance(rng, NO_SITE_SHARE);
  const site = offSite ? null : pick(rng, SITES[territory]);
  const [centerLon, centerLat] = site ? site.position : OFF_SITE_AREAS[territory].center;
  const radius = (site ? SITE_JITTER_M : OFF_SITE_AREAS[territory].radiusM) * Math.sqrt(uniformFloat64(rng));
  const angle = 2 * Math.PI * uniformFloat64(rng);
  const latitude = centerLat + (radius * Math.sin(angle)) / METRES_PER_DEGREE;
  const longitude =
    centerLon + (radius * Math.cos(angle)) / (METRES_PER_DEGREE * Math.cos((centerLat * Math.PI) / 180));
  // Six decimals (~0.1 m): what a phone reports, and stable through any float formatting.
  return {
    longitude: Math.round(longitude * 1e6) / 1e6,
    latitude: Math.round(latitude * 1e6) / 1e6,
    site,
  };
}

function drawPeopleEvicted(rng: RandomGenerator, kind: ObservationKind, territory: Territory): number | null {
  switch (kind) {
    case 'eviction':
      return orUnknown(rng, 0.04, () => logNormalInt(rng, territory === 'calaisis' ? 30 : 40, 0.75, 5, 150));
    case 'large_eviction':
      return orUnknown(rng, 0.02, () => logNormalInt(rng, 250, 0.6, 80, 1200));
    case 'site_works':
      return orUnknown(rng, 0.6, () => logNormalInt(rng, 10, 0.7, 0, 60));
    case 'dispersal':
      return orUnknown(rng, 0.1, () => logNormalInt(rng, 15, 0.6, 5, 80));
  }
}

function drawArrests(rng: RandomGenerator, kind: ObservationKind): number {
  if (!chance(rng, LIKELIHOOD[kind].arrest)) return 0;
  return kind === 'large_eviction' ? logNormalInt(rng, 3, 0.7, 1, 30) : logNormalInt(rng, 1.4, 0.5, 1, 12);
}

function drawForces(rng: RandomGenerator, territory: Territory, kind: ObservationKind): SyntheticForce[] {
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
    const officers = chance(rng, 0.3) ? vehicles * uniformInt(rng, 3, 8) + uniformInt(rng, 0, 3) : null;
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
      other.item === 'structure' && kind === 'site_works' ? 0.35 : Math.min(0.9, other.probability * factor);
    if (chance(rng, probability)) add(other.item, uniformInt(rng, other.min, other.max), other.destroyed);
  }
  return seizures;
}

function drawStatus(rng: RandomGenerator, mode: DrawContext['status']): ReviewStatus {
  if (mode === 'validated') return 'validated';
  const u = uniformFloat64(rng);
  return u < 0.85 ? 'validated' : u < 0.95 ? 'submitted' : 'draft';
}

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

  const legalBasis = pick(rng, LEGAL_BASES[kind === 'eviction' ? (`eviction_${territory}` as const) : kind]);
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
  const contractorName = contractorPresent && chance(rng, 0.4) ? pickOne(rng, CONTRACTOR_NAMES) : null;

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
    status === 'draft' ? 0 : uniformInt(rng, 30, status === 'validated' ? 24 * 60 : 120) * MINUTE_MS;
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

/** Draws `count` observations lazily: a 200,000-row benchmark never holds them all in memory. */
export function* syntheticObservations(options: SyntheticOptions): Generator<SyntheticObservation> {
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new RangeError('count must be a non-negative integer');
  }
  const rng = createSyntheticRng(options.seed ?? DEFAULT_SYNTHETIC_SEED);
  const context = createDrawContext(options);
  for (let i = 0; i < options.count; i++) yield drawObservation(rng, context);
}
