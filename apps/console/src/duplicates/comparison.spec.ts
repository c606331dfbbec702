import type { ObservationRecord } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import {
  comparisonRows,
  formatDistance,
  formatPoint,
  formatTimeGap,
  hasPossibleDuplicates,
  sortCandidates,
  type ComparisonFormat,
  type DuplicateCandidate,
} from './comparison';

function observation(overrides: Partial<ObservationRecord> = {}): ObservationRecord {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    createdAt: '2025-04-02T07:00:00Z',
    updatedAt: '2025-04-02T07:00:00Z',
    createdBy: 'aaaaaaaa-0000-4000-8000-000000000001',
    updatedBy: null,
    version: 1,
    deletedAt: null,
    kind: 'eviction',
    startedAt: '2025-04-02T08:00:00+02:00',
    endedAt: null,
    location: { type: 'Point', coordinates: [1.8587, 50.9513] },
    locationAccuracyM: null,
    siteId: null,
    communeCode: '62193',
    area: 'calaisis',
    forces: [{ unit: 'crs', vehicles: 4, officers: null, identifiers: null }],
    seizures: [],
    peopleEvicted: 40,
    minorsSeen: null,
    arrests: 0,
    legalBasis: null,
    legalBasisDetails: null,
    interpretersPresent: null,
    bailiffPresent: null,
    contractorPresent: null,
    contractorName: null,
    shelterOffered: null,
    shelterBuses: null,
    peopleSheltered: null,
    observationObstructed: null,
    countsReliable: true,
    description: 'Tentes emportées',
    status: 'draft',
    reviewComment: null,
    ...overrides,
  } as ObservationRecord;
}

const format: ComparisonFormat = {
  translate: (key) => `<${key}>`,
  lang: 'fr',
  communeName: (code) => (code === '62193' ? 'Calais' : undefined),
  authorName: (id) => (id.endsWith('1') ? 'Awa' : undefined),
};

const row = (rows: ReturnType<typeof comparisonRows>, field: string) =>
  rows.find((item) => item.field === field)!;

describe('comparisonRows', () => {
  it('marks as different only the facts that differ, whatever their writing', () => {
    const left = observation();
    const right = observation({
      id: '22222222-2222-4222-8222-222222222222',
      // The same instant, written in UTC.
      startedAt: '2025-04-02T06:00:00.000Z',
      forces: [{ unit: 'crs', vehicles: 4, officers: null, identifiers: null }],
      peopleEvicted: 55,
      description: 'Tentes emportées ',
      createdBy: 'bbbbbbbb-0000-4000-8000-000000000002',
    });
    const rows = comparisonRows(left, right, format);
    const differing = rows.filter((item) => item.differs).map((item) => item.field);
    expect(differing).toEqual(['peopleEvicted', 'createdBy']);
    expect(row(rows, 'startedAt')).toMatchObject({ left: '02/04/2025 08:00', right: '02/04/2025 08:00' });
    expect(row(rows, 'peopleEvicted')).toMatchObject({ left: '40', right: '55' });
    expect(row(rows, 'createdBy')).toMatchObject({ left: 'Awa', right: 'bbbbbbbb' });
  });

  it('compares child rows in any order and shows them one per line', () => {
    const seizures = [
      { item: 'tent', quantity: 12, destroyed: true },
      { item: 'sleeping_bag', quantity: 3, destroyed: false },
    ] as ObservationRecord['seizures'];
    const rows = comparisonRows(
      observation({ seizures }),
      observation({ seizures: [...seizures].reverse() }),
      format,
    );
    expect(row(rows, 'seizures').differs).toBe(false);
    expect(row(rows, 'seizures').left).toBe(
      '<vocab.seizureItem.tent> : 12 (<resources.observations.fields.seizures.destroyed>)\n<vocab.seizureItem.sleeping_bag> : 3',
    );
  });

  it('names the commune, labels the fields, and shows a dash for what is missing', () => {
    const rows = comparisonRows(observation(), observation({ communeCode: null, endedAt: null }), format);
    expect(row(rows, 'communeCode')).toMatchObject({ left: 'Calais', right: '—', differs: true });
    expect(row(rows, 'endedAt')).toMatchObject({ left: '—', right: '—', differs: false });
    expect(row(rows, 'kind')).toMatchObject({
      label: 'resources.observations.fields.kind',
      left: '<vocab.observationKind.eviction>',
    });
    expect(row(rows, 'createdBy').label).toBe('vigie.duplicates.author');
  });

  it('sees two places a few metres apart as different', () => {
    const rows = comparisonRows(
      observation(),
      observation({ location: { type: 'Point', coordinates: [1.8588, 50.9513] } }),
      format,
    );
    expect(row(rows, 'location')).toMatchObject({
      left: '50,95130, 1,85870',
      right: '50,95130, 1,85880',
      differs: true,
    });
  });
});

describe('formatters', () => {
  it('writes distances in metres, then kilometres', () => {
    expect(formatDistance(0)).toBe('0 m');
    expect(formatDistance(120.4)).toBe('120 m');
    expect(formatDistance(1250)).toBe('1,3 km');
    expect(formatDistance(1250, 'en')).toBe('1.3 km');
    expect(formatDistance(-1)).toBe('—');
  });

  it('writes time gaps in minutes, then hours', () => {
    expect(formatTimeGap(0)).toBe('0 min');
    expect(formatTimeGap(45)).toBe('45 min');
    expect(formatTimeGap(90)).toBe('1 h 30');
    expect(formatTimeGap(125)).toBe('2 h 05');
    expect(formatTimeGap(120)).toBe('2 h');
    expect(formatTimeGap(null)).toBe('—');
  });

  it('writes a point as latitude, longitude', () => {
    expect(formatPoint([1.8587, 50.9513], 'en')).toBe('50.95130, 1.85870');
    expect(formatPoint(null)).toBe('—');
  });
});

describe('sortCandidates', () => {
  it('puts the possible duplicates first, the nearest first', () => {
    const candidate = (
      id: string,
      status: DuplicateCandidate['status'],
      distanceM: number,
    ): DuplicateCandidate => ({
      observation: observation({ id }),
      distanceM,
      timeGapMinutes: 0,
      status,
      decidedBy: null,
      decidedAt: null,
    });
    const sorted = sortCandidates([
      candidate('a', 'dismissed', 10),
      candidate('b', 'possible', 200),
      candidate('c', 'possible', 50),
    ]);
    expect(sorted.map((item) => item.observation.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('hasPossibleDuplicates', () => {
  it('marks a record that names at least one possible duplicate, and only such a record', () => {
    expect(hasPossibleDuplicates({ possibleDuplicateIds: ['22222222-2222-4222-8222-222222222222'] })).toBe(
      true,
    );
    expect(hasPossibleDuplicates({ possibleDuplicateIds: [] })).toBe(false);
    expect(hasPossibleDuplicates({})).toBe(false);
    expect(hasPossibleDuplicates(undefined)).toBe(false);
  });
});
