import type { ImportMappingSpec } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { compileMapping, convertRow, type ConvertContext } from './compile-mapping';

const SITE_ID = '6f1c2a9e-1111-4aaa-8bbb-000000000001';
const context: ConvertContext = {
  siteIdByName: (name) => (name.toLowerCase() === 'fort nieulay' ? SITE_ID : undefined),
};

const LEGACY_COLUMNS = [
  'N° fiche',
  'Date',
  'Heure',
  'Fin',
  'Lieu',
  'GPS',
  'Type',
  'Forces',
  'CRS',
  'Véhicules CRS',
  'Tentes',
  'Tentes détruites',
  'Bâches',
  'Personnes',
  'Interprètes',
  'Remarques',
];
const LEGACY_MAPPING: ImportMappingSpec = {
  columns: {
    'N° fiche': 'sourceId',
    Date: 'startedAt.date',
    Heure: 'startedAt.time',
    Fin: 'endedAt.time',
    Lieu: 'site',
    GPS: 'location',
    Type: 'kind',
    Forces: 'forces',
    CRS: 'forces.crs',
    'Véhicules CRS': 'forces.crs.vehicles',
    Tentes: 'seizures.tent.quantity',
    'Tentes détruites': 'seizures.tent.destroyed',
    Bâches: 'seizures.tarp.quantity',
    Personnes: 'peopleEvicted',
    Interprètes: 'interpretersPresent',
    Remarques: 'description',
  },
  values: {},
  timezone: 'Europe/Paris',
  dateFormat: null,
  sourceIdColumn: 'N° fiche',
};
const TYPICAL = [
  '17',
  '04/03/2025',
  '7h30',
  '9h00',
  'Fort Nieulay',
  '50,9513 1,8587',
  'Expulsion',
  'GM, police',
  'oui',
  '4',
  '12',
  'oui',
  '0',
  '40',
  'non',
  'Tentes lacérées devant nous',
];

const convert = (cells: Record<string, string>, mapping: Partial<ImportMappingSpec> = {}) => {
  const row = LEGACY_COLUMNS.map((header, index) => cells[header] ?? TYPICAL[index]!);
  return convertRow('observations', LEGACY_COLUMNS, row, { ...LEGACY_MAPPING, ...mapping }, context);
};

describe(convertRow.name, () => {
  it('builds the body a client would POST from a legacy row', async () => {
    expect(await convert({})).toEqual({
      sourceId: '17',
      errors: {},
      input: {
        kind: 'eviction',
        startedAt: '2025-03-04T07:30:00+01:00',
        endedAt: '2025-03-04T09:00:00+01:00',
        siteId: SITE_ID,
        location: { type: 'Point', coordinates: [1.8587, 50.9513] },
        forces: [{ unit: 'crs', vehicles: 4 }, { unit: 'gm' }, { unit: 'pn' }],
        seizures: [{ item: 'tent', quantity: 12, destroyed: true }],
        peopleEvicted: 40,
        interpretersPresent: false,
        description: 'Tentes lacérées devant nous',
      },
    });
  });

  it('sets mapped empty cells to null and leaves unmapped fields out', async () => {
    const { input, errors } = await convert({
      Lieu: '',
      Personnes: '',
      Interprètes: '',
      Remarques: '',
      Fin: '',
    });
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      siteId: null,
      peopleEvicted: null,
      interpretersPresent: null,
      description: null,
    });
    expect(input.endedAt).toBeNull();
    expect(input).not.toHaveProperty('arrests');
  });

  it('reads an end time before the start as the next morning', async () => {
    const { input } = await convert({ Heure: '23h30', Fin: '01:15' });
    expect(input.startedAt).toBe('2025-03-04T23:30:00+01:00');
    expect(input.endedAt).toBe('2025-03-05T01:15:00+01:00');
  });

  it('names the column and the value of a coded, date or number cell that cannot be read', async () => {
    const { errors } = await convert({
      Date: '31/02/2021',
      Type: 'Contrôle',
      Personnes: 'beaucoup',
      'Véhicules CRS': 'quatre',
    });
    expect(errors).toEqual({
      'startedAt.date': 'column "Date": "31/02/2021" is not a valid date',
      kind: 'column "Type": "Contrôle" is not a known value; accepted codes: eviction, large_eviction, site_works, dispersal',
      peopleEvicted: 'column "Personnes": "beaucoup" is not a number',
      'forces.crs.vehicles': 'column "Véhicules CRS": "quatre" is not a number',
    });
  });

  it('refuses a start in the hour the spring clock change skips', async () => {
    const { errors } = await convert({ Date: '30/03/2025', Heure: '02:30', Fin: '04:00' });
    expect(errors['startedAt.date']).toBe(
      'column "Date": "30/03/2025 02:30" does not exist in Europe/Paris (the clocks skip that hour)',
    );
  });

  it('reads dates in the time zone of the mapping', async () => {
    const { input } = await convert({}, { timezone: 'America/Montreal' });
    expect(input.startedAt).toBe('2025-03-04T07:30:00-05:00');
  });

  it('refuses swapped coordinates and names an unknown site', async () => {
    const { errors } = await convert({ GPS: '1,8587 50,9513', Lieu: 'La Lande' });
    expect(errors).toEqual({
      location: 'column "GPS": latitude and longitude look swapped ("1,8587 50,9513")',
      site: 'column "Lieu": unknown site "La Lande"',
    });
  });

  it('never quotes a free-text cell, even when the API refuses it', async () => {
    const testimony = 'x'.repeat(20_001);
    const { errors } = await convert({ Remarques: testimony });
    expect(errors).toEqual({ description: 'must be shorter than or equal to 20000 characters' });
    expect(JSON.stringify(errors)).not.toContain('xxx');
  });

  it('answers with the API validation messages, keyed by the body paths', async () => {
    const { errors } = await convert({ Tentes: '-2', Bâches: '2,5', Personnes: '-1', Type: '' });
    expect(errors).toEqual({
      kind: 'must be one of: eviction, large_eviction, site_works, dispersal',
      'seizures.0.quantity': 'must not be less than 0',
      'seizures.1.quantity': 'must be an integer number',
      peopleEvicted: 'must not be less than 0',
    });
  });

  it('refuses NUL characters as the API does', async () => {
    const { errors } = await convert({ Remarques: 'a\u0000b' });
    expect(errors).toEqual({ description: 'must not contain NUL characters' });
  });

  it('reports a unit said absent that other columns say was present', async () => {
    const { errors } = await convert({ CRS: 'non', 'Véhicules CRS': '3' });
    expect(errors).toEqual({
      'forces.crs': 'column "CRS": says the unit was absent, other columns say it was present',
    });
  });

  it('leaves a unit out when its column says no, and an item out when none was seized', async () => {
    const { input } = await convert({
      CRS: 'non',
      'Véhicules CRS': '',
      Forces: '',
      Tentes: '',
      'Tentes détruites': '',
    });
    expect(input.forces).toEqual([]);
    expect(input.seizures).toEqual([]);
  });

  it('reads separate latitude and longitude columns with comma decimals', async () => {
    const columns = ['Date', 'Lat', 'Lon', 'Type'];
    const mapping = {
      columns: { Date: 'startedAt', Lat: 'location.latitude', Lon: 'location.longitude', Type: 'kind' },
    };
    const ok = await convertRow(
      'observations',
      columns,
      ['2025-03-04T07:30:00', '50,95', '1,85', 'expulsion'],
      mapping,
      context,
    );
    expect(ok.errors).toEqual({});
    expect(ok.input.location).toEqual({ type: 'Point', coordinates: [1.85, 50.95] });
    const swapped = await convertRow(
      'observations',
      columns,
      ['2025-03-04T07:30:00', '1,85', '50,95', 'expulsion'],
      mapping,
      context,
    );
    expect(swapped.errors).toEqual({
      location: 'column "Lat": latitude and longitude look swapped ("1,85", "50,95")',
    });
  });

  it('takes the accuracy of a KoboToolbox geopoint and reads _submission_time as UTC', async () => {
    const columns = ['_submission_time', 'group/gps', 'group/type', '_uuid'];
    const mapping = {
      columns: {
        _submission_time: 'startedAt',
        'group/gps': 'location',
        'group/type': 'kind',
        _uuid: 'sourceId',
      },
      sourceIdColumn: '_uuid',
    };
    const { input, errors, sourceId } = await convertRow(
      'observations',
      columns,
      ['2025-03-04T06:30:00', '50.95 1.85 10 4.5', 'dispersal', 'abc'],
      mapping,
      context,
    );
    expect(errors).toEqual({});
    expect(sourceId).toBe('abc');
    expect(input).toEqual({
      startedAt: '2025-03-04T06:30:00+00:00',
      location: { type: 'Point', coordinates: [1.85, 50.95] },
      locationAccuracyM: 4.5,
      kind: 'dispersal',
    });
  });

  it('builds an incident with its perpetrators, consent and texts', async () => {
    const columns = ['Quand', 'Type', 'Auteurs', 'GPS', 'Témoignage', 'Publication', 'Recherche', 'Blessés'];
    const mapping = {
      columns: {
        Quand: 'occurredAt',
        Type: 'type',
        Auteurs: 'perpetrators',
        GPS: 'location',
        Témoignage: 'testimony',
        Publication: 'consent.publication',
        Recherche: 'consent.research',
        Blessés: 'injured',
      },
      dateFormat: 'dd/MM/yyyy HH:mm',
    };
    const { input, errors } = await convertRow(
      'incidents',
      columns,
      [
        '04/03/2025 07:45',
        'Gaz lacrymogène',
        'CRS et GM',
        '',
        'Il a été frappé',
        'oui',
        'ne sait pas',
        'oui',
      ],
      mapping,
      context,
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      occurredAt: '2025-03-04T07:45:00+01:00',
      type: 'tear_gas',
      perpetrators: ['crs', 'gm'],
      location: null,
      testimony: 'Il a été frappé',
      consent: { publication: true },
      injured: true,
    });
  });

  it('refuses to compile a mapping the checks refuse', () => {
    expect(() => compileMapping('observations', ['A'], { columns: { B: 'kind' } })).toThrow(
      'Invalid import mapping: columns.B is not a column of the file',
    );
  });
});
