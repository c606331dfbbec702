import { describe, expect, it } from 'vitest';
import {
  BROWSER_DOWNLOAD_FROM_BYTES,
  defaultPeriod,
  downloadMode,
  type ExportOptions,
  exportParams,
  formatBytes,
} from './exportOptions';

const OPTIONS: ExportOptions = {
  file: 'observations.csv',
  from: '2025-01-01',
  to: '2025-12-31',
  level: 'research',
  area: '',
  communeCode: '',
  semicolon: false,
};

describe('defaultPeriod', () => {
  it('is the last full year before the embargo', () => {
    expect(defaultPeriod('2026-12-06', '2026-11-07')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('goes a year further back when the embargo reaches into the previous year', () => {
    expect(defaultPeriod('2027-01-05', '2026-12-07')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('is the previous year while the embargo is not known', () => {
    expect(defaultPeriod('2027-01-05', null)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
});

describe('exportParams', () => {
  it('sends only the options set', () => {
    expect(exportParams(OPTIONS)).toEqual({ from: '2025-01-01', to: '2025-12-31', level: 'research' });
    expect(exportParams({ ...OPTIONS, area: 'calaisis', communeCode: '62193', semicolon: true })).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
      level: 'research',
      area: 'calaisis',
      communeCode: '62193',
      sep: 'semicolon',
    });
  });

  it('leaves the separator out of the files that are not CSV', () => {
    expect(exportParams({ ...OPTIONS, file: 'observations.xlsx', semicolon: true })).not.toHaveProperty(
      'sep',
    );
  });
});

describe('formatBytes', () => {
  it('reads as people read sizes, in each language', () => {
    expect(formatBytes(850, 'fr')).toBe('850 o');
    expect(formatBytes(12_400, 'en')).toBe('12 kB');
    expect(formatBytes(3_400_000, 'fr')).toBe('3,4 Mo');
    expect(formatBytes(3_400_000, 'en')).toBe('3.4 MB');
  });
});

describe('downloadMode', () => {
  it('lets the page read a small file, and the browser save a large one straight to disk', () => {
    expect(downloadMode(0)).toBe('page');
    expect(downloadMode(BROWSER_DOWNLOAD_FROM_BYTES - 1)).toBe('page');
    expect(downloadMode(BROWSER_DOWNLOAD_FROM_BYTES)).toBe('browser');
    expect(downloadMode(780 * 2 ** 20)).toBe('browser');
  });
});
