import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, importReportUrl, importUploadForm } from './api';

describe('importUploadForm', () => {
  it('sends the kind, the sheet when one is named, then the file under its name', async () => {
    const form = importUploadForm({
      file: new Blob(['a;b\n1;2\n'], { type: 'text/csv' }),
      fileName: 'expulsions 2019.csv',
      kind: 'incidents',
      sheet: ' Feuil2 ',
    });
    expect([...form.keys()]).toEqual(['kind', 'sheet', 'file']);
    expect(form.get('kind')).toBe('incidents');
    expect(form.get('sheet')).toBe('Feuil2');
    const file = form.get('file') as File;
    expect(file.name).toBe('expulsions 2019.csv');
    expect(await file.text()).toBe('a;b\n1;2\n');
  });

  it('leaves the sheet out when none is named', () => {
    const form = importUploadForm({
      file: new Blob(['x']),
      fileName: 'a.xlsx',
      kind: 'observations',
      sheet: '  ',
    });
    expect(form.has('sheet')).toBe(false);
  });
});

describe('fieldErrorsOf', () => {
  it('reads the field errors of a refusal, and nothing from other failures', () => {
    const refusal = new HttpError('invalid mapping', 400, {
      errors: { 'columns.Date': 'unknown target', 'values.kind.X': 'unknown code', nested: { no: 'no' } },
    });
    expect(fieldErrorsOf(refusal)).toEqual({
      'columns.Date': 'unknown target',
      'values.kind.X': 'unknown code',
    });
    expect(fieldErrorsOf(new HttpError('conflict', 409, null))).toEqual({});
    expect(fieldErrorsOf(new Error('x'))).toEqual({});
  });
});

describe('importReportUrl', () => {
  it('points at the report of the import', () => {
    expect(importReportUrl('0a1b')).toBe('/api/imports/0a1b/report.csv');
  });
});
