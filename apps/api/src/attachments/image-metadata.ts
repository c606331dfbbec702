import { TZDate } from '@date-fns/tz';
import { TIME_ZONE } from '@vigie/domain';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../../../../db/project-root';

/** What an image's EXIF says about when and where it was taken. */
export interface CaptureMetadata {
  capturedAt: Date | null;
  /** [longitude, latitude] */
  location: [number, number] | null;
}

const NONE: CaptureMetadata = { capturedAt: null, location: null };
const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * The instant of `DateTimeOriginal`. With `OffsetTimeOriginal` the offset says it all; without it
 * the camera clock is taken as Paris local time (the territory's time, DESIGN §1.5).
 */
export function exifCapturedAt(dateTime: unknown, offset: unknown): Date | null {
  if (typeof dateTime !== 'string') return null;
  const match = EXIF_DATE.exec(dateTime.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const offsetMatch = typeof offset === 'string' ? OFFSET.exec(offset.trim()) : null;
  if (offsetMatch) {
    const [, sign, offsetHours, offsetMinutes] = offsetMatch;
    const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 * (sign === '-' ? -1 : 1);
    return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offsetMs);
  }
  return new Date(new TZDate(year, month - 1, day, hour, minute, second, TIME_ZONE).getTime());
}

/** A GPS position from EXIF; 0,0 is what some cameras write without a fix, so it means none. */
export function exifLocation(latitude: unknown, longitude: unknown): [number, number] | null {
  if (typeof latitude !== 'number' || typeof longitude !== 'number') return null;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  if (latitude === 0 && longitude === 0) return null;
  return [longitude, latitude];
}

/** exifr's options: the capture time and position only. */
const EXIFR_OPTIONS = {
  tiff: true,
  exif: true,
  gps: true,
  ifd1: false,
  interop: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  reviveValues: false,
  translateValues: false,
  mergeOutput: true,
};

/** Longest a metadata read may take before the file is taken as having none. */
const EXIF_TIMEOUT_MS = 5_000;

/**
 * Runs exifr in a worker thread. exifr loops forever on some malformed files (an ISO-BMFF box of
 * size 0 after the `ftyp` of a HEIC, 40 bytes in all): on the main thread one such upload would
 * freeze the whole API. In a worker, the read is abandoned after EXIF_TIMEOUT_MS.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = require(workerData.exifrPath);
const exifr = loaded.default ?? loaded;
exifr.parse(workerData.path, workerData.options).then(
  (output) => parentPort.postMessage({ output: output ?? null }),
  () => parentPort.postMessage({ output: null }),
);
`;

let resolvedExifr: string | null = null;

/** Where exifr's entry file is, for the worker's `require` (resolved once per process). */
function exifrPath(): string {
  resolvedExifr ??= createRequire(join(projectRoot(), 'package.json')).resolve('exifr');
  return resolvedExifr;
}

function parseInWorker(path: string, timeoutMs: number): Promise<Record<string, unknown> | null> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, options: EXIFR_OPTIONS, exifrPath: exifrPath() },
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    let settled = false;
    const finish = (output: Record<string, unknown> | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(output);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    worker.once('message', (message: { output: Record<string, unknown> | null }) => finish(message.output));
    worker.once('error', () => finish(null));
    worker.once('exit', () => finish(null));
  });
}

/**
 * Reads the capture time and position of an image file (read in chunks, not loaded whole, in a
 * worker thread with a time limit). A file without EXIF, with EXIF exifr cannot read, or whose
 * reading does not end in time, simply has no metadata.
 */
export async function readCaptureMetadata(
  path: string,
  timeoutMs: number = EXIF_TIMEOUT_MS,
): Promise<CaptureMetadata> {
  const output = await parseInWorker(path, timeoutMs);
  if (!output) return NONE;
  return {
    capturedAt: exifCapturedAt(output.DateTimeOriginal, output.OffsetTimeOriginal),
    location: exifLocation(output.latitude, output.longitude),
  };
}
