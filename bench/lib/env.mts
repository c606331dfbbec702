import { loadavg } from 'node:os';
import { round } from './stats.mts';

/** A positive integer setting of the benchmarks (`BENCH_…`), or its default when unset. */
export function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** The machine's load average (1, 5, 15 min), rounded: every result says how busy it was. */
export const loadAverage = (): number[] => loadavg().map((value) => round(value));
