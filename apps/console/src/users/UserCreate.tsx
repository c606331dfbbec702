import { Create, required, SimpleForm, TextInput, useTranslate } from 'react-admin';
import { PASSWORD_MIN_LENGTH } from '@vigie/domain';
import { passwordLength, PASSWORD_RULES_KEY } from './passwordRules';
import { UserInputs } from './UserInputs';

const PasswordRulesHelp = () => {
  const translate = useTranslate();
  return <>{translate(PASSWORD_RULES_KEY, { min: PASSWORD_MIN_LENGTH })}</>;
};

export const UserCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ role: 'observer' }} sx={{ maxWidth: { md: 560 } }}>
      <UserInputs />
      {/* Not PasswordInput: it passes `InputProps`, which the installed MUI no longer accepts. */}
      <TextInput
        source="password"
        type="password"
        autoComplete="new-password"
        validate={[required(), passwordLength]}
        helperText={<PasswordRulesHelp />}
      />
    </SimpleForm>
  </Create>
);
