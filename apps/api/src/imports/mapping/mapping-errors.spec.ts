import { describe, expect, it } from 'vitest';
import { importTargetSpecs, importTargets } from '@vigie/domain';
import { mappingErrors } from './mapping-errors';

describe(mappingErrors.name, () => {
  const columns = ['Date', 'Heure', 'Lieu', 'Type', 'Forces', 'GPS', 'Lat', 'Tentes détruites', 'id'];

  it('accepts a sound mapping', () => {
    expect(
      mappingErrors('observations', columns, {
        columns: {
          Date: 'startedAt.date',
          Heure: 'startedAt.time',
          Type: 'kind',
          Forces: 'forces',
          GPS: 'location',
        },
        values: { kind: { Expulsion: 'eviction' }, forces: { 'tout le monde': 'crs gm' } },
        timezone: 'America/Montreal',
        dateFormat: 'dd/MM/yyyy',
        sourceIdColumn: 'id',
      }),
    ).toEqual({});
  });

  it('keys every problem as the console shows it', () => {
    expect(
      mappingErrors('observations', columns, {
        columns: {
          Absente: 'kind',
          Lieu: 'nowhere',
          Type: 'kind',
          Forces: 'kind',
          GPS: 'location',
          Lat: 'location.latitude',
          'Tentes détruites': 'seizures.tent.destroyed',
        },
        values: {
          kind: { Contrôle: 'control' },
          interpretersPresent: { peut: 'maybe' },
          nothing: { a: 'b' },
        },
        timezone: 'Europe/Calais',
        dateFormat: 'HH:mm',
        sourceIdColumn: 'Numéro',
      }),
    ).toEqual({
      'columns.Absente': 'is not a column of the file',
      'columns.Lieu': 'unknown target "nowhere"',
      'columns.Forces': '"kind" is already mapped from column "Type"',
      'columns.Lat': '"location.latitude" cannot be mapped with "location" (column "GPS")',
      'columns.Tentes détruites':
        '"seizures.tent.destroyed" needs a column mapped to "seizures.tent.quantity"',
      'values.kind.Contrôle': 'must be one of: eviction, large_eviction, site_works, dispersal',
      'values.interpretersPresent.peut': 'must be true, false or empty (not known)',
      'values.nothing.a': 'unknown field "nothing"',
      timezone: 'is not an IANA time zone, e.g. Europe/Paris',
      dateFormat: 'must name a day, a month and a year, e.g. dd/MM/yyyy HH:mm',
      sourceIdColumn: 'is not a column of the file',
    });
  });

  it('lets several columns feed a list, a text, or a unit', () => {
    expect(
      mappingErrors('observations', ['A', 'B', 'C', 'D'], {
        columns: { A: 'forces', B: 'forces', C: 'description', D: 'description' },
      }),
    ).toEqual({});
  });

  it('needs both halves of a date and time, or of a position', () => {
    expect(
      mappingErrors('incidents', ['Date', 'Lon'], {
        columns: { Date: 'occurredAt.date', Lon: 'location.longitude' },
      }),
    ).toEqual({
      'columns.Date': '"occurredAt.date" needs a column mapped to "occurredAt.time"',
      'columns.Lon': '"location.longitude" needs a column mapped to "location.latitude"',
    });
  });

  it('refuses a value map code list with an unknown unit', () => {
    expect(
      mappingErrors('incidents', ['A'], {
        columns: { A: 'perpetrators' },
        values: { perpetrators: { x: 'crs flics' } },
      }),
    ).toEqual({ 'values.perpetrators.x': expect.stringContaining('(not flics)') });
  });
});

describe(importTargets.name, () => {
  it('lists every field, unit and item target with French and English descriptions', () => {
    const targets = importTargets('observations');
    expect(targets).toEqual(
      expect.arrayContaining([
        'kind',
        'forces.crs',
        'forces.gm.vehicles',
        'seizures.tent.destroyed',
        'sourceId',
        'ignore',
      ]),
    );
    expect(importTargets('incidents')).toEqual(
      expect.arrayContaining(['type', 'perpetrators', 'consent.research']),
    );
    expect(importTargets('incidents')).not.toContain('forces');
    const described = importTargetSpecs('observations');
    expect(described.map((one) => one.target)).toEqual(targets);
    expect(described.find((one) => one.target === 'forces.crs.vehicles')).toEqual({
      target: 'forces.crs.vehicles',
      type: 'count',
      fr: 'CRS : véhicules',
      en: 'CRS (riot police): vehicles',
    });
  });
});
