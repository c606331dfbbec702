import { BooleanInput, email, maxLength, required, SelectInput, TextInput } from 'react-admin';
import { LIMITS, ROLES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';

export const roleChoices = vocabularyChoices(ROLES);

const shortText = maxLength(LIMITS.shortText);

/** Inputs shared by UserCreate and UserEdit; the password has its own input (create) or dialog. */
export const UserInputs = ({ withActive = false }: { withActive?: boolean }) => (
  <>
    <TextInput source="email" type="email" validate={[required(), email(), shortText]} autoComplete="off" />
    <TextInput source="name" validate={[required(), shortText]} />
    <SelectInput source="role" choices={roleChoices} validate={required()} />
    {withActive ? <BooleanInput source="active" /> : null}
  </>
);
