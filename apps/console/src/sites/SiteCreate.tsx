import { useState } from 'react';
import { Create, SimpleForm } from 'react-admin';
import { newId } from '../api/uuid';
import { SiteInputs } from './SiteInputs';

const newSiteDraft = () => ({
  id: newId(),
  name: '',
  aliases: [],
  kind: null,
  status: 'active',
  location: null,
  perimeter: null,
  notes: null,
});

export const SiteCreate = () => {
  // Chosen once per form: a retried "Enregistrer" sends the same id (idempotent create).
  const [draft] = useState(newSiteDraft);
  return (
    <Create redirect="show">
      <SimpleForm defaultValues={draft} sx={{ maxWidth: { md: 760 } }}>
        <SiteInputs />
      </SimpleForm>
    </Create>
  );
};
