import { OBSERVATION_READ_ONLY_FIELDS, SITE_READ_ONLY_FIELDS } from '@vigie/domain';
import { describe, expect, it } from 'vitest';
import { changedFields, toWritable } from './payload';
import { RESOURCES } from './resources';

const observationForm = RESOURCES.observations.form;

describe('toWritable', () => {
  it('removes the read-only fields of an observation and keeps id and version', () => {
    const body = toWritable(
      {
        id: 'a7c1e2b4-0000-4000-8000-000000000001',
        version: 3,
        kind: 'eviction',
        communeCode: '62193',
        area: 'calaisis',
        status: 'submitted',
        reviewComment: 'ok',
        possibleDuplicateIds: [],
        createdAt: '2025-03-01T10:00:00Z',
        updatedAt: '2025-03-01T10:00:00Z',
        createdBy: 'u1',
        updatedBy: 'u1',
        deletedAt: null,
      },
      OBSERVATION_READ_ONLY_FIELDS,
      observationForm,
    );
    expect(body).toEqual({ id: 'a7c1e2b4-0000-4000-8000-000000000001', version: 3, kind: 'eviction' });
  });

  it('removes the read-only fields of a site', () => {
    const body = toWritable(
      { id: 's1', version: 1, name: 'BMX', communeCode: '62193', area: 'calaisis', deletedAt: null },
      SITE_READ_ONLY_FIELDS,
      RESOURCES.sites.form,
    );
    expect(body).toEqual({ id: 's1', version: 1, name: 'BMX' });
  });

  it('sends an emptied text input as null, at the top level and in rows', () => {
    const body = toWritable(
      {
        legalBasis: '',
        description: '',
        forces: [{ unit: 'crs', vehicles: 3, officers: null, identifiers: '' }],
      },
      OBSERVATION_READ_ONLY_FIELDS,
      observationForm,
    );
    expect(body).toEqual({
      legalBasis: null,
      description: null,
      forces: [{ unit: 'crs', vehicles: 3, officers: null, identifiers: null }],
    });
  });

  it('keeps false and 0, which are answers, not empty values', () => {
    const body = toWritable(
      { arrests: 0, countsReliable: false, seizures: [{ item: 'tent', quantity: 0, destroyed: false }] },
      OBSERVATION_READ_ONLY_FIELDS,
      observationForm,
    );
    expect(body).toEqual({
      arrests: 0,
      countsReliable: false,
      seizures: [{ item: 'tent', quantity: 0, destroyed: false }],
    });
  });

  it('drops empty aliases and trims the others', () => {
    const body = toWritable(
      { aliases: [' Old Lidl ', '', 'OL', null] },
      SITE_READ_ONLY_FIELDS,
      RESOURCES.sites.form,
    );
    expect(body).toEqual({ aliases: ['Old Lidl', 'OL'] });
  });

  it('sends an account as the PUT expects it: no id, none of the fields the API manages', () => {
    const body = toWritable(
      {
        id: '7e57ad01-0000-4000-8000-000000000001',
        email: 'a@vigie.test',
        name: 'A',
        role: 'observer',
        active: true,
        totpEnabled: true,
        lastLoginAt: '2025-03-01T10:00:00Z',
        lockedUntil: null,
        createdAt: '2025-03-01T10:00:00Z',
        updatedAt: '2025-03-01T10:00:00Z',
        createdBy: null,
        updatedBy: null,
        version: 2,
      },
      RESOURCES.users.readOnly,
      RESOURCES.users.form,
    );
    expect(body).toEqual({ email: 'a@vigie.test', name: 'A', role: 'observer', active: true, version: 2 });
  });

  it('leaves out undefined values', () => {
    expect(toWritable({ kind: undefined, arrests: 1 }, [], observationForm)).toEqual({ arrests: 1 });
  });
});

describe('changedFields', () => {
  it('sends the version and only what changed, for a PATCH', () => {
    const before = { id: 'd1', version: 3, title: 'Appel', notes: null, status: 'open', dueAt: '2026-05-04' };
    const after = { ...before, status: 'done', notes: '' };
    expect(changedFields(after, before)).toEqual({ version: 3, status: 'done' });
  });

  it('sends every field when the record as it was read is unknown', () => {
    expect(changedFields({ id: 'e1', version: 1, title: 'Audience' }, undefined)).toEqual({
      version: 1,
      title: 'Audience',
    });
  });
});
