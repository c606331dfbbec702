import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { SessionUser } from '../auth/authApi';
import { signIn } from '../auth/session';
import { SignInFields, useSignInForm } from '../auth/SignInForm';
import type { Translate } from '../terrain/fieldContext';

/**
 * Email and password, then the 6-digit code when the account has a second factor (sent again with
 * the email and password: the API keeps no half-open session), without react-admin: the form is
 * the console's (`auth/SignInForm.tsx`), signing in through `auth/session` instead of `useLogin`.
 */
export const SignIn = ({
  translate,
  onSignedIn,
}: {
  translate: Translate;
  onSignedIn: (user: SessionUser) => void;
}) => {
  const form = useSignInForm(async (credentials) => onSignedIn(await signIn(credentials)));
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 1 }}>
      <Paper
        component="form"
        onSubmit={form.submit}
        noValidate
        data-testid="field-sign-in"
        sx={{ p: 2, mt: { xs: 2, sm: 6 }, width: '100%', maxWidth: 400, boxSizing: 'border-box' }}
      >
        <Typography variant="h5" component="h1" align="center" sx={{ mb: 2 }}>
          {translate('vigie.field.title')}
        </Typography>
        <SignInFields
          form={form}
          translate={translate}
          testIdPrefix="field-sign-in"
          submitHeight={56}
          backHeight={48}
        />
        <Button href="/" fullWidth sx={{ mt: 1, minHeight: 48 }}>
          {translate('vigie.field.console')}
        </Button>
      </Paper>
    </Box>
  );
};
