import { describe, expect, it } from 'vitest';
import {
  defaultTargets,
  initialMappingState,
  mappingBody,
  needsDefaultType,
  splitMappingErrors,
  valueMapLines,
} from './mappingForm';
import { importTargets, UNKNOWN_VALUE } from './targets';

const columns = ['Date', 'Type', 'Forces', 'Interprètes', 'Notes', 'ID'];

describe('initialMappingState', () => {
  it('takes the suggestion when the import has no mapping yet, every other column ignored', () => {
    const state = initialMappingState({
      columns,
      mapping: null,
      suggestedMapping: {
        columns: { Date: 'startedAt', Type: 'kind' },
        values: { interpretersPresent: { nsp: '', oui: 'true' } },
        sourceIdColumn: 'ID',
      },
    });
    expect(state).toEqual({
      columns: {
        Date: 'startedAt',
        Type: 'kind',
        Forces: 'ignore',
        Interprètes: 'ignore',
        Notes: 'ignore',
        ID: 'ignore',
      },
      values: { interpretersPresent: { nsp: UNKNOWN_VALUE, oui: 'true' } },
      timezone: 'Europe/Paris',
      dateFormat: '',
      sourceIdColumn: 'ID',
      defaults: {},
    });
  });

  it('opens with the suggestion’s default values', () => {
    const state = initialMappingState({
      columns,
      mapping: null,
      suggestedMapping: { columns: {}, defaults: { kind: 'eviction', 'startedAt.time': '07:00' } },
    });
    expect(state.defaults).toEqual({ kind: 'eviction', 'startedAt.time': '07:00' });
  });

  it('takes the import’s own mapping over the suggestion, and drops a source column the file lacks', () => {
    const state = initialMappingState({
      columns,
      mapping: {
        columns: { Notes: 'description' },
        timezone: 'UTC',
        dateFormat: 'dd/MM/yyyy',
        sourceIdColumn: 'gone',
      },
      suggestedMapping: { columns: { Date: 'startedAt' } },
    });
    expect(state.columns.Notes).toBe('description');
    expect(state.columns.Date).toBe('ignore');
    expect(state.timezone).toBe('UTC');
    expect(state.dateFormat).toBe('dd/MM/yyyy');
    expect(state.sourceIdColumn).toBe('');
  });
});

describe('mappingBody', () => {
  it('sends the value maps of mapped targets only, without automatic entries, unknown as the empty code', () => {
    const body = mappingBody({
      columns: { Type: 'kind', Interprètes: 'interpretersPresent', Forces: 'ignore' },
      values: {
        kind: { Expulsion: 'eviction', Autre: '' },
        interpretersPresent: { nsp: UNKNOWN_VALUE, Oui: 'true' },
        forces: { 'CRS, GM': 'crs' },
        legalBasis: { '': '' },
      },
      timezone: ' ',
      dateFormat: '  dd/MM/yyyy HH:mm ',
      sourceIdColumn: '',
      defaults: {},
    });
    expect(body).toEqual({
      columns: { Type: 'kind', Interprètes: 'interpretersPresent', Forces: 'ignore' },
      values: { kind: { Expulsion: 'eviction' }, interpretersPresent: { nsp: '', Oui: 'true' } },
      timezone: 'Europe/Paris',
      dateFormat: 'dd/MM/yyyy HH:mm',
      sourceIdColumn: null,
    });
  });

  it('leaves `values` out when no value is mapped, and keeps an empty date format as automatic', () => {
    const body = mappingBody({
      columns: { Date: 'startedAt' },
      values: { kind: { Expulsion: 'eviction' } },
      timezone: 'Europe/Paris',
      dateFormat: '',
      sourceIdColumn: 'ID',
      defaults: { kind: '  ', 'startedAt.time': '' },
    });
    expect(body).toEqual({
      columns: { Date: 'startedAt' },
      timezone: 'Europe/Paris',
      dateFormat: null,
      sourceIdColumn: 'ID',
    });
  });
});

describe('default values', () => {
  it('sends the chosen ones trimmed, and leaves out the empty ones', () => {
    const body = mappingBody({
      columns: { Date: 'startedAt.date' },
      values: {},
      timezone: 'Europe/Paris',
      dateFormat: '',
      sourceIdColumn: '',
      defaults: { kind: 'eviction', 'startedAt.time': ' 07:00 ', type: '' },
    });
    expect(body.defaults).toEqual({ kind: 'eviction', 'startedAt.time': '07:00' });
  });

  it('offers the type and the start time for observations, the type for incidents', () => {
    expect(defaultTargets('observations').map((target) => target.id)).toEqual(['kind', 'startedAt.time']);
    expect(defaultTargets('observations')[0]!.coded).toBeDefined();
    expect(defaultTargets('observations')[1]!.coded).toBeUndefined();
    expect(defaultTargets('incidents').map((target) => target.id)).toEqual(['type']);
  });

  it('asks for a default type while no column gives it and none is chosen', () => {
    const columns = { Date: 'startedAt', Lieu: 'site' };
    expect(needsDefaultType('observations', { columns, defaults: {} })).toBe(true);
    expect(needsDefaultType('observations', { columns, defaults: { kind: ' ' } })).toBe(true);
    expect(needsDefaultType('observations', { columns, defaults: { kind: 'eviction' } })).toBe(false);
    expect(needsDefaultType('observations', { columns: { ...columns, Nature: 'kind' }, defaults: {} })).toBe(
      false,
    );
    // An incident's type is `type`: a column mapped to `kind` says nothing of it.
    expect(needsDefaultType('incidents', { columns: { Nature: 'kind' }, defaults: {} })).toBe(true);
    expect(needsDefaultType('incidents', { columns: { Nature: 'type' }, defaults: {} })).toBe(false);
  });
});

describe('valueMapLines', () => {
  it('offers a value map for each column mapped to a coded target, with the column’s distinct values', () => {
    const lines = valueMapLines(
      'observations',
      {
        columns: {
          Date: 'startedAt',
          Type: 'kind',
          Forces: 'forces',
          Interprètes: 'interpretersPresent',
          Notes: 'description',
        },
      },
      { Type: ['Expulsion', 'Dispersion'], Forces: ['CRS, GM'] },
    );
    expect(lines).toEqual([
      { target: 'kind', column: 'Type', rawValues: ['Expulsion', 'Dispersion'] },
      { target: 'forces', column: 'Forces', rawValues: ['CRS, GM'] },
      { target: 'interpretersPresent', column: 'Interprètes', rawValues: [] },
    ]);
  });
});

describe('splitMappingErrors', () => {
  const targets = importTargets('observations').map((target) => target.id);

  it('puts each error under its column, its value, or with the options', () => {
    const errors = splitMappingErrors(
      {
        'columns.Date.début': 'unknown target "start"',
        'values.forces.crs.C.R.S.': 'unknown code',
        'values.kind.Expulsion': 'unknown code "evict"',
        'defaults.startedAt.time': 'not a time',
        'defaults.nowhere': 'unknown target',
        timezone: 'unknown time zone',
        'columns.Absente': 'no such column',
      },
      ['Date.début', 'Type'],
      targets,
    );
    expect(errors).toEqual({
      columns: { 'Date.début': 'unknown target "start"' },
      values: { 'forces.crs': { 'C.R.S.': 'unknown code' }, kind: { Expulsion: 'unknown code "evict"' } },
      defaults: { 'startedAt.time': 'not a time' },
      other: {
        'defaults.nowhere': 'unknown target',
        timezone: 'unknown time zone',
        'columns.Absente': 'no such column',
      },
    });
  });
});
