import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/*
 * The seeded randomness behind the synthetic demo data. Every helper advances the generator it is
 * given and nothing else, so that one seed always yields the same rows: the order of the calls is part
 * of the output, and changing it changes every row drawn after.
 */

/** 2021 and its 1,287 evictions, the year the calibration comes from. */
export const DEFAULT_SYNTHETIC_SEED = 20211287;

/** xoroshiro128+, jumped once: its first outputs after a small seed are poorly mixed. */
export function createSyntheticRng(seed: number = DEFAULT_SYNTHETIC_SEED): RandomGenerator {
  const rng = xoroshiro128plus(seed);
  rng.jump();
  return rng;
}

export interface Weighted<T> {
  values: readonly T[];
  cumulative: readonly number[];
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  let total = 0;
  const cumulative = entries.map(([, weight]) => (total += weight));
  return { values: entries.map(([value]) => value), cumulative: cumulative.map((c) => c / total) };
}

/** `{ code: weight }`: keeps the calibration tables one line each. */
export function weightedCodes<C extends string>(weights: Readonly<Partial<Record<C, number>>>): Weighted<C> {
  return weighted(Object.entries(weights) as [C, number][]);
}

export function weightedCounts(weights: Readonly<Record<number, number>>): Weighted<number> {
  return weighted(Object.entries(weights).map(([count, weight]) => [Number(count), weight] as const));
}

export function pick<T>(rng: RandomGenerator, table: Weighted<T>): T {
  const x = uniformFloat64(rng);
  const index = table.cumulative.findIndex((bound) => x < bound);
  return table.values[index === -1 ? table.values.length - 1 : index];
}

export function pickOne<T>(rng: RandomGenerator, values: readonly T[]): T {
  return values[uniformInt(rng, 0, values.length - 1)];
}

export function chance(rng: RandomGenerator, probability: number): boolean {
  return uniformFloat64(rng) < probability;
}

/** Box–Muller: one standard normal value. */
export function normal(rng: RandomGenerator): number {
  const u1 = 1 - uniformFloat64(rng);
  const u2 = uniformFloat64(rng);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Log-normal counts: most values near the median, a long tail of large operations. */
export function logNormalInt(
  rng: RandomGenerator,
  median: number,
  sigma: number,
  min: number,
  max: number,
): number {
  const value = Math.round(median * Math.exp(sigma * normal(rng)));
  return Math.min(max, Math.max(min, value));
}

export function triangular(rng: RandomGenerator, min: number, mode: number, max: number): number {
  const u = uniformFloat64(rng);
  const split = (mode - min) / (max - min);
  const value =
    u < split
      ? min + Math.sqrt(u * (max - min) * (mode - min))
      : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  return Math.round(value);
}

/** `null` with the given probability: the field was not filled in on the ground. */
export function orUnknown<T>(rng: RandomGenerator, probability: number, value: () => T): T | null {
  return chance(rng, probability) ? null : value();
}

/** Two hex digits per byte: `Number#toString(16)` was the generator's main cost. */
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex16(value: number): string {
  return HEX_BYTES[(value >>> 8) & 0xff] + HEX_BYTES[value & 0xff];
}

/** A version-4 UUID from the PRNG, so that the same seed gives the same ids. */
export function drawUuid(rng: RandomGenerator): string {
  const a = rng.next();
  const b = rng.next();
  const c = rng.next();
  const d = rng.next();
  return (
    `${hex16(a >>> 16)}${hex16(a)}-${hex16(b >>> 16)}-${hex16((b & 0x0fff) | 0x4000)}-` +
    `${hex16(((c >>> 16) & 0x3fff) | 0x8000)}-${hex16(c)}${hex16(d >>> 16)}${hex16(d)}`
  );
}
