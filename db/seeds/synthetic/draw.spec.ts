import { TZDate } from '@date-fns/tz';
import { describe, expect, it } from 'vitest';
import {
  FORCE_UNITS,
  LEGAL_BASES,
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  SEIZURE_ITEMS,
  TIME_ZONE,
} from '@vigie/domain';
import { REFERENCE_SITES } from '../reference-sites';
import type { SyntheticObservation, SyntheticOptions } from './draw';
import { drawOperation, SiteSchedule, syntheticObservations } from './operations';
import { DEMO_NARRATIVE_MARK } from './narrative';
import { createDrawContext } from './period';
import { createSyntheticRng } from './random';

// A fixed end: with the default (now) two runs a few milliseconds apart would cover other periods.
const END = new Date('2026-03-01T12:00:00Z');
const HOUR_MS = 3_600_000;

function draw(count: number, options: Partial<SyntheticOptions> = {}): SyntheticObservation[] {
  return [...syntheticObservations({ end: END, ...options, count })];
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function quantity(observation: SyntheticObservation, ...items: string[]): number {
  return observation.seizures
    .filter((seizure) => items.includes(seizure.item))
    .reduce((sum, seizure) => sum + seizure.quantity, 0);
}

/** Great-circle distance in metres; precise enough at 150 m. */
function distanceM([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]) {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.hypot(x, y) * 6_371_000;
}

describe('syntheticObservations', () => {
  it('draws exactly the same rows, ids included, for the same seed and end', () => {
    expect(draw(200, { seed: 42 })).toEqual(draw(200, { seed: 42 }));
  });

  it('draws other rows for another seed', () => {
    const ids = new Set(draw(50, { seed: 42 }).map((o) => o.id));
    expect(draw(50, { seed: 43 }).some((o) => ids.has(o.id))).toBe(false);
  });

  it('draws a longer run as an extension of a shorter one', () => {
    expect(draw(300).slice(0, 100)).toEqual(draw(100));
  });

  it('gives every row, parent or child, a distinct version-4 UUID', () => {
    const ids = draw(2000).flatMap((o) => [
      o.id,
      ...o.forces.map((f) => f.id),
      ...o.seizures.map((s) => s.id),
    ]);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('places about 80 % of the observations in the Calaisis', () => {
    const observations = draw(5000);
    const share = observations.filter((o) => o.territory === 'calaisis').length / 5000;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(0.85);
  });

  it('places most observations within 150 m of a reference site of their own territory', () => {
    const observations = draw(5000);
    const withSite = observations.filter((o) => o.siteId !== null);
    expect(withSite.length / observations.length).toBeGreaterThan(0.9);
    const misplaced = withSite.filter((o) => {
      const site = REFERENCE_SITES.find((candidate) => candidate.id === o.siteId);
      // INSEE codes: 62 is Pas-de-Calais (Calaisis), 59 is Nord (Dunkerquois).
      const department = o.territory === 'calaisis' ? '62' : '59';
      return (
        !site ||
        !site.expectedCommune.startsWith(department) ||
        distanceM([o.longitude, o.latitude], site.position) > 151
      );
    });
    expect(misplaced).toEqual([]);
  });

  it('gives Calais the most evictions among the sites', () => {
    const counts = new Map<string | null, number>();
    for (const o of draw(5000)) counts.set(o.siteId, (counts.get(o.siteId) ?? 0) + 1);
    const calais = REFERENCE_SITES.filter((site) => site.expectedCommune === '62193');
    const inCalais = calais.reduce((sum, site) => sum + (counts.get(site.id) ?? 0), 0);
    expect(inCalais / 5000).toBeGreaterThan(0.7);
  });

  it('seizes tents, tarps and bedding at about the 2021 rates, with many evictions seizing none', () => {
    // 2021: 10,121 tents and tarps and 3,751 sleeping bags and blankets over 1,287 evictions.
    const observations = draw(5000);
    const tentsAndTarps = observations.map((o) => quantity(o, 'tent', 'tarp'));
    const bedding = observations.map((o) => quantity(o, 'sleeping_bag', 'blanket'));
    expect(mean(tentsAndTarps)).toBeGreaterThan(6.5);
    expect(mean(tentsAndTarps)).toBeLessThan(9.5);
    expect(mean(bedding)).toBeGreaterThan(2.2);
    expect(mean(bedding)).toBeLessThan(3.7);
    expect(tentsAndTarps.filter((n) => n === 0).length / 5000).toBeGreaterThan(0.25);
    // Heavy tail: the largest operation seizes far more than the average one.
    expect(Math.max(...tentsAndTarps)).toBeGreaterThan(10 * mean(tentsAndTarps));
  });

  it('arrests about 0.16 people per eviction, as in 2021 (205 for 1,287)', () => {
    const arrests = mean(draw(5000).map((o) => o.arrests));
    expect(arrests).toBeGreaterThan(0.1);
    expect(arrests).toBeLessThan(0.23);
  });

  it('starts most observations on weekday mornings, Paris time', () => {
    // At the demo set's rhythm: much denser, the sites' mornings are full (one eviction per site
    // within four hours) and operations spill over to afternoons and weekends.
    const observations = draw(3000);
    const weekdayMornings = observations.filter((o) => {
      const local = new TZDate(o.startedAt.getTime(), TIME_ZONE);
      const minutes = local.getHours() * 60 + local.getMinutes();
      const weekday = local.getDay() >= 1 && local.getDay() <= 5;
      return weekday && minutes >= 6 * 60 + 30 && minutes <= 10 * 60 + 30;
    });
    expect(weekdayMornings.length / observations.length).toBeGreaterThan(0.75);
  });

  it('ends each observation after it starts and within 24 hours, and records it afterwards', () => {
    const wrong = draw(5000).filter((o) => {
      const duration = o.endedAt.getTime() - o.startedAt.getTime();
      return (
        duration <= 0 ||
        duration > 24 * HOUR_MS ||
        o.createdAt.getTime() <= o.endedAt.getTime() ||
        o.updatedAt.getTime() < o.createdAt.getTime()
      );
    });
    expect(wrong).toEqual([]);
  });

  it('keeps every observation inside the period before `end`', () => {
    const start = new Date(END);
    start.setUTCMonth(start.getUTCMonth() - 6);
    const outside = draw(2000, { months: 6 }).filter(
      (o) => o.startedAt.getTime() < start.getTime() || o.updatedAt.getTime() > END.getTime(),
    );
    expect(outside).toEqual([]);
  });

  it('keeps every count a non-negative integer and every code in the vocabularies', () => {
    const counts = (o: SyntheticObservation) => [
      o.peopleEvicted,
      o.minorsSeen,
      o.arrests,
      o.shelterBuses,
      o.peopleSheltered,
      o.locationAccuracyM,
      ...o.forces.flatMap((f) => [f.vehicles, f.officers]),
      ...o.seizures.map((s) => s.quantity),
    ];
    const invalid = draw(5000).filter(
      (o) =>
        counts(o).some((count) => count !== null && !(Number.isInteger(count) && count >= 0)) ||
        !OBSERVATION_KINDS.has(o.kind) ||
        !LEGAL_BASES.has(o.legalBasis) ||
        !REVIEW_STATUSES.has(o.status) ||
        !o.forces.every((f) => FORCE_UNITS.has(f.unit)) ||
        !o.seizures.every((s) => SEIZURE_ITEMS.has(s.item)) ||
        // A unit is listed once per observation.
        new Set(o.forces.map((f) => f.unit)).size !== o.forces.length,
    );
    expect(invalid).toEqual([]);
  });

  it('uses 1 to 3 force units (4 for large evictions), with 1 to 12 vehicles each', () => {
    const invalid = draw(5000).filter(
      (o) =>
        o.forces.length < 1 ||
        o.forces.length > (o.kind === 'large_eviction' ? 4 : 3) ||
        o.forces.some((f) => f.vehicles < 1 || f.vehicles > 12),
    );
    expect(invalid).toEqual([]);
  });

  it('mixes review statuses by default and validates everything when asked', () => {
    const mixed = draw(5000);
    const validatedShare = mixed.filter((o) => o.status === 'validated').length / 5000;
    expect(validatedShare).toBeGreaterThan(0.8);
    expect(validatedShare).toBeLessThan(0.9);
    expect(mixed.some((o) => o.status === 'draft')).toBe(true);
    expect(draw(500, { status: 'validated' }).every((o) => o.status === 'validated')).toBe(true);
  });

  it('says in every narrative that it is fictional', () => {
    for (const o of draw(500)) expect(o.description.endsWith(DEMO_NARRATIVE_MARK)).toBe(true);
  });

  describe('second reports (planted duplicates) and morning rounds', () => {
    const MINUTE_MS = 60_000;
    const observations = draw(3000);
    const byId = new Map(observations.map((o) => [o.id, o]));
    const seconds = observations.filter((o) => o.duplicateOf !== null);

    it('has a second team record a few per cent of the observations', () => {
      expect(seconds.length / observations.length).toBeGreaterThan(0.02);
      expect(seconds.length / observations.length).toBeLessThan(0.06);
      // Each second report follows its first one, which is a first report itself.
      for (const second of seconds) {
        const first = byId.get(second.duplicateOf as string);
        expect(first?.duplicateOf).toBeNull();
        expect(observations.indexOf(first as SyntheticObservation)).toBeLessThan(
          observations.indexOf(second),
        );
      }
    });

    it('draws each second report as the same operation seen by another team', () => {
      const far = seconds.filter((second) => {
        const first = byId.get(second.duplicateOf as string) as SyntheticObservation;
        const startGap = (second.startedAt.getTime() - first.startedAt.getTime()) / MINUTE_MS;
        const distance = distanceM([first.longitude, first.latitude], [second.longitude, second.latitude]);
        return (
          second.kind !== first.kind ||
          second.territory !== first.territory ||
          (second.siteId !== null && second.siteId !== first.siteId) ||
          startGap < -10 ||
          startGap > 40 ||
          distance > 81
        );
      });
      expect(far).toEqual([]);
      // Some second teams link no site: the rule must then go by the distance.
      const unlinked = seconds.filter(
        (second) => second.siteId === null && byId.get(second.duplicateOf!)?.siteId,
      );
      expect(unlinked.length).toBeGreaterThan(0);
      // Counts differ a little, as two teams' estimates do.
      const sameCounts = seconds.filter(
        (second) =>
          JSON.stringify(second.seizures.map((s) => s.quantity)) ===
            JSON.stringify(byId.get(second.duplicateOf!)!.seizures.map((s) => s.quantity)) &&
          second.peopleEvicted === byId.get(second.duplicateOf!)!.peopleEvicted,
      );
      expect(sameCounts.length).toBeLessThan(seconds.length / 2);
    });

    it('never clears one site twice within four hours at the demo rhythm, second reports aside', () => {
      const firsts = observations
        .filter((o) => o.duplicateOf === null && o.siteId !== null)
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
      const clashes: string[] = [];
      for (let i = 0; i < firsts.length; i++) {
        for (let j = i + 1; j < firsts.length; j++) {
          const gap = firsts[j]!.startedAt.getTime() - firsts[i]!.startedAt.getTime();
          if (gap >= 4 * HOUR_MS) break;
          if (firsts[j]!.siteId === firsts[i]!.siteId) clashes.push(`${firsts[i]!.id} ${firsts[j]!.id}`);
        }
      }
      expect(clashes).toEqual([]);
    });

    it('clears several sites in one morning round: same kind, different sites, minutes apart', () => {
      const firsts = observations
        .filter((o) => o.duplicateOf === null && o.siteId !== null && o.kind === 'eviction')
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
      let rounds = 0;
      for (let i = 1; i < firsts.length; i++) {
        const gap = firsts[i]!.startedAt.getTime() - firsts[i - 1]!.startedAt.getTime();
        if (gap <= 60 * MINUTE_MS && firsts[i]!.siteId !== firsts[i - 1]!.siteId) rounds += 1;
      }
      expect(rounds / observations.length).toBeGreaterThan(0.1);
    });
  });

  it('refuses a negative or fractional count', () => {
    expect(() => draw(-1)).toThrow(RangeError);
    expect(() => draw(1.5)).toThrow(RangeError);
  });
});

describe(drawOperation.name, () => {
  it('depends only on the generator state, the context and the schedule', () => {
    const context = createDrawContext({ end: END });
    const rng = createSyntheticRng(7);
    const copy = rng.clone();
    expect(drawOperation(rng, context, new SiteSchedule())).toEqual(
      drawOperation(copy, context, new SiteSchedule()),
    );
  });
});
