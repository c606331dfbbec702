import { useState } from 'react';
import { Create, SimpleForm } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { LegalCaseInputs } from './LegalCaseInputs';
import { legalCasePayload, newLegalCaseDraft } from './payload';

export const LegalCaseCreate = () => {
  // Chosen once per form: a retried "Enregistrer" sends the same id (idempotent create).
  const [draft] = useState(newLegalCaseDraft);
  const onError = useSaveErrorHandler();
  return (
    <Create redirect="show" transform={legalCasePayload} mutationOptions={{ onError }}>
      <SimpleForm defaultValues={draft} sx={{ maxWidth: { md: 860 } }}>
        <LegalCaseInputs />
      </SimpleForm>
    </Create>
  );
};
