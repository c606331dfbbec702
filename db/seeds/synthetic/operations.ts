import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import type { ObservationKind } from '@vigie/domain';
import type { ReferenceSite } from '../reference-sites';
import {
  drawPosition,
  drawRecord,
  drawSecondReport,
  type Placement,
  type SyntheticObservation,
  type SyntheticOptions,
} from './draw';
import { MINUTE_MS, createDrawContext, drawTimes, timesFrom, type DrawContext } from './period';
import { DEFAULT_SYNTHETIC_SEED, chance, createSyntheticRng, pick } from './random';
import {
  KINDS,
  NO_SITE_SHARE,
  ROUND_SHARE,
  ROUND_STEP_MINUTES,
  SAME_SITE_GAP_MINUTES,
  SECOND_REPORT_SHARE,
  SITES,
  TERRITORIES,
  type Territory,
} from './tables';

/*
 * Operations: when and where the synthetic observations happen. One eviction (or works, a
 * dispersal) at a site or an unreferenced camp, or a morning round over several sites; a site is not
 * cleared twice within a few hours; now and then a second team records an observation too. The
 * records themselves are drawn by `draw.ts`.
 */

/**
 * When each site was cleared: the starts of the operations drawn so far, by site and UTC day, so
 * that one site is not evicted twice within `SAME_SITE_GAP_MINUTES`. A data set far denser than the
 * ground (the 200,000-row benchmark: ~270 a day on eight sites) cannot keep the sites apart: after
 * `OVERFLOWS_BEFORE_FULL` operations that found no free site, the schedule gives up and every site
 * is free. That depends only on the draws so far, so a longer run still begins with a shorter one.
 */
export class SiteSchedule {
  private readonly starts = new Map<string, number[]>();
  private overflows = 0;

  get full(): boolean {
    return this.overflows >= OVERFLOWS_BEFORE_FULL;
  }

  isFree(siteId: string, startMs: number): boolean {
    if (this.full) return true;
    const day = Math.floor(startMs / DAY_MS);
    for (const key of [day - 1, day, day + 1]) {
      for (const other of this.starts.get(`${siteId}/${key}`) ?? []) {
        if (Math.abs(other - startMs) < SAME_SITE_GAP_MINUTES * MINUTE_MS) return false;
      }
    }
    return true;
  }

  add(siteId: string, startMs: number): void {
    if (this.full) return;
    const key = `${siteId}/${Math.floor(startMs / DAY_MS)}`;
    const starts = this.starts.get(key);
    if (starts) starts.push(startMs);
    else this.starts.set(key, [startMs]);
  }

  /** An operation found no free site and takes one that is not. */
  overflow(): void {
    this.overflows += 1;
    if (this.full) this.starts.clear();
  }
}

const DAY_MS = 24 * 60 * MINUTE_MS;
/** Other sites tried, then other times, before a dense data set accepts a site cleared twice. */
const SITE_ATTEMPTS = 8;
const TIME_ATTEMPTS = 20;
const OVERFLOWS_BEFORE_FULL = 20;

/** A site of the territory free at `startMs` and not in `taken`; null when a few draws find none. */
function freeSite(
  rng: RandomGenerator,
  territory: Territory,
  schedule: SiteSchedule,
  startMs: number,
  taken: readonly ReferenceSite[] = [],
): ReferenceSite | null {
  for (let attempt = 0; attempt < SITE_ATTEMPTS; attempt++) {
    const site = pick(rng, SITES[territory]);
    if (!taken.includes(site) && schedule.isFree(site.id, startMs)) return site;
  }
  return null;
}

/** The first (or only) site and time of an operation. */
function placeOperation(
  rng: RandomGenerator,
  context: DrawContext,
  schedule: SiteSchedule,
  territory: Territory,
  kind: ObservationKind,
): Placement {
  if (chance(rng, NO_SITE_SHARE)) {
    const times = drawTimes(rng, context, kind);
    return { territory, kind, site: null, position: drawPosition(rng, territory, null), times };
  }
  for (let attempt = 0; ; attempt++) {
    const times = drawTimes(rng, context, kind);
    let site = freeSite(rng, territory, schedule, times.startedAt.getTime());
    if (!site && attempt >= TIME_ATTEMPTS) {
      schedule.overflow();
      site = pick(rng, SITES[territory]);
    }
    if (site) return { territory, kind, site, position: drawPosition(rng, territory, site), times };
  }
}

/** The next site of a morning round, some minutes after `previous`; null when none is free. */
function nextOfRound(
  rng: RandomGenerator,
  context: DrawContext,
  schedule: SiteSchedule,
  previous: Placement,
  taken: readonly ReferenceSite[],
): Placement | null {
  const step = uniformInt(rng, ROUND_STEP_MINUTES.min, ROUND_STEP_MINUTES.max);
  const startMs = previous.times.startedAt.getTime() + step * MINUTE_MS;
  const times = timesFrom(rng, context, previous.kind, startMs, previous.times.startMinuteOfDay + step);
  const site = times && freeSite(rng, previous.territory, schedule, startMs, taken);
  if (!times || !site) return null;
  return { ...previous, site, position: drawPosition(rng, previous.territory, site), times };
}

/**
 * Draws one operation: an eviction (or works, a dispersal) at one site or unreferenced camp, or a
 * morning round over several sites, each observation followed by a second team's report of it now
 * and then. Advances `rng` and records the sites cleared in `schedule`; everything else is a pure
 * function of their state and the context.
 */
export function drawOperation(
  rng: RandomGenerator,
  context: DrawContext,
  schedule: SiteSchedule,
): SyntheticObservation[] {
  const territory = pick(rng, TERRITORIES);
  const kind = pick(rng, KINDS[territory]);
  const placements = [placeOperation(rng, context, schedule, territory, kind)];
  const round =
    kind === 'eviction' && placements[0]?.site != null && chance(rng, ROUND_SHARE[territory])
      ? uniformInt(rng, 1, 2)
      : 0;
  for (let leg = 0; leg < round; leg++) {
    const previous = placements[placements.length - 1] as Placement;
    const next = nextOfRound(
      rng,
      context,
      schedule,
      previous,
      placements.map((placement) => placement.site as ReferenceSite),
    );
    if (!next) break;
    placements.push(next);
  }
  const observations: SyntheticObservation[] = [];
  for (const placement of placements) {
    if (placement.site) schedule.add(placement.site.id, placement.times.startedAt.getTime());
    const first = drawRecord(rng, context, placement);
    observations.push(first);
    if (chance(rng, SECOND_REPORT_SHARE)) {
      const second = drawSecondReport(rng, context, first, placement);
      if (second) observations.push(second);
    }
  }
  return observations;
}

/**
 * Draws `count` observations lazily: a 200,000-row benchmark never holds them all in memory. A
 * longer run begins with the rows of a shorter one (an operation cut by `count` loses its tail).
 */
export function* syntheticObservations(options: SyntheticOptions): Generator<SyntheticObservation> {
  if (!Number.isInteger(options.count) || options.count < 0) {
    throw new RangeError('count must be a non-negative integer');
  }
  const rng = createSyntheticRng(options.seed ?? DEFAULT_SYNTHETIC_SEED);
  const context = createDrawContext(options);
  const schedule = new SiteSchedule();
  let drawn = 0;
  while (drawn < options.count) {
    for (const observation of drawOperation(rng, context, schedule)) {
      if (drawn === options.count) return;
      drawn += 1;
      yield observation;
    }
  }
}
