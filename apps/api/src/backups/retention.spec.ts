import { describe, expect, it } from 'vitest';
import { backupsToKeep, backupTime, DEFAULT_RETENTION, filesToKeep } from './retention';

/** The id of a backup taken at an ISO instant (UTC). */
const idAt = (iso: string, suffix = 'a1b2c3'): string =>
  `${iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-${suffix}`;

/** One backup a day at 01:30 UTC (02:30 or 03:30 in Paris), from `first` to `last` inclusive. */
function dailyIds(first: string, last: string): string[] {
  const ids: string[] = [];
  for (let day = new Date(`${first}T01:30:00Z`); day <= new Date(`${last}T01:30:00Z`);) {
    ids.push(idAt(day.toISOString()));
    day = new Date(day.getTime() + 86_400_000);
  }
  return ids;
}

const days = (...dates: string[]) => dates.map((date) => idAt(`${date}T01:30:00.000Z`));

describe('backupTime', () => {
  it('reads the UTC instant of an id and refuses other names', () => {
    expect(backupTime('20250312T013000Z-a1b2c3')?.toISOString()).toBe('2025-03-12T01:30:00.000Z');
    expect(backupTime('20250230T013000Z-a1b2c3')).toBeUndefined();
    expect(backupTime('20250312T013000Z')).toBeUndefined();
    expect(backupTime('notes.txt')).toBeUndefined();
  });
});

describe('backupsToKeep', () => {
  it('keeps 7 daily, 4 weekly and 12 monthly of a year of daily backups (checked by hand)', () => {
    const ids = dailyIds('2024-03-13', '2025-03-12');
    expect(ids).toHaveLength(365);
    // Wednesday 12 March 2025.
    const kept = backupsToKeep(ids, DEFAULT_RETENTION, new Date('2025-03-12T12:00:00Z'));
    const expected = [
      // The last 7 days.
      ...days('2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10', '2025-03-11'),
      ...days('2025-03-12'),
      // ISO weeks 11 (newest 12 March) and 10 (Sunday 9 March) are among the days; weeks 9 and 8:
      ...days('2025-03-02', '2025-02-23'),
      // March 2025 is among the days; then the last day of the 11 months before it.
      ...days('2025-02-28', '2025-01-31', '2024-12-31', '2024-11-30', '2024-10-31', '2024-09-30'),
      ...days('2024-08-31', '2024-07-31', '2024-06-30', '2024-05-31', '2024-04-30'),
    ];
    expect([...kept].sort()).toEqual(expected.sort());
    expect(kept.size).toBe(7 + 2 + 11);
  });

  it('counts days and months in Paris time', () => {
    // 23:30 in Paris on 31 March, then 00:30 on 1 April (summer time, UTC+2).
    const march = idAt('2025-03-31T21:30:00.000Z');
    const april = idAt('2025-03-31T22:30:00.000Z');
    const now = new Date('2025-04-01T10:00:00Z');
    expect(backupsToKeep([march, april], { daily: 0, weekly: 0, monthly: 2 }, now)).toEqual(
      new Set([march, april]),
    );
    expect(backupsToKeep([march, april], { daily: 2, weekly: 0, monthly: 0 }, now)).toEqual(
      new Set([march, april]),
    );
    // Both fall in ISO week 14 of 2025 (Monday 31 March – Sunday 6 April): the newest only.
    expect(backupsToKeep([march, april], { daily: 0, weekly: 1, monthly: 0 }, now)).toEqual(new Set([april]));
  });

  it('keeps the newest of each day, not every backup of it', () => {
    const morning = idAt('2025-03-12T06:00:00.000Z');
    const evening = idAt('2025-03-12T18:00:00.000Z');
    const yesterday = idAt('2025-03-11T18:00:00.000Z', 'ffffff');
    const kept = backupsToKeep(
      [evening, morning, yesterday],
      { daily: 7, weekly: 0, monthly: 0 },
      new Date('2025-03-12T20:00:00Z'),
    );
    expect(kept).toEqual(new Set([evening, yesterday]));
  });

  it('always keeps the newest backup, even older than every period', () => {
    const old = days('2020-01-01', '2020-01-02');
    const kept = backupsToKeep(old, DEFAULT_RETENTION, new Date('2025-03-12T12:00:00Z'));
    expect(kept).toEqual(new Set([old[1]]));
    expect(backupsToKeep(old, { daily: 0, weekly: 0, monthly: 0 }, new Date('2020-01-02T12:00:00Z'))).toEqual(
      new Set([old[1]]),
    );
    expect(backupsToKeep([], DEFAULT_RETENTION, new Date())).toEqual(new Set());
  });

  it('keeps what is not a backup id rather than delete it', () => {
    const now = new Date('2025-03-12T12:00:00Z');
    const kept = backupsToKeep(['lost+found', ...days('2020-01-01')], DEFAULT_RETENTION, now);
    expect(kept.has('lost+found')).toBe(true);
  });
});

describe('filesToKeep', () => {
  it('is the union of the files the kept manifests list', () => {
    const a = '1'.repeat(64);
    const b = '2'.repeat(64);
    const c = '3'.repeat(64);
    const kept = filesToKeep([
      { files: [{ sha256: a }, { sha256: b }] },
      { files: [{ sha256: b }, { sha256: c }] },
      { files: [] },
    ]);
    expect(kept).toEqual(new Set([a, b, c]));
    expect(filesToKeep([])).toEqual(new Set());
  });
});
