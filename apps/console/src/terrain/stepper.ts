/**
 * The +/− steppers of the field screen: counts typed with a thumb and gloves. A count starts as
 * "not known" (null), never 0: 0 is an observation (« aucun »), null is the lack of one.
 */
export interface CountBounds {
  min: number;
  max: number;
}

/** Counts the API accepts (non-negative integers); more than this is a typing slip on a phone. */
export const COUNT_BOUNDS: CountBounds = { min: 0, max: 9999 };

function clamp(value: number, { min, max }: CountBounds): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The count after one tap on + (delta > 0) or − (delta < 0). The first + on an unknown count
 * gives the smallest count above the minimum (one officer seen); − on an unknown count leaves it
 * unknown; the bounds are never crossed.
 */
export function stepCount(
  value: number | null,
  delta: number,
  bounds: CountBounds = COUNT_BOUNDS,
): number | null {
  if (value === null) return delta > 0 ? clamp(bounds.min + delta, bounds) : null;
  return clamp(Math.round(value) + delta, bounds);
}

/**
 * A count typed in the stepper's field: empty is "not known", digits are kept within the bounds,
 * anything else leaves the count as it was.
 */
export function parseCount(
  text: string,
  previous: number | null,
  bounds: CountBounds = COUNT_BOUNDS,
): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return previous;
  return clamp(Number(trimmed), bounds);
}
