import { Edit, SimpleForm } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { LegalCaseInputs } from './LegalCaseInputs';
import { LegalCaseTitle } from './LegalCaseTitle';
import { legalCasePayload } from './payload';

/** Pessimistic: field errors and a stale version (409) come back to this form. */
export const LegalCaseEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      transform={legalCasePayload}
      redirect="show"
      title={<LegalCaseTitle />}
    >
      <SimpleForm sx={{ maxWidth: { md: 860 } }}>
        <LegalCaseInputs />
      </SimpleForm>
    </Edit>
  );
};
