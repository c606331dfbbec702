import LinkIcon from '@mui/icons-material/Link';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { HttpError, useCreate, useNotify, useRefresh, useTranslate } from 'react-admin';
import { LIMITS } from '@vigie/domain';
import { newId } from '../../api/uuid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Target = 'incidentId' | 'attachmentId' | 'observationId';

/** The field error the API gave for the id, if any (e.g. « no consent to use in legal proceedings »). */
function fieldError(error: unknown, field: Target): string | null {
  if (!(error instanceof HttpError)) return null;
  const errors = (error.body as { errors?: Record<string, unknown> } | null)?.errors;
  const message = errors?.[field];
  return typeof message === 'string' ? message : null;
}

/**
 * Links one incident or file (or observation) by its id. An incident or file whose people did not
 * agree to its use in legal proceedings is refused by the API: the reason is shown in full.
 */
export const LinkRecordForm = ({ resource }: { resource: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [create, { isPending }] = useCreate();
  const [target, setTarget] = useState<Target>('incidentId');
  const [id, setId] = useState('');
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<{ message: string; detail: string | null } | null>(null);
  const valid = UUID.test(id.trim());

  const submit = () => {
    setFailure(null);
    void create(
      resource,
      { data: { id: newId(), [target]: id.trim(), ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          notify('vigie.legal.evidence.linkedOne', { type: 'success' });
          setId('');
          setNote('');
          refresh();
        },
        onError: (error) =>
          setFailure({
            message: error instanceof Error ? error.message : 'ra.notification.http_error',
            detail: fieldError(error, target),
          }),
      },
    );
  };

  return (
    <Box
      component="form"
      noValidate
      aria-labelledby="link-record-title"
      data-testid="link-record-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) submit();
      }}
      sx={{ mt: 3 }}
    >
      <Typography variant="h6" component="h2" id="link-record-title">
        {translate('vigie.legal.evidence.linkById')}
      </Typography>
      <RadioGroup
        row
        name="target"
        value={target}
        onChange={(event) => setTarget(event.target.value as Target)}
      >
        {(['incidentId', 'attachmentId', 'observationId'] as const).map((value) => (
          <FormControlLabel
            key={value}
            value={value}
            control={<Radio />}
            label={translate(`vigie.legal.evidence.targets.${value}`)}
          />
        ))}
      </RadioGroup>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'flex-start' } }}>
        <TextField
          name="recordId"
          size="small"
          label={translate('vigie.legal.evidence.recordId')}
          value={id}
          onChange={(event) => setId(event.target.value)}
          error={id !== '' && !valid}
          helperText={id !== '' && !valid ? translate('vigie.legal.evidence.invalidId') : ' '}
          sx={{ width: { xs: '100%', sm: 380 } }}
        />
        <TextField
          name="linkNote"
          size="small"
          label={translate('vigie.legal.evidence.note')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          slotProps={{ htmlInput: { maxLength: LIMITS.longText } }}
          sx={{ flex: 1 }}
        />
        <Button
          aria-label={translate('vigie.legal.evidence.link')}
          type="submit"
          variant="contained"
          startIcon={<LinkIcon />}
          disabled={!valid || isPending}
        >
          {translate('vigie.legal.evidence.link')}
        </Button>
      </Stack>
      {failure ? (
        <Alert severity="error" role="alert" data-testid="link-error" sx={{ mt: 1 }}>
          {translate(failure.message)}
          {failure.detail ? ` (${failure.detail})` : ''}
        </Alert>
      ) : null}
    </Box>
  );
};
