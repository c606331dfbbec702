import { performance } from 'node:perf_hooks';

/**
 * Where one report's time goes: milliseconds per stage (figures, charts, map, template, Chromium,
 * page count), for the worker's debug log and the benchmark. Stages that run side by side (the
 * figures' queries) are each timed on their own, so their sum may exceed the wall time. Only
 * durations: nothing of the report's content is kept.
 */
export class StageTimings {
  readonly ms: Record<string, number> = {};

  /** Adds the duration of `work` to `stage` (a stage met twice — two charts — adds up). */
  async time<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  timeSync<T>(stage: string, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  add(stage: string, ms: number): void {
    this.ms[stage] = (this.ms[stage] ?? 0) + ms;
  }

  /** `stage 12.3 ms, …`, in the order the stages first ended. */
  toString(): string {
    return Object.entries(this.ms)
      .map(([stage, ms]) => `${stage} ${ms.toFixed(1)} ms`)
      .join(', ');
  }
}

/** `timings.time(…)` when timings are kept, else just the work. */
export function timed<T>(
  timings: StageTimings | undefined,
  stage: string,
  work: () => Promise<T>,
): Promise<T> {
  return timings ? timings.time(stage, work) : work();
}
