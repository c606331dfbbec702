import { useState } from 'react';
import { Create, SimpleForm } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { newIncidentDraft } from './defaults';
import { IncidentInputs } from './IncidentInputs';

/**
 * Opened from an observation, the form starts from `?source=` (see `incidentCreateSearch`), which
 * react-admin merges over these defaults.
 */
export const IncidentCreate = () => {
  // Chosen once per form: a retried "Enregistrer" sends the same id (idempotent create).
  const [draft] = useState(newIncidentDraft);
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="show" mutationOptions={{ onError }}>
      <SimpleForm defaultValues={draft} sx={{ maxWidth: { md: 760 } }}>
        <IncidentInputs mode="create" />
      </SimpleForm>
    </Create>
  );
};
