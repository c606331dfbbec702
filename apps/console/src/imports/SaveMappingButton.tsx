import SaveIcon from '@mui/icons-material/Save';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import type { ImportKind, ImportMappingSpec } from '@vigie/domain';
import { useState } from 'react';
import { useCreate, useNotify, useTranslate } from 'react-admin';

/**
 * « Enregistrer ce modèle »: saves the mapping as edited, under a name (`POST /api/import-mappings`).
 * The API suggests it again for a file with the same headers; a Kobo feed uses one.
 */
export const SaveMappingButton = ({
  kind,
  columns,
  mapping,
  defaultName,
}: {
  kind: ImportKind;
  columns: readonly string[];
  /** Read when saving: the mapping as the form holds it then. */
  mapping: () => ImportMappingSpec;
  defaultName: string;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [create, { isPending }] = useCreate();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const t = (key: string, options?: object) => translate(`vigie.imports.mapping.${key}`, options);

  const save = () => {
    const trimmed = name.trim();
    if (trimmed === '') return;
    void create(
      'import-mappings',
      { data: { name: trimmed, kind, columns: [...columns], mapping: mapping() } },
      {
        onSuccess: () => {
          setOpen(false);
          notify(t('templateSaved', { name: trimmed }), { type: 'info' });
        },
        onError: (error) =>
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
      },
    );
  };

  return (
    <>
      <Button
        startIcon={<SaveIcon />}
        onClick={() => {
          setName(defaultName);
          setOpen(true);
        }}
      >
        {t('saveTemplate')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <DialogTitle>{t('saveTemplate')}</DialogTitle>
          <DialogContent>
            <TextField
              autoFocus
              fullWidth
              margin="dense"
              label={t('templateName')}
              helperText={t('templateHelp')}
              value={name}
              onChange={(event) => setName(event.target.value)}
              slotProps={{ htmlInput: { maxLength: 500 } }}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setOpen(false)}>{t('cancel')}</Button>
            <Button type="submit" variant="contained" disabled={isPending || name.trim() === ''}>
              {t('save')}
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
};
