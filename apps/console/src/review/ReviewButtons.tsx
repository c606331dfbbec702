import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import SendIcon from '@mui/icons-material/Send';
import UndoIcon from '@mui/icons-material/Undo';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import MuiButton from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import {
  Button,
  HttpError,
  useCanAccess,
  useDataProvider,
  useGetIdentity,
  useNotify,
  useRecordContext,
  useRefresh,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { LIMITS } from '@vigie/domain';
import type { ReviewAction, VigieDataProvider } from '../dataProvider';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : 'ra.notification.http_error';
}

/** Runs a review step on the record of the page, then reads it again. */
function useReview(): {
  pending: boolean;
  run: (action: ReviewAction, comment?: string) => Promise<boolean>;
} {
  const record = useRecordContext();
  const resource = useResourceContext();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [pending, setPending] = useState(false);
  const run = async (action: ReviewAction, comment?: string) => {
    if (!record || !resource) return false;
    setPending(true);
    try {
      await dataProvider.review(resource, { id: record.id, action, comment });
      notify(`vigie.review.done.${action}`, { type: 'success' });
      refresh();
      return true;
    } catch (error) {
      const errors =
        error instanceof HttpError ? (error.body as { errors?: Record<string, unknown> })?.errors : null;
      const message = typeof errors?.comment === 'string' ? errors.comment : errorMessage(error);
      notify(message, { type: 'error' });
      return false;
    } finally {
      setPending(false);
    }
  };
  return { pending, run };
}

const ReviewButton = ({ action, icon }: { action: ReviewAction; icon: ReactElement }) => {
  const { pending, run } = useReview();
  return (
    <Button label={`vigie.review.${action}`} onClick={() => void run(action)} disabled={pending}>
      {icon}
    </Button>
  );
};

/** "Renvoyer": asks the reviewer why, the comment goes back to the author with the record. */
const ReturnButton = () => {
  const translate = useTranslate();
  const { pending, run } = useReview();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);

  const close = () => {
    setOpen(false);
    setComment('');
    setFieldError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (comment.trim() === '') {
      setFieldError(translate('vigie.review.commentRequired'));
      return;
    }
    if (await run('return', comment)) close();
  };

  const title = translate('vigie.review.return');
  // Several records (the "À relire" page) may each have their dialog.
  const titleId = `review-return-title-${useId()}`;
  return (
    <>
      <Button label="vigie.review.return" onClick={() => setOpen(true)} disabled={pending}>
        <UndoIcon />
      </Button>
      <Dialog open={open} onClose={close} aria-labelledby={titleId} fullWidth maxWidth="sm">
        <form onSubmit={submit} noValidate>
          <DialogTitle id={titleId}>{title}</DialogTitle>
          <DialogContent>
            <TextField
              name="comment"
              label={translate('vigie.review.comment')}
              autoFocus
              required
              fullWidth
              multiline
              minRows={3}
              margin="dense"
              value={comment}
              slotProps={{ htmlInput: { maxLength: LIMITS.longText } }}
              onChange={(event) => {
                setComment(event.target.value);
                setFieldError(null);
              }}
              error={fieldError !== null}
              helperText={fieldError ?? translate('vigie.review.commentHelp')}
              disabled={pending}
            />
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={close} disabled={pending}>
              {translate('ra.action.cancel')}
            </MuiButton>
            <MuiButton type="submit" variant="contained" disabled={pending}>
              {title}
            </MuiButton>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};

/**
 * The review steps the signed-in role may take on the record of the resource in context
 * (observations, incidents; DESIGN §3, §4): "Soumettre" a draft (an observer only its own),
 * "Valider" or "Renvoyer" a submitted record (coordinators, admins).
 */
export const ReviewButtons = () => {
  const record = useRecordContext();
  const resource = useResourceContext();
  const { identity } = useGetIdentity();
  const submit = useCanAccess({ action: 'submit', resource, record });
  const validate = useCanAccess({ action: 'validate', resource, record });
  if (!record || !resource || record.deletedAt != null) return null;
  const ownOrReviewer =
    validate.canAccess === true || (identity?.id !== undefined && identity.id === record.createdBy);
  if (record.status === 'draft' && submit.canAccess && ownOrReviewer) {
    return <ReviewButton action="submit" icon={<SendIcon />} />;
  }
  if (record.status === 'submitted' && validate.canAccess) {
    return (
      <>
        <ReviewButton action="validate" icon={<CheckCircleIcon />} />
        <ReturnButton />
      </>
    );
  }
  return null;
};

/**
 * A record sent back to draft carries the reviewer's comment: said at the top of the record and of
 * its form, where its author looks, until it is submitted again.
 */
export const ReviewCommentNotice = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record || record.status !== 'draft' || typeof record.reviewComment !== 'string') return null;
  if (record.reviewComment.trim() === '') return null;
  return (
    <Alert severity="info" sx={{ mb: 1, width: '100%', boxSizing: 'border-box' }}>
      <AlertTitle>{translate('vigie.review.returned')}</AlertTitle>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {record.reviewComment}
      </Typography>
    </Alert>
  );
};
