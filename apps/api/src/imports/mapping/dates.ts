import { tz, tzOffset } from '@date-fns/tz';
import { format as formatDate, isValid, parse } from 'date-fns';
import type { Read } from './cell-values';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}
export interface LocalTime {
  hour: number;
  minute: number;
  second: number;
  /** A time written with its offset (KoboToolbox `time` questions: "07:30:00.000+01:00"). */
  offset?: string;
}

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(message: string): Read<T> => ({ ok: false, message });
const quote = (raw: string) => JSON.stringify(raw);
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

// Shapes recognised without a date format, the parser's own XLSX output (`YYYY-MM-DDTHH:mm:ss`) first.
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DAY_FIRST =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:(?:\s+(?:à\s+)?|T)(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2})\s*[:hH]\s*(\d{2})?(?:\s*[:m]\s*(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

interface Reading {
  date: LocalDate;
  time?: LocalTime;
  /** The cell stated an instant (offset or Z): kept as written, apart from its form. */
  instant?: string;
}

function realDate(date: LocalDate): boolean {
  const check = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return (
    check.getUTCFullYear() === date.year &&
    check.getUTCMonth() === date.month - 1 &&
    check.getUTCDate() === date.day
  );
}

function realTime(time: LocalTime): boolean {
  return time.hour < 24 && time.minute < 60 && time.second < 60;
}

function normalOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

const twoDigitYear = (year: string) => (year.length === 2 ? 2000 + Number(year) : Number(year));

/** Recognised shapes: ISO (with or without offset), dd/MM/yyyy[ HH:mm[:ss]], yyyy-MM-dd[ HH:mm]. */
function readAuto(raw: string): Reading | undefined {
  let match = ISO.exec(raw);
  if (match) {
    const [, y, mo, d, h, mi, s, fraction, offset] = match;
    const date = { year: Number(y), month: Number(mo), day: Number(d) };
    if (h === undefined) return { date };
    const time = { hour: Number(h), minute: Number(mi), second: Number(s ?? 0) };
    if (!offset) return { date, time };
    const instant =
      `${y}-${pad(date.month)}-${pad(date.day)}T${pad(time.hour)}:${mi}:${s ?? '00'}` +
      `${fraction ?? ''}${normalOffset(offset)}`;
    return { date, time, instant };
  }
  match = DAY_FIRST.exec(raw);
  if (match) {
    const [, d, mo, y, h, mi, s] = match;
    const date = { year: twoDigitYear(y!), month: Number(mo), day: Number(d) };
    if (h === undefined) return { date };
    return { date, time: { hour: Number(h), minute: Number(mi ?? 0), second: Number(s ?? 0) } };
  }
  return undefined;
}

/** Whether a date-fns pattern reads a time of day (letters inside quotes are literal text). */
function patternHasTime(pattern: string): boolean {
  return /[HhKkm]/.test(pattern.replace(/'[^']*'/g, ''));
}

/** A date-fns pattern reads a full date: day, month and year. */
export function dateFormatError(pattern: string): string | undefined {
  const letters = pattern.replace(/'[^']*'/g, '');
  if (!/y/.test(letters) || !/[ML]/.test(letters) || !/d/.test(letters)) {
    return 'must name a day, a month and a year, e.g. dd/MM/yyyy HH:mm';
  }
  try {
    const sample = new Date(2021, 2, 14, 7, 30, 5);
    if (!isValid(parse(formatDate(sample, pattern), pattern, sample))) return 'is not a date-fns pattern';
  } catch {
    return 'is not a date-fns pattern';
  }
  return undefined;
}

const UTC_CONTEXT = tz('UTC');
const TWO_HOURS = 2 * 3_600_000;

/**
 * date-fns `parse` into a plain Date reads in the process's own zone, fast; near one of that zone's
 * clock changes a wall-clock time may not exist there, so it is read again in UTC (slower, exact).
 */
function readWithPattern(raw: string, pattern: string): Reading | undefined {
  const reference = new Date(2000, 0, 1);
  let parsed: Date = parse(raw, pattern, reference);
  if (!isValid(parsed)) return undefined;
  if (parsed.getTimezoneOffset() !== new Date(parsed.getTime() - TWO_HOURS).getTimezoneOffset()) {
    parsed = parse(raw, pattern, reference, { in: UTC_CONTEXT });
  }
  const date = { year: parsed.getFullYear(), month: parsed.getMonth() + 1, day: parsed.getDate() };
  if (!patternHasTime(pattern)) return { date };
  return {
    date,
    time: { hour: parsed.getHours(), minute: parsed.getMinutes(), second: parsed.getSeconds() },
  };
}

/**
 * Reads the date and time cells of one file: its date-fns pattern (null: recognised shapes) and its
 * time zone. Cells already in ISO form (the XLSX reader's output, KoboToolbox) are always accepted.
 */
export class DateReader {
  // Files repeat their dates (one per day, many rows each) and times: each distinct cell is read once.
  private readonly dates = new Map<string, Read<LocalDate>>();
  private readonly times = new Map<string, Read<LocalTime>>();
  private readonly offsets = new Map<number, number>();

  constructor(
    private readonly timezone: string,
    private readonly pattern: string | null,
  ) {}

  private read(raw: string): Reading | undefined {
    const iso = ISO.exec(raw) ? readAuto(raw) : undefined;
    if (iso) return iso;
    return this.pattern === null ? readAuto(raw) : readWithPattern(raw, this.pattern);
  }

  private invalid(raw: string): string {
    return `${quote(raw)} is not a valid date${this.pattern === null ? '' : ` (expected ${this.pattern})`}`;
  }

  /** The wall-clock date and time as written (an end time is read against them). */
  localParts(raw: string): { date: LocalDate; time?: LocalTime } | undefined {
    return this.read(raw);
  }

  /** A cell holding a date and a time → ISO 8601 with offset. */
  dateTime(raw: string): Read<string> {
    const reading = this.read(raw);
    if (!reading || !realDate(reading.date) || (reading.time && !realTime(reading.time))) {
      return fail(this.invalid(raw));
    }
    if (reading.instant) return ok(reading.instant);
    if (!reading.time) return fail(`${quote(raw)} has a date but no time of day`);
    return this.combine(reading.date, reading.time, raw);
  }

  /** A cell holding a date (a time of day in it, as XLSX writes dates, is left out). */
  date(raw: string): Read<LocalDate> {
    return remember(this.dates, raw, () => {
      const reading = this.read(raw);
      return reading && realDate(reading.date) ? ok(reading.date) : fail(this.invalid(raw));
    });
  }

  /** A cell holding a time of day: 7:30, 07h30, 7h, 07:30:00, or a date-and-time (its time is taken). */
  time(raw: string): Read<LocalTime> {
    return remember(this.times, raw, () => this.readTime(raw));
  }

  private readTime(raw: string): Read<LocalTime> {
    const match = TIME.exec(raw);
    let time: LocalTime | undefined;
    if (match) {
      const [, h, mi, s, offset] = match;
      time = { hour: Number(h), minute: Number(mi ?? 0), second: Number(s ?? 0) };
      if (offset) time.offset = normalOffset(offset);
    } else {
      time = readAuto(raw)?.time;
    }
    return time && realTime(time) ? ok(time) : fail(`${quote(raw)} is not a valid time of day`);
  }

  /** Local date and time in the file's zone → ISO 8601 with offset; a time a clock change skips is an error. */
  combine(date: LocalDate, time: LocalTime, raw: string): Read<string> {
    const local =
      `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}` +
      `T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
    if (time.offset) return ok(`${local}${time.offset}`);
    const wallClock = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second);
    let offset = this.offsetAt(wallClock);
    const second = this.offsetAt(wallClock - offset * 60_000);
    if (second !== offset) offset = second;
    // In a skipped hour no offset gives back the wall clock: 02:30 on a spring-forward night.
    if (this.offsetAt(wallClock - offset * 60_000) !== offset) {
      return fail(`${quote(raw)} does not exist in ${this.timezone} (the clocks skip that hour)`);
    }
    const sign = offset < 0 ? '-' : '+';
    const minutes = Math.abs(offset);
    return ok(`${local}${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`);
  }

  /** The zone's offset at an instant, kept per quarter hour: offsets change on quarter hours only. */
  private offsetAt(instant: number): number {
    const slot = Math.floor(instant / QUARTER_HOUR);
    let offset = this.offsets.get(slot);
    if (offset === undefined) {
      offset = tzOffset(this.timezone, new Date(instant));
      if (this.offsets.size > 100_000) this.offsets.clear();
      this.offsets.set(slot, offset);
    }
    return offset;
  }
}

const QUARTER_HOUR = 15 * 60_000;

function remember<T>(cache: Map<string, T>, key: string, read: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = read();
    if (cache.size > 10_000) cache.clear();
    cache.set(key, value);
  }
  return value;
}
