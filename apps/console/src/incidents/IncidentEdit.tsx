import { Edit, SimpleForm } from 'react-admin';
import { useKeepOnDevice } from '../offline/KeepOnDevice';
import { ReviewCommentNotice } from '../review/ReviewButtons';
import { IncidentInputs } from './IncidentInputs';
import { IncidentTitle } from './IncidentTitle';

/**
 * Pessimistic, like observations: field errors and a stale version (409) come back to this form
 * instead of being lost after an undo delay. A save that cannot reach the server offers to keep
 * the change on the device (issue 13).
 */
export const IncidentEdit = () => {
  const { mutationOptions, dialog } = useKeepOnDevice('incidents');
  return (
    <>
      <Edit
        mutationMode="pessimistic"
        mutationOptions={mutationOptions}
        redirect="show"
        title={<IncidentTitle />}
      >
        <SimpleForm sx={{ maxWidth: { md: 760 } }}>
          <ReviewCommentNotice />
          <IncidentInputs mode="edit" />
        </SimpleForm>
      </Edit>
      {dialog}
    </>
  );
};
