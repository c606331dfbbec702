import type { Consent } from '@vigie/domain';
import { NO_CONSENT } from '../incidents/defaults';
import type { NewOutboxEntry } from '../offline';
import { incidentBody, observationBody, type TerrainForm } from './form';

/** The words of the outbox labels, in the language of the screen the entry was made on. */
export interface EntryLabels {
  observation: string;
  incident: (index: number) => string;
  photo: (index: number) => string;
}

/**
 * What « Enregistrer » puts in the outbox, in the order it must reach the server: the eviction,
 * then each incident (depending on it), then each photo (depending on its eviction or incident).
 * Every id was chosen on the device when the form was opened, so a resend never duplicates.
 * A photo carries its incident's consent; a photo of the eviction itself, none (privacy first:
 * it can be given later in the console).
 */
export function outboxEntries(form: TerrainForm, labels: EntryLabels): NewOutboxEntry[] {
  const { observation } = form;
  const consentOf = new Map<string, Consent>(
    form.incidents.map((incident) => [incident.id, incident.consent]),
  );
  return [
    {
      id: observation.id,
      operation: { type: 'create', resource: 'observations', body: observationBody(observation) },
      label: labels.observation,
    },
    ...form.incidents.map((incident, index): NewOutboxEntry => ({
      id: incident.id,
      operation: { type: 'create', resource: 'incidents', body: incidentBody(incident, observation) },
      dependsOn: [observation.id],
      label: labels.incident(index),
    })),
    ...form.photos
      .filter((photo) => photo.parentId === observation.id || consentOf.has(photo.parentId))
      .map((photo, index): NewOutboxEntry => ({
        id: photo.id,
        operation: {
          type: 'upload',
          id: photo.id,
          parent:
            photo.parentId === observation.id
              ? { observationId: observation.id }
              : { incidentId: photo.parentId },
          file: photo.file,
          filename: photo.filename,
          caption: null,
          consent: { ...(consentOf.get(photo.parentId) ?? NO_CONSENT) },
        },
        dependsOn: [photo.parentId],
        label: labels.photo(index),
      })),
  ];
}
