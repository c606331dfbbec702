import { FORCE_UNITS, LEGAL_BASES, OBSERVATION_KINDS } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import {
  booleanReader,
  codeListReader,
  codeReader,
  parseNumber,
  presenceReader,
  ValueMap,
} from './cell-values';

const none = new ValueMap(undefined);
const valueOf = <T>(read: { ok: true; value: T } | { ok: false; message: string }) =>
  read.ok ? read.value : `error: ${read.message}`;

describe('cell values', () => {
  it.each([
    ['oui', true],
    ['Yes', true],
    ['VRAI', true],
    ['1', true],
    ['x', true],
    ['non', false],
    ['No', false],
    ['faux', false],
    ['0', false],
    ['Ne sait pas', null],
    ['NSP', null],
    ['inconnu', null],
    ['unknown', null],
    ['?', null],
  ])('reads the yes/no cell %j as %j', (raw, expected) => {
    expect(valueOf(booleanReader(none)(raw))).toBe(expected);
  });

  it('refuses a yes/no cell it cannot read, naming the value and the accepted words', () => {
    expect(valueOf(booleanReader(none)('peut-être'))).toBe(
      'error: "peut-être" is not a yes/no value (accepted: oui, non, ne sait pas; yes, no; 1, 0)',
    );
  });

  it('takes a value map first, for yes/no cells too', () => {
    const values = new ValueMap({ 'Oui, deux': 'true', Bof: '' });
    expect(valueOf(booleanReader(values)('Oui, deux'))).toBe(true);
    expect(valueOf(booleanReader(values)('bof'))).toBeNull();
  });

  it.each([
    ['12', 12],
    ['12,5', 12.5],
    ['1 250', 1250],
    ['1\u202f250', 1250],
    ['-3', -3],
    ['3.0', 3],
    ['abc', undefined],
    ['1.250,5', undefined],
    ['1,2,3', undefined],
    ['', undefined],
  ])('reads the number %j as %j', (raw, expected) => {
    expect(parseNumber(raw)).toBe(expected);
  });

  it.each([
    ['Expulsion', 'eviction'],
    ['EXPULSION DE GRANDE AMPLEUR', 'large_eviction'],
    ['large_eviction', 'large_eviction'],
    ['Large-scale eviction', 'large_eviction'],
    ['dispersion', 'dispersal'],
  ])('reads the kind %j as %j', (raw, expected) => {
    expect(valueOf(codeReader(OBSERVATION_KINDS, none)(raw))).toBe(expected);
  });

  it('reads labels with typographic apostrophes either way', () => {
    expect(valueOf(codeReader(LEGAL_BASES, none)("Opération de mise à l'abri"))).toBe('sheltering_operation');
    expect(valueOf(codeReader(LEGAL_BASES, none)('Arrêté préfectoral'))).toBe('prefectoral_order');
  });

  it('refuses an unknown code, naming the value and the accepted codes', () => {
    expect(valueOf(codeReader(OBSERVATION_KINDS, none)('Contrôle'))).toBe(
      'error: "Contrôle" is not a known value; accepted codes: eviction, large_eviction, site_works, dispersal',
    );
  });

  it('prefers the value map to the built-in matching', () => {
    expect(
      valueOf(codeReader(OBSERVATION_KINDS, new ValueMap({ Expulsion: 'dispersal' }))('Expulsion')),
    ).toBe('dispersal');
  });

  it.each([
    ['CRS GM PN', ['crs', 'gm', 'pn']],
    ['CRS, GM', ['crs', 'gm']],
    ['crs gm', ['crs', 'gm']],
    ['CRS et GM', ['crs', 'gm']],
    ['C.R.S. + gendarmes mobiles', ['crs', 'gm']],
    ['Compagnies républicaines de sécurité', ['crs']],
    ['police municipale, PAF', ['paf', 'pm']],
    ['police', ['pn']],
    ['Police nationale / BAC', ['pn', 'bac']],
    ['gm crs crs', ['crs', 'gm']],
  ])('reads the forces %j as %j', (raw, expected) => {
    expect(valueOf(codeListReader(FORCE_UNITS, none)(raw))).toEqual(expected);
  });

  it('refuses a list with an unknown unit, naming what it did not recognise', () => {
    expect(valueOf(codeListReader(FORCE_UNITS, none)('CRS, douaniers'))).toBe(
      'error: "CRS, douaniers" is not a known value ("douaniers" not recognised); accepted codes: ' +
        FORCE_UNITS.codes.join(', '),
    );
  });

  it('maps one choice of a space-separated Kobo select_multiple through the value map', () => {
    const values = new ValueMap({ brav_m: 'other' });
    expect(valueOf(codeListReader(FORCE_UNITS, values)('crs brav_m'))).toEqual(['crs', 'other']);
    expect(valueOf(codeListReader(FORCE_UNITS, values)('police municipale brav_m'))).toEqual(['pm', 'other']);
    expect(valueOf(codeListReader(FORCE_UNITS, none)('crs brav_m'))).toMatch(
      /^error: .*"brav m" not recognised/,
    );
  });

  it('maps a list cell or one of its parts through the value map', () => {
    const values = new ValueMap({ 'Les CRS de Calais': 'crs', 'tout le monde': 'crs gm pn' });
    expect(valueOf(codeListReader(FORCE_UNITS, values)('tout le monde'))).toEqual(['crs', 'gm', 'pn']);
    expect(valueOf(codeListReader(FORCE_UNITS, values)('Les CRS de Calais, PAF'))).toEqual(['crs', 'paf']);
  });

  it.each([
    ['oui', true],
    ['non', false],
    ['3', true],
    ['0', false],
    ['', null],
  ])('reads a unit column %j as present: %j', (raw, expected) => {
    expect(valueOf(presenceReader(none)(raw))).toBe(expected);
  });
});
