import { Edit, SimpleForm } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { SiteInputs } from './SiteInputs';

/** Pessimistic, as ObservationEdit: field errors and version conflicts come back to the form. */
export const SiteEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="show">
      <SimpleForm sx={{ maxWidth: { md: 760 } }}>
        <SiteInputs />
      </SimpleForm>
    </Edit>
  );
};
