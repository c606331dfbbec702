import Alert from '@mui/material/Alert';
import CallMergeIcon from '@mui/icons-material/CallMerge';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import { useId, useState } from 'react';
import { Button, useLocaleState, useNotify, useTranslate } from 'react-admin';
import type { ObservationRecord } from '@vigie/domain';
import { formatParisDateTime } from '../common/parisTime';
import { errorText } from '../evidence/api';
import { mergeObservations } from './api';

export interface MergeDialogProps {
  /** The observation of the page. */
  record: ObservationRecord;
  other: ObservationRecord;
  onClose: () => void;
  onMerged: (kept: ObservationRecord) => void;
}

/**
 * Asks which of the two observations to keep and says what happens to the other (soft-deleted,
 * its incidents and files moved) before merging. The kept record's version is sent: if someone
 * changed it meanwhile, the API refuses (409) and nothing is merged.
 */
export const MergeDialog = ({ record, other, onClose, onMerged }: MergeDialogProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const titleId = useId();
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const [pending, setPending] = useState(false);

  const merge = async () => {
    const [kept, duplicate] = keep === 'this' ? [record, other] : [other, record];
    setPending(true);
    try {
      const result = await mergeObservations(kept.id, duplicate.id, kept.version);
      notify('vigie.duplicates.mergedDone', { type: 'success' });
      onMerged(result);
    } catch (error) {
      notify(errorText(error), { type: 'error' });
      setPending(false);
    }
  };

  const date = (observation: ObservationRecord) => formatParisDateTime(observation.startedAt, locale);
  return (
    <Dialog open onClose={pending ? undefined : onClose} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <DialogTitle id={titleId}>{translate('vigie.duplicates.mergeTitle')}</DialogTitle>
      <DialogContent>
        <FormControl>
          <FormLabel id={`${titleId}-keep`}>{translate('vigie.duplicates.keepWhich')}</FormLabel>
          <RadioGroup
            aria-labelledby={`${titleId}-keep`}
            name="keep"
            value={keep}
            onChange={(event) => setKeep(event.target.value === 'other' ? 'other' : 'this')}
          >
            <FormControlLabel
              value="this"
              control={<Radio />}
              label={translate('vigie.duplicates.keepThis', { date: date(record) })}
              disabled={pending}
            />
            <FormControlLabel
              value="other"
              control={<Radio />}
              label={translate('vigie.duplicates.keepOther', { date: date(other) })}
              disabled={pending}
            />
          </RadioGroup>
        </FormControl>
        <Alert severity="warning" sx={{ mt: 2 }}>
          {translate('vigie.duplicates.mergeWarning')}
        </Alert>
      </DialogContent>
      <DialogActions>
        <Button label="ra.action.cancel" onClick={onClose} disabled={pending} />
        <Button
          label="vigie.duplicates.confirmMerge"
          variant="contained"
          color="warning"
          onClick={() => void merge()}
          disabled={pending}
        >
          <CallMergeIcon />
        </Button>
      </DialogActions>
    </Dialog>
  );
};
