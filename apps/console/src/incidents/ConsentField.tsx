import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import DoNotDisturbOnIcon from '@mui/icons-material/DoNotDisturbOn';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useRecordContext, useTranslate, type FieldProps } from 'react-admin';
import { CONSENT_SCOPES, type Consent } from '@vigie/domain';
import { termKey } from '../common/choices';

/**
 * The three consents, each said in words and with an icon (not by colour alone): what may be
 * published, used in litigation or exported for research.
 */
export const ConsentField = (_props: FieldProps) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const consent = (record?.consent ?? {}) as Partial<Consent>;
  return (
    <Stack component="ul" spacing={0.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {CONSENT_SCOPES.codes.map((scope) => {
        const given = consent[scope] === true;
        return (
          <Stack
            component="li"
            key={scope}
            direction="row"
            spacing={1}
            sx={{ alignItems: 'center' }}
            data-consent={scope}
            data-given={given}
          >
            {given ? (
              <CheckCircleIcon fontSize="small" color="success" aria-hidden />
            ) : (
              <DoNotDisturbOnIcon fontSize="small" color="disabled" aria-hidden />
            )}
            <Typography variant="body2">
              <strong>{translate(termKey(CONSENT_SCOPES, scope))}</strong> :{' '}
              {translate(given ? 'vigie.incident.consentGiven' : 'vigie.incident.consentNotGiven')}
            </Typography>
          </Stack>
        );
      })}
    </Stack>
  );
};
