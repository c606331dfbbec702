import LockIcon from '@mui/icons-material/Lock';
import Box from '@mui/material/Box';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Login, useLogin, useTranslate } from 'react-admin';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { SignInFields, useSignInForm } from './SignInForm';

/** The shared sign-in form, signing in through react-admin's `useLogin` (authProvider, then redirect). */
const LoginForm = () => {
  const translate = useTranslate();
  const login = useLogin();
  const form = useSignInForm(login);

  return (
    <CardContent component="form" onSubmit={form.submit} noValidate sx={{ width: { xs: '100%', sm: 360 } }}>
      <Typography variant="h5" component="h1" align="center" sx={{ mb: 2 }}>
        {translate('vigie.appName')}
      </Typography>
      <SignInFields form={form} translate={translate} submitHeight={44} submitProgress />
      <Box sx={{ display: 'flex', justifyContent: 'center', mt: 2, color: 'text.primary' }}>
        <LanguageSwitch tone="light" />
      </Box>
    </CardContent>
  );
};

/** react-admin's login frame (it sends a user already signed in to the home page), with our form. */
export const LoginPage = () => (
  <Login
    avatarIcon={<LockIcon />}
    sx={{
      backgroundImage: 'radial-gradient(circle at 50% 14em, #2e6b5e 0%, #1b3a4b 60%, #10242f 100%)',
      '& .RaLogin-card': { mt: { xs: 2, sm: '6em' }, mx: 1, maxWidth: '100%' },
    }}
  >
    <LoginForm />
  </Login>
);
