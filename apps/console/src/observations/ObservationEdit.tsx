import { Edit, SimpleForm } from 'react-admin';
import { useKeepOnDevice } from '../offline/KeepOnDevice';
import { ReviewCommentNotice } from '../review/ReviewButtons';
import { ObservationInputs } from './ObservationInputs';

/**
 * Pessimistic: the record is only shown as saved once the API accepted it, so that field errors
 * and a stale version (409) come back to this form instead of being lost after an undo delay.
 * A save that cannot reach the server offers to keep the change on the device (issue 13).
 */
export const ObservationEdit = () => {
  const { mutationOptions, dialog } = useKeepOnDevice('observations');
  return (
    <>
      <Edit mutationMode="pessimistic" mutationOptions={mutationOptions} redirect="show">
        <SimpleForm sx={{ maxWidth: { md: 760 } }}>
          <ReviewCommentNotice />
          <ObservationInputs />
        </SimpleForm>
      </Edit>
      {dialog}
    </>
  );
};
