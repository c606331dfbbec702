import CloseIcon from '@mui/icons-material/Close';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import IconButton from '@mui/material/IconButton';
import { useState, type ReactNode } from 'react';
import {
  CreateBase,
  EditBase,
  SaveButton,
  SimpleForm,
  Toolbar,
  useNotify,
  useRefresh,
  useTranslate,
  type RaRecord,
  type TransformData,
} from 'react-admin';
import { useSaveErrorHandler } from '../common/useSaveErrorHandler';

export interface CaseFormDialogProps {
  /** A case's sub-resource: `legal-cases/<id>/events`, `…/deadlines`. */
  resource: string;
  /** Absent: a new record. */
  id?: string;
  title: string;
  /** Where a new record starts (with its client id, chosen once per dialog). */
  defaults?: Record<string, unknown>;
  transform: TransformData;
  savedMessage: string;
  onClose: () => void;
  children: ReactNode;
}

const DialogToolbar = () => (
  <Toolbar sx={{ px: 0 }}>
    <SaveButton alwaysEnable={false} />
  </Toolbar>
);

/**
 * A record of a case (an event, a deadline) created or changed in a dialog over the case page.
 * The form is react-admin's: the API's field errors show under the inputs, a stale version gets
 * the conflict message. Saving refreshes the page: a new event may have computed deadlines.
 */
export const CaseFormDialog = ({
  resource,
  id,
  title,
  defaults,
  transform,
  savedMessage,
  onClose,
  children,
}: CaseFormDialogProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const onError = useSaveErrorHandler();
  const [draft] = useState(defaults);
  const onSuccess = () => {
    notify(savedMessage, { type: 'success' });
    refresh();
    onClose();
  };
  const form = (
    <SimpleForm defaultValues={draft} toolbar={<DialogToolbar />} sx={{ px: 0 }}>
      {children}
    </SimpleForm>
  );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="case-form-dialog-title">
      <DialogTitle id="case-form-dialog-title" sx={{ pr: 6 }}>
        {translate(title)}
        <IconButton
          onClick={onClose}
          aria-label={translate('ra.action.close')}
          sx={{ position: 'absolute', right: 8, top: 8 }}
        >
          <CloseIcon />
        </IconButton>
      </DialogTitle>
      <DialogContent>
        {id ? (
          <EditBase<RaRecord>
            resource={resource}
            id={id}
            mutationMode="pessimistic"
            redirect={false}
            transform={transform}
            mutationOptions={{ onSuccess, onError }}
          >
            {form}
          </EditBase>
        ) : (
          <CreateBase
            resource={resource}
            redirect={false}
            transform={transform}
            mutationOptions={{ onSuccess, onError }}
          >
            {form}
          </CreateBase>
        )}
      </DialogContent>
    </Dialog>
  );
};
