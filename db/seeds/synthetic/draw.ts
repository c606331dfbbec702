import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { ForceUnit, LegalBasis, ObservationKind, ReviewStatus, SeizureItem } from '@vigie/domain';
import type { ReferenceSite } from '../reference-sites';
import { CONTRACTOR_NAMES, LEGAL_BASIS_DETAILS, narrate } from './narrative';
import { MINUTE_MS, type DrawContext, type DrawnTimes, type PeriodOptions } from './period';
import { chance, drawUuid, logNormalInt, normal, orUnknown, pick, pickOne } from './random';
import {
  LEGAL_BASES,
  LIKELIHOOD,
  OFF_SITE_AREAS,
  OTHER_ITEMS,
  OTHER_ITEMS_FACTOR,
  SECOND_REPORT_DISTANCE_M,
  SECOND_REPORT_START_MINUTES,
  SECOND_REPORT_UNLINKED_SHARE,
  SITE_JITTER_M,
  TENTS_AND_TARPS,
  UNITS,
  UNIT_COUNTS,
  VERSION_BY_STATUS,
  type Territory,
} from './tables';

/*
 * The pure half of the synthetic demo data: draws one observation from a seeded PRNG once its
 * operation has placed it (`operations.ts`), and a second team's report of it (the planted
 * duplicates, named by `duplicateOf` so that the duplicates benchmark knows the ground truth); unit
 * tested without a database. The calibration lives in `tables.ts`, the times in `period.ts`, the French
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
  /**
   * Ground truth, not stored: the id of the observation this one is a second team's report of
   * (same operation), null for a first report.
   */
  duplicateOf: string | null;
}

const METRES_PER_DEGREE = 111_320;

export interface Position {
  longitude: number;
  latitude: number;
}

/** `metres` from the point towards `angle` (radians from east), on a local flat approximation. */
function offset([lon, lat]: readonly [number, number], metres: number, angle: number): [number, number] {
  return [
    lon + (metres * Math.cos(angle)) / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)),
    lat + (metres * Math.sin(angle)) / METRES_PER_DEGREE,
  ];
}

/** Six decimals (~0.1 m): what a phone reports, and stable through any float formatting. */
function rounded([longitude, latitude]: readonly [number, number]): Position {
  return { longitude: Math.round(longitude * 1e6) / 1e6, latitude: Math.round(latitude * 1e6) / 1e6 };
}

/** A uniform point of the disc around the site, or of the territory's area of unreferenced camps. */
export function drawPosition(
  rng: RandomGenerator,
  territory: Territory,
  site: ReferenceSite | null,
): Position {
  const center = site ? site.position : OFF_SITE_AREAS[territory].center;
  const radius = (site ? SITE_JITTER_M : OFF_SITE_AREAS[territory].radiusM) * Math.sqrt(uniformFloat64(rng));
  return rounded(offset(center, radius, 2 * Math.PI * uniformFloat64(rng)));
}

/** Metres between two nearby points, on the same flat approximation. */
function metresBetween([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]) {
  const x = (lon2 - lon1) * METRES_PER_DEGREE * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
  return Math.hypot(x, (lat2 - lat1) * METRES_PER_DEGREE);
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

function drawReview(
  rng: RandomGenerator,
  context: DrawContext,
  createdAt: Date,
): Pick<SyntheticObservation, 'status' | 'version' | 'updatedAt'> {
  const status = drawStatus(rng, context.status);
  const reviewDelayMs =
    status === 'draft' ? 0 : uniformInt(rng, 30, status === 'validated' ? 24 * 60 : 120) * MINUTE_MS;
  return {
    status,
    version: VERSION_BY_STATUS[status],
    updatedAt: new Date(Math.min(createdAt.getTime() + reviewDelayMs, context.endMs)),
  };
}

/** Where and when one observation happens: what its operation decided before the record is drawn. */
export interface Placement {
  territory: Territory;
  kind: ObservationKind;
  site: ReferenceSite | null;
  position: Position;
  times: DrawnTimes;
}

/** Draws the record of a placed observation: counts, forces, seizures, narrative, review status. */
export function drawRecord(
  rng: RandomGenerator,
  context: DrawContext,
  placement: Placement,
): SyntheticObservation {
  const id = drawUuid(rng);
  const { territory, kind, site, times } = placement;
  const { longitude, latitude } = placement.position;
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

  const { status, version, updatedAt } = drawReview(rng, context, times.createdAt);

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
    version,
    createdAt: times.createdAt,
    updatedAt,
    forces,
    seizures,
    duplicateOf: null,
  };
}

/**
 * A second team's report of the same eviction: same kind and site (unless it links none), a start a
 * few minutes off, a point a few tens of metres away (still on the site), counts that differ a
 * little, a narrative of its own. Null when it would be recorded after the period.
 */
export function drawSecondReport(
  rng: RandomGenerator,
  context: DrawContext,
  first: SyntheticObservation,
  placement: Placement,
): SyntheticObservation | null {
  const { site } = placement;
  const id = drawUuid(rng);
  const shift = uniformInt(rng, SECOND_REPORT_START_MINUTES.min, SECOND_REPORT_START_MINUTES.max);
  const startMs = first.startedAt.getTime() + shift * MINUTE_MS;
  const endMs = Math.max(
    startMs + 10 * MINUTE_MS,
    first.endedAt.getTime() + uniformInt(rng, -15, 30) * MINUTE_MS,
  );
  const createdMs = endMs + logNormalInt(rng, 90, 0.8, 10, 600) * MINUTE_MS + uniformInt(rng, 0, 59) * 1000;

  const distance = uniformInt(rng, SECOND_REPORT_DISTANCE_M.min, SECOND_REPORT_DISTANCE_M.max);
  let point = offset([first.longitude, first.latitude], distance, 2 * Math.PI * uniformFloat64(rng));
  // Still on the site (or in the area of unreferenced camps, all of whose points lie in a commune of
  // the territory): pulled back inside the disc the first reports are drawn in.
  const [center, limit] = site
    ? [site.position, SITE_JITTER_M]
    : [OFF_SITE_AREAS[first.territory].center, OFF_SITE_AREAS[first.territory].radiusM];
  const fromCenter = metresBetween(center, point);
  if (fromCenter > limit) {
    const ratio = limit / fromCenter;
    point = [center[0] + (point[0] - center[0]) * ratio, center[1] + (point[1] - center[1]) * ratio];
  }
  const linked = site !== null && !chance(rng, SECOND_REPORT_UNLINKED_SHARE);
  const roughly = (value: number) => Math.max(0, Math.round(value * (0.75 + 0.5 * uniformFloat64(rng))));
  const peopleEvicted = first.peopleEvicted === null ? null : roughly(first.peopleEvicted);
  const forces = first.forces.map((force) => ({
    id: drawUuid(rng),
    unit: force.unit,
    vehicles: Math.max(1, Math.min(12, force.vehicles + uniformInt(rng, -1, 1))),
    officers: chance(rng, 0.5) ? null : force.officers,
  }));
  const seizures = first.seizures
    .map((seizure) => ({ ...seizure, id: drawUuid(rng), quantity: roughly(seizure.quantity) }))
    .filter((seizure) => seizure.quantity > 0);
  const description = narrate(rng, {
    kind: first.kind,
    place: linked && site ? site.name : OFF_SITE_AREAS[first.territory].label,
    startMinuteOfDay: placement.times.startMinuteOfDay + shift,
    forces,
    seizures,
    arrests: first.arrests,
    contractorPresent: first.contractorPresent,
    shelterOffered: first.shelterOffered,
    shelterBuses: first.shelterBuses,
    peopleSheltered: first.peopleSheltered,
    observationObstructed: first.observationObstructed,
    countsReliable: first.countsReliable,
  });
  const review = drawReview(rng, context, new Date(createdMs));
  if (createdMs > context.endMs || startMs < context.startMs) return null;
  return {
    ...first,
    id,
    startedAt: new Date(startMs),
    endedAt: new Date(endMs),
    ...rounded(point),
    locationAccuracyM: orUnknown(rng, 0.15, () => logNormalInt(rng, 12, 0.6, 3, 150)),
    siteId: linked ? first.siteId : null,
    peopleEvicted,
    minorsSeen:
      first.minorsSeen === null || peopleEvicted === null ? null : Math.min(first.minorsSeen, peopleEvicted),
    legalBasisDetails: null,
    description,
    ...review,
    createdAt: new Date(createdMs),
    forces,
    seizures,
    duplicateOf: first.id,
  };
}
