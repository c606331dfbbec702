import { tzOffset } from '@date-fns/tz';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { TIME_ZONE, formatParisDate, type ObservationKind } from '@vigie/domain';
import { chance, logNormalInt, pickOne, triangular } from './random';
import {
  DURATION_MINUTES,
  MORNING_FROM,
  MORNING_MODE,
  MORNING_SHARE,
  MORNING_TO,
  OTHER_FROM,
  OTHER_TO,
  WEEKEND_ACCEPTANCE,
} from './tables';

/*
 * When synthetic observations happen: the period they fall in, as Paris local days, and the draw of
 * one observation's times within it. Apart from the rest of the draw because it is the only part that
 * knows about time zones.
 */

export const DEFAULT_SYNTHETIC_MONTHS = 24;

export const MINUTE_MS = 60_000;

/** The options that fix the period; the rest of `SyntheticOptions` only matters to the generator. */
export interface PeriodOptions {
  /** End of the period; default now. Fix it to get the same rows twice. */
  end?: Date;
  /** Length of the period before `end`, in months; default 24. */
  months?: number;
  /** `mixed` (default): ~85 % validated, ~10 % submitted, ~5 % draft. */
  status?: 'validated' | 'mixed';
}

/** One Paris local day of the period, precomputed so that a draw needs no time-zone lookup. */
interface PeriodDay {
  utcMidnightMs: number;
  /** Paris offset at 11:00 UTC: right for every start time the generator draws (after 05:00). */
  offsetMs: number;
  weekend: boolean;
}

export interface DrawContext {
  startMs: number;
  endMs: number;
  days: readonly PeriodDay[];
  status: 'validated' | 'mixed';
}

/** The period `[end − months, end]` as Paris local days. */
export function createDrawContext(options: PeriodOptions = {}): DrawContext {
  const end = options.end ?? new Date();
  const months = options.months ?? DEFAULT_SYNTHETIC_MONTHS;
  if (Number.isNaN(end.getTime())) throw new RangeError('end must be a valid date');
  if (!Number.isInteger(months) || months <= 0) throw new RangeError('months must be a positive integer');
  const start = new Date(end.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);

  const [year, month, day] = formatParisDate(start).split('-').map(Number) as [number, number, number];
  const lastDay = formatParisDate(end);
  const days: PeriodDay[] = [];
  for (let i = 0; ; i++) {
    const utcMidnightMs = Date.UTC(year, month - 1, day + i);
    const localDate = new Date(utcMidnightMs);
    days.push({
      utcMidnightMs,
      offsetMs: tzOffset(TIME_ZONE, new Date(utcMidnightMs + 11 * 60 * MINUTE_MS)) * MINUTE_MS,
      weekend: localDate.getUTCDay() === 0 || localDate.getUTCDay() === 6,
    });
    if (localDate.toISOString().slice(0, 10) === lastDay) break;
  }
  return {
    startMs: start.getTime(),
    endMs: end.getTime(),
    days,
    status: options.status ?? 'mixed',
  };
}

export interface DrawnTimes {
  startedAt: Date;
  endedAt: Date;
  createdAt: Date;
  startMinuteOfDay: number;
}

/**
 * The end of an operation that starts at `startMs` (minute `startMinuteOfDay`, Paris time) and when
 * it was recorded; null when the operation or its recording would fall outside the period.
 */
export function timesFrom(
  rng: RandomGenerator,
  context: DrawContext,
  kind: ObservationKind,
  startMs: number,
  startMinuteOfDay: number,
): DrawnTimes | null {
  const duration = DURATION_MINUTES[kind];
  const endMs = startMs + logNormalInt(rng, duration.median, duration.sigma, duration.min, 180) * MINUTE_MS;
  const createdMs = endMs + logNormalInt(rng, 60, 0.8, 10, 360) * MINUTE_MS + uniformInt(rng, 0, 59) * 1000;
  if (startMs < context.startMs || createdMs > context.endMs) return null;
  return {
    startedAt: new Date(startMs),
    endedAt: new Date(endMs),
    createdAt: new Date(createdMs),
    startMinuteOfDay,
  };
}

export function drawTimes(rng: RandomGenerator, context: DrawContext, kind: ObservationKind): DrawnTimes {
  // Rejection keeps the whole operation, and its recording, inside the period.
  for (;;) {
    const day = pickOne(rng, context.days);
    if (day.weekend && !chance(rng, WEEKEND_ACCEPTANCE)) continue;
    const minuteOfDay = chance(rng, MORNING_SHARE)
      ? triangular(rng, MORNING_FROM, MORNING_MODE, MORNING_TO)
      : uniformInt(rng, OTHER_FROM, OTHER_TO);
    const startMs = day.utcMidnightMs + minuteOfDay * MINUTE_MS - day.offsetMs;
    const times = timesFrom(rng, context, kind, startMs, minuteOfDay);
    if (times) return times;
  }
}
