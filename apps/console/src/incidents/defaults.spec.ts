import { describe, expect, it } from 'vitest';
import { incidentCreateSearch, newIncidentDraft, prefillFromObservation } from './defaults';

describe('newIncidentDraft', () => {
  it('starts now in Paris time, with nothing known and no consent assumed', () => {
    const draft = newIncidentDraft(new Date('2025-07-14T08:15:42Z'));
    expect(draft.occurredAt).toBe('2025-07-14T10:15:00.000+02:00');
    expect(draft).toMatchObject({
      type: null,
      location: null,
      observationId: null,
      victimCount: null,
      injured: null,
      medicalCare: null,
      perpetrators: [],
      consent: { publication: false, litigation: false, research: false },
    });
  });

  it('chooses a new id for each form, and leaves the restricted testimony out', () => {
    const first = newIncidentDraft();
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(newIncidentDraft().id).not.toBe(first.id);
    expect(first).not.toHaveProperty('testimony');
  });
});

describe('prefillFromObservation', () => {
  const observation = {
    id: '5d1c4c5e-0000-4000-8000-000000000001',
    startedAt: '2025-03-31T23:30:00+02:00',
    location: { type: 'Point', coordinates: [1.8587, 50.9513] },
    kind: 'eviction',
  };

  it('links the observation and takes its start and its place', () => {
    expect(prefillFromObservation(observation)).toEqual({
      observationId: observation.id,
      occurredAt: observation.startedAt,
      location: observation.location,
    });
  });

  it('leaves out what the observation lacks', () => {
    expect(prefillFromObservation({ id: observation.id, location: 'nowhere' })).toEqual({
      observationId: observation.id,
    });
  });

  it('travels in the create URL as react-admin expects', () => {
    const search = incidentCreateSearch(prefillFromObservation(observation));
    const source = new URLSearchParams(search.slice(1)).get('source');
    expect(JSON.parse(source ?? 'null')).toEqual(prefillFromObservation(observation));
  });
});
