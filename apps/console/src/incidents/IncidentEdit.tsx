import { Edit, SimpleForm } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { ReviewCommentNotice } from '../review/ReviewButtons';
import { IncidentInputs } from './IncidentInputs';
import { IncidentTitle } from './IncidentTitle';

/**
 * Pessimistic, like observations: field errors and a stale version (409) come back to this form
 * instead of being lost after an undo delay.
 */
export const IncidentEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="show" title={<IncidentTitle />}>
      <SimpleForm sx={{ maxWidth: { md: 760 } }}>
        <ReviewCommentNotice />
        <IncidentInputs mode="edit" />
      </SimpleForm>
    </Edit>
  );
};
