import { describe, expect, it } from 'vitest';
import { DomainError } from '../common/domain-error';
import { parseUploadFields } from './upload-fields';

const OBSERVATION = '3b9f0c4e-5a1d-4f7e-9c2b-8d6e1f0a2b3c';

function errorsOf(fields: Record<string, unknown>): Record<string, string> {
  try {
    parseUploadFields(new Map(Object.entries(fields)));
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).details.errors ?? {};
  }
  throw new Error('expected a refusal');
}

describe(parseUploadFields.name, () => {
  it('defaults consent to all false and an empty caption to null', () => {
    expect(
      parseUploadFields(
        new Map([
          ['observationId', OBSERVATION],
          ['caption', ''],
        ]),
      ),
    ).toEqual({
      owner: { field: 'observationId', id: OBSERVATION },
      caption: null,
      consent: { publication: false, litigation: false, research: false },
    });
  });

  it('reads consent sent as JSON text or already parsed', () => {
    const fromText = parseUploadFields(
      new Map([
        ['incidentId', OBSERVATION],
        ['consent', '{"publication":true,"research":true}'],
      ]),
    );
    expect(fromText.consent).toEqual({ publication: true, litigation: false, research: true });
    const parsed = parseUploadFields(
      new Map<string, unknown>([
        ['incidentId', OBSERVATION],
        ['consent', { litigation: true }],
      ]),
    );
    expect(parsed.consent.litigation).toBe(true);
  });

  it('requires exactly one owner: an observation, an incident or a legal case', () => {
    expect(Object.keys(errorsOf({}))).toEqual(['observationId', 'incidentId', 'legalCaseId']);
    expect(Object.keys(errorsOf({ observationId: OBSERVATION, incidentId: OBSERVATION }))).toEqual([
      'observationId',
      'incidentId',
    ]);
    expect(Object.keys(errorsOf({ incidentId: OBSERVATION, legalCaseId: OBSERVATION }))).toEqual([
      'incidentId',
      'legalCaseId',
    ]);
    expect(parseUploadFields(new Map([['legalCaseId', OBSERVATION]])).owner).toEqual({
      field: 'legalCaseId',
      id: OBSERVATION,
    });
  });

  it('reports every bad field at once', () => {
    expect(
      Object.keys(
        errorsOf({ observationId: 'x', id: 'y', caption: 'c'.repeat(501), consent: '[]', colour: 'red' }),
      ).sort(),
    ).toEqual(['caption', 'colour', 'consent', 'id', 'observationId']);
  });
});
