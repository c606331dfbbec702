import { describe, expect, it } from 'vitest';
import { mappingErrors } from './mapping-errors';
import { suggestMapping } from './suggest-mapping';

describe('suggestMapping', () => {
  it('reads « Date et heure de début » as the start, not as a time of day', () => {
    const mapping = suggestMapping(
      'observations',
      ['groupe/Date et heure de début', 'groupe/Heure de fin'],
      [['2025-03-04T07:30:00', '09:00']],
    );
    expect(mapping.columns).toEqual({
      'groupe/Date et heure de début': 'startedAt',
      'groupe/Heure de fin': 'endedAt.time',
    });
  });

  it('maps a KoboToolbox export with French labels and group prefixes', () => {
    const columns = [
      'start',
      'end',
      'Informations générales/Date de l’expulsion',
      'Informations générales/Heure début',
      'Informations générales/Heure de fin',
      'Informations générales/Lieu',
      'Informations générales/GPS',
      '_GPS_latitude',
      '_GPS_longitude',
      '_GPS_altitude',
      '_GPS_precision',
      'Forces/Forces présentes',
      'Forces/Nb véhicules CRS',
      'Saisies/Tentes saisies',
      'Saisies/Tentes détruites',
      'Interprètes présents ?',
      'Personnes expulsées',
      'Type d’opération',
      'Remarques',
      '_id',
      '_uuid',
      '_submission_time',
      '_validation_status',
      '_index',
      '_geolocation',
    ];
    const rows = [
      [
        '2025-03-04T07:01:00.000+01:00',
        '2025-03-04T09:00:00.000+01:00',
        '2025-03-04',
        '07:30:00.000+01:00',
        '09:00:00.000+01:00',
        'Fort Nieulay',
        '50.95 1.85 0 12',
        '50.95',
        '1.85',
        '0',
        '12',
        'crs gm',
        '4',
        '12',
        'oui',
        'non',
        '40',
        'Expulsion partielle',
        '',
        '123',
        'c0ffee00-0000-4000-8000-000000000001',
        '2025-03-04T10:00:00',
        '',
        '1',
        '[50.95, 1.85]',
      ],
    ];
    const mapping = suggestMapping('observations', columns, rows);
    expect(mapping.columns).toEqual({
      start: 'ignore',
      end: 'ignore',
      'Informations générales/Date de l’expulsion': 'startedAt.date',
      'Informations générales/Heure début': 'startedAt.time',
      'Informations générales/Heure de fin': 'endedAt.time',
      'Informations générales/Lieu': 'site',
      'Informations générales/GPS': 'location',
      _GPS_latitude: 'ignore',
      _GPS_longitude: 'ignore',
      _GPS_altitude: 'ignore',
      _GPS_precision: 'locationAccuracyM',
      'Forces/Forces présentes': 'forces',
      'Forces/Nb véhicules CRS': 'forces.crs.vehicles',
      'Saisies/Tentes saisies': 'seizures.tent.quantity',
      'Saisies/Tentes détruites': 'seizures.tent.destroyed',
      'Interprètes présents ?': 'interpretersPresent',
      'Personnes expulsées': 'peopleEvicted',
      'Type d’opération': 'kind',
      Remarques: 'description',
      _id: 'ignore',
      _uuid: 'sourceId',
      _submission_time: 'ignore',
      _validation_status: 'ignore',
      _index: 'ignore',
      _geolocation: 'ignore',
    });
    expect(mapping.sourceIdColumn).toBe('_uuid');
    expect(mapping.timezone).toBe('Europe/Paris');
    expect(mapping.dateFormat).toBeNull();
    expect(mapping.values).toEqual({ kind: { 'Expulsion partielle': 'eviction' } });
    expect(mappingErrors('observations', columns, mapping)).toEqual({});
  });

  it('maps a legacy spreadsheet with one column per unit and per seized item', () => {
    const columns = [
      'N° fiche',
      'Date',
      'Heure',
      'Campement',
      'Coordonnées',
      'CRS',
      'Gendarmerie mobile',
      'Nb véhicules CRS',
      'Police (agents)',
      'Tentes',
      'Bâches',
      'Sacs de couchage',
      'Personnes mises à l’abri',
      'Interpellations',
      'Huissier',
      'Commentaires',
    ];
    const rows = [
      [
        '17',
        '04/03/2021',
        '7h30',
        'BMX',
        '50,95 1,85',
        'oui',
        'x',
        '3',
        '2',
        '12',
        '3',
        '5',
        '10',
        '0',
        'non',
        'calme',
      ],
    ];
    const mapping = suggestMapping('observations', columns, rows);
    expect(mapping.columns).toEqual({
      'N° fiche': 'sourceId',
      Date: 'startedAt.date',
      Heure: 'startedAt.time',
      Campement: 'site',
      Coordonnées: 'location',
      CRS: 'forces.crs',
      'Gendarmerie mobile': 'forces.gm',
      'Nb véhicules CRS': 'forces.crs.vehicles',
      'Police (agents)': 'forces.pn.officers',
      Tentes: 'seizures.tent.quantity',
      Bâches: 'seizures.tarp.quantity',
      'Sacs de couchage': 'seizures.sleeping_bag.quantity',
      'Personnes mises à l’abri': 'peopleSheltered',
      Interpellations: 'arrests',
      Huissier: 'bailiffPresent',
      Commentaires: 'description',
    });
    expect(mapping.sourceIdColumn).toBe('N° fiche');
    expect(mapping.values).toEqual({});
    expect(mappingErrors('observations', columns, mapping)).toEqual({});
  });

  it('reads a date-and-time column as the start, and a date alone as a start rows will reject', () => {
    const both = suggestMapping('observations', ['date'], [['04/03/2021 07:30']]);
    expect(both.columns).toEqual({ date: 'startedAt' });
    const dateOnly = suggestMapping('observations', ['Date de l’expulsion'], [['04/03/2021']]);
    expect(dateOnly.columns).toEqual({ 'Date de l’expulsion': 'startedAt' });
  });

  it('maps incident headers in English, and the Kobo group-field form', () => {
    const columns = [
      'incident-type',
      'incident-date_time',
      'latitude',
      'longitude',
      'Perpetrators',
      'Testimony',
      'id',
    ];
    const mapping = suggestMapping('incidents', columns, [
      ['Tear gas', '2025-03-04 07:45', '50,95', '1,85', 'CRS et GM', 'secret', '9'],
    ]);
    expect(mapping.columns).toEqual({
      'incident-type': 'type',
      'incident-date_time': 'occurredAt',
      latitude: 'location.latitude',
      longitude: 'location.longitude',
      Perpetrators: 'perpetrators',
      Testimony: 'testimony',
      id: 'sourceId',
    });
  });

  it('suggests value maps only for values the built-in matching does not read', () => {
    const mapping = suggestMapping(
      'observations',
      ['Forces', 'Interprètes'],
      [
        ['CRS, GM', 'oui'],
        ['CRS + quelques policiers en civil', 'Oui, deux'],
        ['des inconnus', 'peut-être'],
      ],
    );
    expect(mapping.values).toEqual({
      forces: { 'CRS + quelques policiers en civil': 'crs pn' },
      interpretersPresent: { 'Oui, deux': 'true' },
    });
  });
});
