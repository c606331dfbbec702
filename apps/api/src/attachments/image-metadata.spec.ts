import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BYTES, FIXTURES } from '../../../../test/support/attachments';
import { exifCapturedAt, exifLocation, readCaptureMetadata } from './image-metadata';

describe(exifCapturedAt.name, () => {
  it('uses OffsetTimeOriginal when present', () => {
    expect(exifCapturedAt('2025:03:04 07:30:00', '+01:00')?.toISOString()).toBe('2025-03-04T06:30:00.000Z');
    expect(exifCapturedAt('2025:03:04 07:30:00', '-05:30')?.toISOString()).toBe('2025-03-04T13:00:00.000Z');
  });

  it('reads a time without offset as Paris local time, DST included', () => {
    expect(exifCapturedAt('2025:01:15 12:00:00', undefined)?.toISOString()).toBe('2025-01-15T11:00:00.000Z');
    expect(exifCapturedAt('2025:07:15 12:00:00', undefined)?.toISOString()).toBe('2025-07-15T10:00:00.000Z');
    // 23:30 on 31 March in Paris is still March (DESIGN §1.5).
    expect(exifCapturedAt('2025:03:31 23:30:00', 'garbage')?.toISOString()).toBe('2025-03-31T21:30:00.000Z');
  });

  it('ignores what is not a real date', () => {
    expect(exifCapturedAt('0000:00:00 00:00:00', undefined)).toBeNull();
    expect(exifCapturedAt('2025:02:30 10:00:00', undefined)).toBeNull();
    expect(exifCapturedAt('2025:03:04 25:00:00', undefined)).toBeNull();
    expect(exifCapturedAt(20250304, undefined)).toBeNull();
  });
});

describe(exifLocation.name, () => {
  it('gives [longitude, latitude], and nothing for 0,0 or out-of-range values', () => {
    expect(exifLocation(50.95, 1.85)).toEqual([1.85, 50.95]);
    expect(exifLocation(0, 0)).toBeNull();
    expect(exifLocation(95, 1)).toBeNull();
    expect(exifLocation('50', 1)).toBeNull();
  });
});

describe(readCaptureMetadata.name, () => {
  const directory = mkdtempSync(join(tmpdir(), 'vigie-exif-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads the capture time and GPS position of a real photo', async () => {
    const metadata = await readCaptureMetadata(join(FIXTURES, 'exif-calais.jpg'));
    expect(metadata.capturedAt).toBeInstanceOf(Date);
    expect(metadata.location).not.toBeNull();
  });

  it('gives up on a file that sends exifr into an endless loop, without blocking the process', async () => {
    const path = join(directory, 'looping.heic');
    writeFileSync(path, BYTES.loopingHeic());
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 50);
    const started = performance.now();
    try {
      expect(await readCaptureMetadata(path, 1_000)).toEqual({ capturedAt: null, location: null });
    } finally {
      clearInterval(ticker);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    // The event loop kept turning while the worker was stuck.
    expect(ticks).toBeGreaterThan(5);
  });
});
