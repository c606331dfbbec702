import { Edit, SimpleForm } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { ReviewCommentNotice } from '../review/ReviewButtons';
import { ObservationInputs } from './ObservationInputs';

/**
 * Pessimistic: the record is only shown as saved once the API accepted it, so that field errors
 * and a stale version (409) come back to this form instead of being lost after an undo delay.
 */
export const ObservationEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="show">
      <SimpleForm sx={{ maxWidth: { md: 760 } }}>
        <ReviewCommentNotice />
        <ObservationInputs />
      </SimpleForm>
    </Edit>
  );
};
