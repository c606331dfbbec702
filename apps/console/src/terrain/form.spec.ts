import { describe, expect, it } from 'vitest';
import { outboxEntries } from './entries';
import {
  entryLabel,
  fixedIncidentBody,
  incidentBody,
  incidentFromBody,
  newTerrainForm,
  newTerrainIncident,
  observationBody,
  observationFromBody,
  placeOf,
  restoreForm,
  validateIncident,
  validateObservation,
  type TerrainForm,
} from './form';

const CALAIS = { type: 'Point' as const, coordinates: [1.8587, 50.9513] as [number, number] };
const NOW = new Date('2025-03-04T07:31:42Z');

function filledForm(): TerrainForm {
  const form = newTerrainForm(NOW);
  return {
    ...form,
    observation: {
      ...form.observation,
      location: CALAIS,
      locationAccuracyM: 12,
      locationSource: 'device',
      siteId: '5f0b7c1e-6a52-4c4c-9d0e-0c9f4d1d2e11',
      siteName: 'Jungle des Dunes',
      forces: [{ unit: 'crs', vehicles: 3, officers: 12 }],
      seizures: [{ item: 'tent', quantity: 5, destroyed: true }],
      peopleEvicted: 40,
      interpretersPresent: false,
      shelterOffered: true,
      description: '  Tentes lacérées.  ',
    },
  };
}

describe('a new field entry', () => {
  it('is an eviction starting now, to the minute, with every count and answer not known', () => {
    const { observation } = newTerrainForm(NOW);
    expect(observation).toMatchObject({
      kind: 'eviction',
      startedAt: '2025-03-04T08:31:00.000+01:00',
      location: null,
      peopleEvicted: null,
      minorsSeen: null,
      arrests: 0,
      interpretersPresent: null,
      observationObstructed: null,
    });
    expect(observation.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gets a new id each time (one per entry, reused by every resend)', () => {
    expect(newTerrainForm(NOW).observation.id).not.toBe(newTerrainForm(NOW).observation.id);
  });
});

describe('observationBody', () => {
  it('is what the API takes: device id, answers, counts, trimmed note; nothing of the screen', () => {
    const form = filledForm();
    const body = observationBody(form.observation);
    expect(body).toEqual({
      id: form.observation.id,
      kind: 'eviction',
      startedAt: '2025-03-04T08:31:00.000+01:00',
      location: CALAIS,
      locationAccuracyM: 12,
      siteId: '5f0b7c1e-6a52-4c4c-9d0e-0c9f4d1d2e11',
      forces: [{ unit: 'crs', vehicles: 3, officers: 12 }],
      seizures: [{ item: 'tent', quantity: 5, destroyed: true }],
      peopleEvicted: 40,
      minorsSeen: null,
      arrests: 0,
      interpretersPresent: false,
      bailiffPresent: null,
      contractorPresent: null,
      shelterOffered: true,
      observationObstructed: null,
      description: 'Tentes lacérées.',
    });
  });

  it('sends an empty note as null and an unknown seizure quantity as 0', () => {
    const form = filledForm();
    const body = observationBody({
      ...form.observation,
      description: '   ',
      seizures: [{ item: 'tarp', quantity: null, destroyed: false }],
    });
    expect(body.description).toBeNull();
    expect(body.seizures).toEqual([{ item: 'tarp', quantity: 0, destroyed: false }]);
  });

  it('is read back into the same screen state (a refused entry reopened to fix)', () => {
    const form = filledForm();
    const back = observationFromBody(observationBody(form.observation));
    expect(observationBody(back)).toEqual(observationBody(form.observation));
  });
});

describe('incidentBody', () => {
  it('links the incident to the eviction, at its start, and leaves the position to be inherited', () => {
    const form = filledForm();
    const incident = {
      ...newTerrainIncident(),
      type: 'tear_gas' as const,
      victimCount: 6,
      minorCount: 2,
      perpetrators: ['crs' as const],
      consent: { publication: false, litigation: true, research: false },
      description: 'Gaz sur les tentes',
    };
    const body = incidentBody(incident, form.observation);
    expect(body).toEqual({
      id: incident.id,
      type: 'tear_gas',
      occurredAt: form.observation.startedAt,
      observationId: form.observation.id,
      victimCount: 6,
      minorCount: 2,
      perpetrators: ['crs'],
      consent: { publication: false, litigation: true, research: false },
      description: 'Gaz sur les tentes',
    });
    expect(body).not.toHaveProperty('location');
    expect(incidentFromBody(body)).toEqual(incident);
  });

  it('keeps the link and time of a refused incident when it is fixed', () => {
    const original = { id: 'i1', type: 'other', occurredAt: '2025-03-04T07:31:00.000Z', observationId: 'o1' };
    const fixed = fixedIncidentBody(original, {
      ...incidentFromBody(original),
      type: 'arrest',
      victimCount: 1,
    });
    expect(fixed).toMatchObject({ id: 'i1', type: 'arrest', victimCount: 1, observationId: 'o1' });
    expect(fixed.occurredAt).toBe('2025-03-04T07:31:00.000Z');
  });
});

describe('validation before « Enregistrer »', () => {
  it('asks for a position, and nothing else of a fresh eviction', () => {
    expect(validateObservation(newTerrainForm(NOW).observation)).toEqual({
      location: 'vigie.terrain.errors.location',
    });
    expect(validateObservation(filledForm().observation)).toEqual({});
  });

  it('asks for the type of an incident and refuses more minors than victims', () => {
    expect(validateIncident({ ...newTerrainIncident(), victimCount: 1, minorCount: 2 })).toEqual({
      type: 'ra.validation.required',
      minorCount: 'vigie.incident.minorsAboveVictims',
    });
  });
});

describe('restoreForm', () => {
  it('gives back a draft read from the device, with the fields added since filled in', () => {
    const form = filledForm();
    const { peopleEvicted: _dropped, ...older } = form.observation;
    const restored = restoreForm({ ...form, observation: older, queued: undefined });
    expect(restored?.observation.id).toBe(form.observation.id);
    expect(restored?.observation.siteName).toBe('Jungle des Dunes');
    expect(restored?.observation.peopleEvicted).toBeNull();
    expect(restored?.queued).toEqual([]);
  });

  it('ignores what is not a draft of this form', () => {
    expect(restoreForm(null)).toBeNull();
    expect(restoreForm({ schema: 999, observation: {} })).toBeNull();
    expect(restoreForm('text')).toBeNull();
  });
});

describe('outboxEntries', () => {
  it('queues the eviction first, then its incidents and photos depending on their parent', () => {
    const form = filledForm();
    const incident = {
      ...newTerrainIncident(),
      type: 'arrest' as const,
      consent: { publication: false, litigation: true, research: false },
    };
    const photo = (id: string, parentId: string) => ({
      id,
      parentId,
      file: new Blob(['jpeg']),
      filename: `${id}.jpg`,
      thumbnail: null,
    });
    const entries = outboxEntries(
      {
        ...form,
        incidents: [incident],
        photos: [photo('p1', form.observation.id), photo('p2', incident.id)],
      },
      {
        observation: 'Expulsion',
        incident: (index) => `Incident ${index + 1}`,
        photo: (index) => `Photo ${index + 1}`,
      },
    );
    expect(entries.map((entry) => [entry.id, entry.dependsOn ?? [], entry.label])).toEqual([
      [form.observation.id, [], 'Expulsion'],
      [incident.id, [form.observation.id], 'Incident 1'],
      ['p1', [form.observation.id], 'Photo 1'],
      ['p2', [incident.id], 'Photo 2'],
    ]);
    const [, , eviction, ofIncident] = entries.map((entry) => entry.operation);
    expect(eviction).toMatchObject({
      type: 'upload',
      id: 'p1',
      parent: { observationId: form.observation.id },
      consent: { publication: false, litigation: false, research: false },
    });
    expect(ofIncident).toMatchObject({
      type: 'upload',
      parent: { incidentId: incident.id },
      consent: { publication: false, litigation: true, research: false },
    });
  });

  it('drops the photos of an incident removed from the entry', () => {
    const form = filledForm();
    const entries = outboxEntries(
      {
        ...form,
        photos: [{ id: 'p', parentId: 'gone', file: new Blob([]), filename: 'p.jpg', thumbnail: null }],
      },
      { observation: 'E', incident: () => 'I', photo: () => 'P' },
    );
    expect(entries.map((entry) => entry.id)).toEqual([form.observation.id]);
  });
});

describe('entry labels', () => {
  it('say what, where and when', () => {
    const form = filledForm();
    expect(entryLabel('Expulsion', placeOf(form.observation), '04/03/2025 08:31')).toBe(
      'Expulsion — Jungle des Dunes, 04/03/2025 08:31',
    );
    expect(placeOf({ siteName: null, location: CALAIS })).toBe('50.9513, 1.8587');
    expect(entryLabel('Expulsion', null, '04/03/2025 08:31')).toBe('Expulsion — 04/03/2025 08:31');
  });
});
