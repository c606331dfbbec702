import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Snackbar from '@mui/material/Snackbar';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { lazy, useEffect, useMemo, useState } from 'react';
import type { SessionUser } from '../auth/authApi';
import { currentUser, signOut } from '../auth/session';
import { OfflineMessages, useOfflineRuntime } from '../offline/OfflineMessages';
import {
  FieldProvider,
  useFieldEnvironment,
  type FieldConfirmProps,
  type FieldEnvironment,
} from '../terrain/fieldContext';
import { mayCapture } from '../terrain/OutboxBadge';
import { OutboxEntryPage } from '../terrain/OutboxEntryPage';
import { OutboxPage } from '../terrain/OutboxPage';
import { TerrainPage } from '../terrain/TerrainPage';
import { DeviceMenu } from './DeviceMenu';
import { makeTranslate, storedLocale, storeLocale, type FieldLocale } from './i18n';
import { navigate, useHashRoute } from './router';
import { SignIn } from './SignIn';

/** react-admin's core for the map only, downloaded when the map is opened (`MapFrame.tsx`). */
const MapFrame = lazy(() => import('./MapFrame').then((module) => ({ default: module.MapFrame })));

const Loading = () => (
  <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }} data-testid="field-loading">
    <CircularProgress />
  </Box>
);

/** The screen's title goes to the tab (the bar says « Vigie — Terrain »). */
const Title = ({ title }: { title: string }) => {
  const { translate } = useFieldEnvironment();
  const text = translate(title);
  useEffect(() => {
    document.title = `${text} — Vigie`;
  }, [text]);
  return null;
};

const Confirm = ({
  isOpen,
  title,
  content,
  translateOptions,
  confirm = 'ra.action.confirm',
  cancel = 'ra.action.cancel',
  onConfirm,
  onClose,
}: FieldConfirmProps) => {
  const { translate } = useFieldEnvironment();
  return (
    <Dialog open={isOpen} onClose={onClose}>
      <DialogTitle>{translate(title, translateOptions)}</DialogTitle>
      <DialogContent>{translate(content, translateOptions)}</DialogContent>
      <DialogActions>
        <Button onClick={onClose} sx={{ minHeight: 48 }}>
          {translate(cancel)}
        </Button>
        <Button onClick={onConfirm} color="error" variant="contained" sx={{ minHeight: 48 }}>
          {translate(confirm)}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

/** While signed in: the sender, the reference data and the offline messages, as in the console. */
const Runtime = ({ onSignInAgain }: { onSignInAgain: () => void }) => {
  const { translate } = useFieldEnvironment();
  useOfflineRuntime();
  return (
    <OfflineMessages
      translate={translate}
      onSignInAgain={onSignInAgain}
      signInAgainTestId="field-sign-in-again"
    />
  );
};

/**
 * The light field app (`terrain.html`): « Terrain », the outbox and its entries, and a sign-in,
 * without react-admin, so that a phone's first visit and an offline start stay small and fast.
 * The screens are the console's own (`src/terrain/`), given translate and navigation by context.
 */
export const FieldApp = () => {
  const [locale, setLocale] = useState<FieldLocale>(storedLocale);
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [wiped, setWiped] = useState(false);
  const route = useHashRoute();
  const translate = useMemo(() => makeTranslate(locale), [locale]);

  useEffect(() => {
    let live = true;
    void currentUser().then((found) => live && setUser(found));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const environment = useMemo<FieldEnvironment>(
    () => ({
      translate,
      locale,
      navigate,
      permissions: user?.role ?? null,
      params: route.screen === 'entry' ? { id: route.id } : {},
      MapFrame,
      Title,
      Loading,
      Confirm,
    }),
    [translate, locale, user, route],
  );

  const otherLocale: FieldLocale = locale === 'fr' ? 'en' : 'fr';
  const signOutToSignIn = async () => {
    await signOut();
    setUser(null);
  };
  const signInAgain = () => void signOutToSignIn();

  return (
    <FieldProvider value={environment}>
      <AppBar position="static" color="primary">
        <Toolbar sx={{ gap: 1, px: { xs: 1, sm: 2 } }}>
          <Typography variant="h6" component="div" sx={{ flex: 1, fontSize: '1.05rem' }} noWrap>
            {translate('vigie.field.title')}
          </Typography>
          <Button
            color="inherit"
            sx={{ minHeight: 48, minWidth: 48 }}
            onClick={() => {
              storeLocale(otherLocale);
              setLocale(otherLocale);
            }}
            lang={otherLocale}
            data-testid="field-locale"
          >
            {otherLocale.toUpperCase()}
          </Button>
          <Button color="inherit" href="/" sx={{ minHeight: 48 }} data-testid="field-console-link">
            {translate('vigie.field.console')}
          </Button>
          {user ? <DeviceMenu user={user} signOut={signOutToSignIn} onWiped={() => setWiped(true)} /> : null}
        </Toolbar>
      </AppBar>
      {user === undefined ? (
        <Loading />
      ) : user === null ? (
        <SignIn translate={translate} onSignedIn={setUser} />
      ) : !mayCapture(user.role) ? (
        <Typography sx={{ p: 2 }} data-testid="field-not-allowed">
          {translate('vigie.field.notAllowed')}
        </Typography>
      ) : (
        <>
          {route.screen === 'outbox' ? (
            <OutboxPage />
          ) : route.screen === 'entry' ? (
            <OutboxEntryPage key={route.id} />
          ) : (
            <TerrainPage />
          )}
          <Runtime onSignInAgain={signInAgain} />
        </>
      )}
      <Snackbar
        open={wiped}
        autoHideDuration={6000}
        onClose={() => setWiped(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        message={translate('vigie.offline.wiped')}
      />
    </FieldProvider>
  );
};
