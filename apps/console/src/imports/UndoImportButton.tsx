import UndoIcon from '@mui/icons-material/Undo';
import Button from '@mui/material/Button';
import { useMutation } from '@tanstack/react-query';
import type { ImportRecord } from '@vigie/domain';
import { useState } from 'react';
import { Confirm, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';

/**
 * « Annuler l'import » on a committed import, after a confirmation. The API refuses (409) when a
 * record the import touched was changed since: its message, which names them, is shown as is.
 */
export const UndoImportButton = ({
  record,
}: {
  record: Pick<ImportRecord, 'id' | 'fileName' | 'status'>;
}) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [confirming, setConfirming] = useState(false);
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.undoImport({ id: record.id }),
    onSuccess: () => {
      setConfirming(false);
      notify('vigie.imports.undo.done', { type: 'info' });
      refresh();
    },
    onError: (error) => {
      setConfirming(false);
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', {
        type: 'error',
        autoHideDuration: null,
      });
    },
  });
  if (record.status !== 'committed') return null;
  return (
    <>
      <Button
        size="small"
        color="warning"
        startIcon={<UndoIcon />}
        disabled={isPending}
        onClick={(event) => {
          // Inside a clickable row: the button does not open the import.
          event.stopPropagation();
          setConfirming(true);
        }}
      >
        {translate('vigie.imports.undo.button')}
      </Button>
      <Confirm
        isOpen={confirming}
        loading={isPending}
        title="vigie.imports.undo.title"
        titleTranslateOptions={{ fileName: record.fileName }}
        content="vigie.imports.undo.content"
        onConfirm={() => mutate()}
        onClose={() => setConfirming(false)}
      />
    </>
  );
};
