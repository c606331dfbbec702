import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import { useState } from 'react';
import { Button, useDataProvider, useTranslate } from 'react-admin';
import type { ChainVerification, VigieDataProvider } from '../dataProvider';

type CheckState =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'done'; result: ChainVerification }
  | { status: 'failed'; message: string };

/**
 * "Vérifier la chaîne": the server recomputes every hash of the audit trail. Green when each event
 * still links to the one before; red, naming the first event that does not, when a row was altered
 * behind the application's back.
 */
export const ChainCheck = () => {
  const dataProvider = useDataProvider<VigieDataProvider>();
  const translate = useTranslate();
  const [state, setState] = useState<CheckState>({ status: 'idle' });

  const verify = async () => {
    setState({ status: 'pending' });
    try {
      setState({ status: 'done', result: await dataProvider.verifyAuditChain() });
    } catch (error) {
      setState({ status: 'failed', message: error instanceof Error ? error.message : 'vigie.errors.server' });
    }
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, mt: 1 }}>
      <Box>
        <Button
          label={state.status === 'pending' ? 'vigie.audit.verifying' : 'vigie.audit.verify'}
          onClick={verify}
          disabled={state.status === 'pending'}
          variant="outlined"
        >
          <VerifiedIcon />
        </Button>
      </Box>
      {state.status === 'done' && state.result.ok ? (
        <Alert severity="success" variant="filled" role="status" data-chain="ok">
          <AlertTitle>{translate('vigie.audit.chainOk')}</AlertTitle>
          {translate('vigie.audit.chainOkCount', { smart_count: state.result.count })}
          {state.result.headHash ? (
            <Box component="code" sx={{ display: 'block', mt: 0.5, overflowWrap: 'anywhere' }}>
              {translate('vigie.audit.headHash')} : {state.result.headHash}
            </Box>
          ) : null}
        </Alert>
      ) : null}
      {state.status === 'done' && !state.result.ok ? (
        <Alert severity="error" variant="filled" role="alert" data-chain="broken">
          <AlertTitle>{translate('vigie.audit.chainBroken')}</AlertTitle>
          {translate('vigie.audit.chainBrokenAt', { id: String(state.result.brokenAtId) })}
        </Alert>
      ) : null}
      {state.status === 'failed' ? (
        <Alert severity="warning" role="alert">
          {translate(state.message, { _: state.message })}
        </Alert>
      ) : null}
    </Box>
  );
};
