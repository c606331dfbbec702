import Alert from '@mui/material/Alert';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { AccessDenied, CanAccess, Title, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { SecuritySettings as Settings, VigieDataProvider } from '../dataProvider';

const SecuritySettingsForm = () => {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    let active = true;
    dataProvider.getSecuritySettings().then(
      (loaded) => {
        if (active) setSettings(loaded);
      },
      () => {
        if (active) setLoadFailed(true);
      },
    );
    return () => {
      active = false;
    };
  }, [dataProvider]);

  const toggle = async (next: boolean) => {
    if (!settings) return;
    setPending(true);
    try {
      setSettings(
        await dataProvider.updateSecuritySettings({ ...settings, totpRequiredForPrivileged: next }),
      );
      notify('vigie.settings.saved', { type: 'success' });
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  if (loadFailed) return <Alert severity="error">{translate('vigie.settings.loadError')}</Alert>;
  if (!settings) return <LinearProgress />;
  return (
    <>
      <FormControlLabel
        control={
          <Switch
            name="totpRequiredForPrivileged"
            checked={settings.totpRequiredForPrivileged}
            disabled={pending}
            onChange={(event) => void toggle(event.target.checked)}
          />
        }
        label={translate('vigie.settings.totpRequiredForPrivileged')}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {translate('vigie.settings.totpRequiredHelp')}
      </Typography>
    </>
  );
};

/** "Sécurité" (admin): the second factor made mandatory for the admin and legal roles. */
export const SecuritySettings = () => (
  <CanAccess resource="settings" action="edit" accessDenied={<AccessDenied />}>
    <Card sx={{ mt: { xs: 0, sm: 1 }, maxWidth: 720 }}>
      <Title title="vigie.settings.title" />
      <CardContent>
        <SecuritySettingsForm />
      </CardContent>
    </Card>
  </CanAccess>
);
