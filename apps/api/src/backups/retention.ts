import { TZDate } from '@date-fns/tz';
import { format, startOfISOWeek, startOfMonth, subDays, subMonths, subWeeks } from 'date-fns';

/*
 * Which backups pruning keeps (issue 15): the newest always, then the newest backup of each of the
 * last `daily` days, `weekly` ISO weeks and `monthly` months counted back from now, in Paris time
 * like every period of the observatory. A backup kept for several reasons counts once.
 */

export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12 };

const TIME_ZONE = 'Europe/Paris';
const ID = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{6}$/;

/** The instant a backup id names (UTC), or undefined for a name that is not a backup id. */
export function backupTime(id: string): Date | undefined {
  const match = ID.exec(id);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const time = new Date(Date.UTC(year!, month! - 1, day!, hour!, minute!, second!));
  return Number.isNaN(time.getTime()) || time.getUTCDate() !== day ? undefined : time;
}

type PeriodKey = (time: TZDate) => string;

const dayKey: PeriodKey = (time) => format(time, 'yyyy-MM-dd');
const weekKey: PeriodKey = (time) => format(time, "RRRR-'W'II");
const monthKey: PeriodKey = (time) => format(time, 'yyyy-MM');

/** The keys of the `count` periods ending with the one holding `now`. */
function lastPeriods(count: number, key: PeriodKey, step: (n: number) => TZDate): Set<string> {
  const keys = new Set<string>();
  for (let n = 0; n < count; n += 1) keys.add(key(step(n)));
  return keys;
}

/**
 * The ids to keep among `ids`. Names that are not backup ids are kept: pruning never deletes what it
 * does not understand.
 */
export function backupsToKeep(ids: readonly string[], policy: RetentionPolicy, now: Date): Set<string> {
  const keep = new Set<string>();
  const dated: { id: string; time: TZDate }[] = [];
  for (const id of ids) {
    const time = backupTime(id);
    if (time === undefined) keep.add(id);
    else dated.push({ id, time: new TZDate(time, TIME_ZONE) });
  }
  dated.sort((a, b) => b.time.getTime() - a.time.getTime() || (a.id < b.id ? 1 : -1));
  if (dated[0] !== undefined) keep.add(dated[0].id);

  const today = new TZDate(now, TIME_ZONE);
  const rules: [PeriodKey, Set<string>][] = [
    [dayKey, lastPeriods(policy.daily, dayKey, (n) => subDays(today, n))],
    [weekKey, lastPeriods(policy.weekly, weekKey, (n) => subWeeks(startOfISOWeek(today), n))],
    [monthKey, lastPeriods(policy.monthly, monthKey, (n) => subMonths(startOfMonth(today), n))],
  ];
  for (const [key, periods] of rules) {
    const seen = new Set<string>();
    for (const { id, time } of dated) {
      const period = key(time);
      // Newest first: the first backup met in a wanted period is that period's newest.
      if (periods.has(period) && !seen.has(period)) {
        seen.add(period);
        keep.add(id);
      }
    }
  }
  return keep;
}

/**
 * The stored files the kept backups need: the union of the hashes their manifests list. Pruning
 * deletes a file only when no kept backup lists it.
 */
export function filesToKeep(manifests: Iterable<{ files: readonly { sha256: string }[] }>): Set<string> {
  const keep = new Set<string>();
  for (const manifest of manifests) {
    for (const file of manifest.files) keep.add(file.sha256);
  }
  return keep;
}
