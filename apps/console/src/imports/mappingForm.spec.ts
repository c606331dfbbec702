import { describe, expect, it } from 'vitest';
import { initialMappingState, mappingBody, splitMappingErrors, valueMapLines } from './mappingForm';
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
    });
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
    });
    expect(body).toEqual({
      columns: { Date: 'startedAt' },
      timezone: 'Europe/Paris',
      dateFormat: null,
      sourceIdColumn: 'ID',
    });
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
        timezone: 'unknown time zone',
        'columns.Absente': 'no such column',
      },
      ['Date.début', 'Type'],
      targets,
    );
    expect(errors).toEqual({
      columns: { 'Date.début': 'unknown target "start"' },
      values: { 'forces.crs': { 'C.R.S.': 'unknown code' }, kind: { Expulsion: 'unknown code "evict"' } },
      other: { timezone: 'unknown time zone', 'columns.Absente': 'no such column' },
    });
  });
});
