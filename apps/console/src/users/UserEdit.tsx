import { Edit, SaveButton, SimpleForm, Toolbar } from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';
import { DeactivateButton } from './UserActions';
import { UserInputs } from './UserInputs';

const UserEditToolbar = () => (
  <Toolbar sx={{ justifyContent: 'space-between' }}>
    <SaveButton />
    <DeactivateButton />
  </Toolbar>
);

/** Pessimistic, as the other edit forms: a taken email or a stale version comes back to the form. */
export const UserEdit = () => {
  const onError = useSaveErrorHandler();
  return (
    <Edit mutationMode="pessimistic" mutationOptions={{ onError }} redirect="show">
      <SimpleForm toolbar={<UserEditToolbar />} sx={{ maxWidth: { md: 560 } }}>
        <UserInputs withActive />
      </SimpleForm>
    </Edit>
  );
};
