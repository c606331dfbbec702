import { TZDate } from '@date-fns/tz';

/** The time zone every period of the observatory is counted in (DESIGN §1.5). */
export const TIME_ZONE = 'Europe/Paris';

const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Years outside this range are typing mistakes, and year 10000 cannot be written back in ISO form. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * True for an ISO 8601 timestamp that states its offset and names a real instant.
 * A timestamp without offset is ambiguous (phone clock, server clock, Paris?), so it is refused.
 */
export function isIsoTimestampWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_WITH_OFFSET.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s = '0'] = match;
  if (Number(y) < MIN_YEAR || Number(y) > MAX_YEAR) return false;
  if (!isRealDate(Number(y), Number(mo), Number(d))) return false;
  return Number(h) < 24 && Number(mi) < 60 && Number(s) < 60 && !Number.isNaN(Date.parse(value));
}

/** True for a calendar date written `YYYY-MM-DD` that exists. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  return (
    match !== null &&
    Number(match[1]) >= MIN_YEAR &&
    Number(match[1]) <= MAX_YEAR &&
    isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))
  );
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The instant a Paris local day starts, e.g. `2025-03-30` → 2025-03-29T23:00:00.000Z. */
export function parisDayStart(localDate: string): Date {
  const match = LOCAL_DATE.exec(localDate);
  if (!match || !isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new RangeError(`Not a local date: ${localDate}`);
  }
  const tzDate = new TZDate(Number(match[1]), Number(match[2]) - 1, Number(match[3]), TIME_ZONE);
  return new Date(tzDate.getTime());
}

/** The instant the Paris local day after `localDate` starts: the exclusive end of that day. */
export function parisDayEnd(localDate: string): Date {
  const start = parisDayStart(localDate);
  const next = new TZDate(start.getTime(), TIME_ZONE);
  next.setDate(next.getDate() + 1);
  return parisDayStart(formatParisDate(new Date(next.getTime())));
}

/** The Paris local date (`YYYY-MM-DD`) of an instant. */
export function formatParisDate(instant: Date): string {
  const local = new TZDate(instant.getTime(), TIME_ZONE);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`;
}
