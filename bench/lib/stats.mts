/** Summary of a series of durations in milliseconds. */
export interface Stats {
  n: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/**
 * Percentile by linear interpolation between the closest ranks (R-7, what spreadsheets and NumPy
 * use by default): with 200 samples p95 lies between the 190th and 191st smallest.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty series');
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export function summarize(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    median: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    mean: round(sum / sorted.length),
    min: round(sorted[0] as number),
    max: round(sorted[sorted.length - 1] as number),
  };
}

/** Sums series element by element (page + count of the same iteration). */
export function addSeries(...series: readonly (readonly number[])[]): number[] {
  const length = Math.min(...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((total, s) => total + (s[i] as number), 0));
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
