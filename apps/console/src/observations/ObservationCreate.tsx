import { useState } from 'react';
import { Create, SimpleForm } from 'react-admin';
import { newObservationDraft } from './defaults';
import { ObservationInputs } from './ObservationInputs';

export const ObservationCreate = () => {
  // Chosen once per form: a retried "Enregistrer" sends the same id (idempotent create).
  const [draft] = useState(newObservationDraft);
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={draft} sx={{ maxWidth: { md: 760 } }}>
        <ObservationInputs />
      </SimpleForm>
    </Create>
  );
};
