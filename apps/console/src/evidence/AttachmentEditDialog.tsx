import SaveIcon from '@mui/icons-material/Save';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { Button, useNotify, useTranslate } from 'react-admin';
import { CONSENT_SCOPES, LIMITS, type AttachmentRecord, type Consent } from '@vigie/domain';
import { termKey } from '../common/choices';
import { apiJson, errorText } from './api';
import { CONSENT_KEYS } from './format';
import { ATTACHMENTS_URL } from './upload';

export interface AttachmentEditDialogProps {
  attachment: AttachmentRecord;
  onClose: () => void;
  onSaved: () => void;
}

/**
 * Changes what may change on a file: its caption and the consents (given later, or withdrawn).
 * The bytes never change. The version seen is sent: a change made meanwhile is refused (409).
 */
export const AttachmentEditDialog = ({ attachment, onClose, onSaved }: AttachmentEditDialogProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const titleId = useId();
  const [caption, setCaption] = useState(attachment.caption ?? '');
  const [consent, setConsent] = useState<Consent>({ ...attachment.consent });
  const [pending, setPending] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    try {
      await apiJson(`${ATTACHMENTS_URL}/${encodeURIComponent(attachment.id)}`, 'update', {
        method: 'PATCH',
        body: JSON.stringify({
          caption: caption.trim() === '' ? null : caption.trim(),
          consent,
          version: attachment.version,
        }),
      });
      notify('vigie.evidence.edit.done', { type: 'success' });
      onSaved();
    } catch (error) {
      notify(errorText(error), { type: 'error' });
      setPending(false);
    }
  };

  return (
    <Dialog open onClose={pending ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <form onSubmit={(event) => void save(event)} noValidate>
        <DialogTitle id={titleId}>{translate('vigie.evidence.edit.title')}</DialogTitle>
        <DialogContent>
          <TextField
            name="caption"
            label={translate('vigie.evidence.caption')}
            value={caption}
            onChange={(event) => setCaption(event.target.value)}
            slotProps={{ htmlInput: { maxLength: LIMITS.shortText } }}
            fullWidth
            margin="dense"
            disabled={pending}
          />
          <FormLabel component="legend" sx={{ mt: 2 }}>
            {translate('vigie.evidence.consent')}
          </FormLabel>
          <FormGroup row>
            {CONSENT_KEYS.map((scope) => (
              <FormControlLabel
                key={scope}
                control={
                  <Checkbox
                    name={`consent.${scope}`}
                    checked={consent[scope]}
                    onChange={(event) => setConsent({ ...consent, [scope]: event.target.checked })}
                    disabled={pending}
                  />
                }
                label={translate(termKey(CONSENT_SCOPES, scope))}
              />
            ))}
          </FormGroup>
          <FormHelperText>{translate('vigie.evidence.consentHelp')}</FormHelperText>
        </DialogContent>
        <DialogActions>
          <Button label="ra.action.cancel" onClick={onClose} disabled={pending} />
          <Button label="ra.action.save" type="submit" variant="contained" disabled={pending}>
            <SaveIcon />
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
