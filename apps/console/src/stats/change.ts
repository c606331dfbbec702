/** The change of a figure from the previous period, as the dashboard prints it. */
export interface Change {
  direction: 'up' | 'down' | 'same';
  /**
   * Relative change in percent, rounded to a whole number; null when the previous figure was 0
   * and this one is not (no percentage of nothing: the console says "new" instead).
   */
  percent: number | null;
  /** Absolute difference. */
  delta: number;
}

export function changeOf(current: number, previous: number): Change {
  const delta = current - previous;
  const direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'same';
  if (previous === 0) return { direction, percent: delta === 0 ? 0 : null, delta };
  return { direction, percent: Math.round((delta / Math.abs(previous)) * 100), delta };
}

/**
 * The change of a share in percentage points (40 % → 50 % is +10 points, not +25 %); null when
 * either share is unknown (nothing known in that period).
 */
export function pointChange(current: number | null, previous: number | null): Change | null {
  if (current === null || previous === null) return null;
  const delta = Math.round((current - previous) * 1000) / 10;
  return { direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same', percent: null, delta };
}

const ARROWS = { up: '↑', down: '↓', same: '=' } as const;

/** `↑ 25 %`, `↓ 100 %`, `= 0 %`, `↑ new` / `↑ nouveau`; `↑ 10 pts` for shares. */
export function formatChange(
  change: Change,
  lang: string,
  words: { new: string; points: string },
  unit: 'percent' | 'points' = 'percent',
): string {
  const arrow = ARROWS[change.direction];
  const number = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  if (unit === 'points') return `${arrow} ${number.format(Math.abs(change.delta))} ${words.points}`;
  if (change.percent === null) return `${arrow} ${words.new}`;
  return `${arrow} ${number.format(Math.abs(change.percent))}${lang === 'en' ? '' : '\u202f'}%`;
}
