import CloseIcon from '@mui/icons-material/Close';
import CloudUploadIcon from '@mui/icons-material/CloudUpload';
import PhotoCameraIcon from '@mui/icons-material/PhotoCamera';
import ReplayIcon from '@mui/icons-material/Replay';
import AttachFileIcon from '@mui/icons-material/AttachFile';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { CONSENT_SCOPES, LIMITS, type AttachmentRecord, type Consent } from '@vigie/domain';
import { useMeta } from '../api/hooks';
import { newId } from '../api/uuid';
import { termKey } from '../common/choices';
import { ACCEPTED_FILES, CONSENT_KEYS, formatBytes, NO_CONSENT, type OwnerType } from './format';
import { sizeRefusal, uploadAttachment, uploadErrorMessage, type UploadErrorMessage } from './upload';

type ItemState = 'waiting' | 'sending' | 'failed';

/** A chosen file until the server has it. */
interface UploadItem {
  /** The client id sent with every attempt: a retry after a lost answer is not stored twice. */
  id: string;
  file: File;
  state: ItemState;
  progress: number;
  error: UploadErrorMessage | null;
  /** Frozen at the first attempt, so that a retry sends exactly the same upload. */
  sent: { caption: string; consent: Consent } | null;
}

export interface UploadFormProps {
  ownerType: OwnerType;
  ownerId: string;
  onUploaded: (attachment: AttachmentRecord) => void;
}

/**
 * Adds evidence files from a phone or a computer: take a photo or pick several files, one caption
 * and the consents for them, then each file is sent with its own progress bar. A failed file stays
 * in the list with the reason and, when it may help, a "Réessayer" button.
 */
export const UploadForm = ({ ownerType, ownerId, onUploaded }: UploadFormProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [caption, setCaption] = useState('');
  const [consent, setConsent] = useState<Consent>(NO_CONSENT);
  const [busy, setBusy] = useState(false);
  const { maxUploadMb } = useMeta();
  const controllers = useRef(new Map<string, AbortController>());

  // Leaving the page stops the uploads in flight (a retry later reuses their ids).
  useEffect(() => {
    const inFlight = controllers.current;
    return () => inFlight.forEach((controller) => controller.abort());
  }, []);

  // The limit may arrive after files were chosen: those over it are refused as soon as it is known.
  useEffect(() => {
    if (maxUploadMb === null) return;
    setItems((current) =>
      current.map((item) => {
        const refusal = item.state === 'waiting' ? sizeRefusal(item.file.size, maxUploadMb) : null;
        return refusal ? { ...item, state: 'failed', error: refusal } : item;
      }),
    );
  }, [maxUploadMb]);

  const update = (id: string, change: Partial<UploadItem>) =>
    setItems((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));

  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    // The same file may be chosen again after being removed.
    event.target.value = '';
    // An empty file or one over the server's limit is refused at once, before any byte is sent.
    setItems((current) => [
      ...current,
      ...files.map<UploadItem>((file) => {
        const refusal = sizeRefusal(file.size, maxUploadMb);
        return {
          id: newId(),
          file,
          state: refusal ? 'failed' : 'waiting',
          progress: 0,
          error: refusal,
          sent: null,
        };
      }),
    ]);
  };

  /** Sends one file; true when the server has it. */
  const send = async (item: UploadItem, fields: { caption: string; consent: Consent }): Promise<boolean> => {
    // The limit may have become known after the file was chosen.
    const refusal = sizeRefusal(item.file.size, maxUploadMb);
    if (refusal) {
      update(item.id, { state: 'failed', error: refusal });
      return false;
    }
    const controller = new AbortController();
    controllers.current.set(item.id, controller);
    update(item.id, { state: 'sending', progress: 0, error: null, sent: fields });
    try {
      const attachment = await uploadAttachment({
        id: item.id,
        file: item.file,
        fileName: item.file.name,
        ownerType,
        ownerId,
        caption: fields.caption,
        consent: fields.consent,
        signal: controller.signal,
        onProgress: (progress) => update(item.id, { progress }),
      });
      setItems((current) => current.filter((other) => other.id !== item.id));
      onUploaded(attachment);
      return true;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') {
        update(item.id, { state: 'waiting', progress: 0 });
      } else {
        update(item.id, { state: 'failed', error: uploadErrorMessage(error) });
      }
      return false;
    } finally {
      controllers.current.delete(item.id);
    }
  };

  /** One file at a time: a phone's upload bandwidth is better spent finishing one file. */
  const sendAll = async () => {
    setBusy(true);
    const fields = { caption, consent };
    let allSent = true;
    for (const item of items.filter((candidate) => candidate.state === 'waiting')) {
      allSent = (await send(item, item.sent ?? fields)) && allSent;
    }
    setBusy(false);
    if (allSent) {
      notify('vigie.evidence.upload.allDone', { type: 'success' });
      // The next files may be of other people: their consent is asked again.
      setCaption('');
      setConsent(NO_CONSENT);
    }
  };

  const retry = async (item: UploadItem) => {
    setBusy(true);
    if (await send(item, item.sent ?? { caption, consent })) {
      notify('vigie.evidence.upload.allDone', { type: 'success' });
    }
    setBusy(false);
  };

  const remove = (item: UploadItem) => {
    controllers.current.get(item.id)?.abort();
    setItems((current) => current.filter((other) => other.id !== item.id));
  };

  const waiting = items.filter((item) => item.state === 'waiting').length;
  // Also the accessible name: the theme writes button text in capitals.
  const sendLabel = translate('vigie.evidence.upload.send', { smart_count: Math.max(waiting, 1) });

  return (
    <Box
      component="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void sendAll();
      }}
      sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, mt: 2 }}
    >
      <Typography variant="subtitle1" component="h3">
        {translate('vigie.evidence.upload.title')}
      </Typography>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
        <Button component="label" variant="outlined" startIcon={<PhotoCameraIcon />} disabled={busy}>
          {translate('vigie.evidence.upload.takePhoto')}
          <input hidden type="file" accept="image/*" capture="environment" onChange={choose} />
        </Button>
        <Button component="label" variant="outlined" startIcon={<AttachFileIcon />} disabled={busy}>
          {translate('vigie.evidence.upload.choose')}
          <input hidden type="file" name="files" accept={ACCEPTED_FILES} multiple onChange={choose} />
        </Button>
      </Box>

      {items.length > 0 ? (
        <Box component="ul" sx={{ m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
          {items.map((item) => (
            <Box component="li" key={item.id} sx={{ listStyle: 'none' }} data-upload-state={item.state}>
              <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                <Typography variant="body2" sx={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                  {item.file.name} ({formatBytes(item.file.size, locale)})
                </Typography>
                {item.state === 'failed' && item.error?.retryable ? (
                  <Button
                    size="small"
                    startIcon={<ReplayIcon />}
                    onClick={() => void retry(item)}
                    disabled={busy}
                    aria-label={translate('vigie.evidence.upload.retry')}
                  >
                    {translate('vigie.evidence.upload.retry')}
                  </Button>
                ) : null}
                <IconButton
                  size="small"
                  onClick={() => remove(item)}
                  aria-label={translate(
                    item.state === 'sending'
                      ? 'vigie.evidence.upload.cancel'
                      : 'vigie.evidence.upload.remove',
                  )}
                >
                  <CloseIcon fontSize="small" />
                </IconButton>
              </Box>
              {item.state === 'sending' ? (
                <>
                  <LinearProgress
                    variant="determinate"
                    value={Math.round(item.progress * 100)}
                    aria-label={item.file.name}
                  />
                  <Typography variant="caption" color="text.secondary">
                    {translate('vigie.evidence.upload.sending', { percent: Math.round(item.progress * 100) })}
                  </Typography>
                </>
              ) : null}
              {item.state === 'failed' && item.error ? (
                <FormHelperText error role="alert">
                  {translate(item.error.key, item.error.params)}
                </FormHelperText>
              ) : null}
              {item.state === 'waiting' ? (
                <Typography variant="caption" color="text.secondary">
                  {translate('vigie.evidence.upload.waiting')}
                </Typography>
              ) : null}
            </Box>
          ))}
        </Box>
      ) : null}

      <TextField
        name="caption"
        label={translate('vigie.evidence.caption')}
        helperText={translate('vigie.evidence.upload.captionHelp')}
        value={caption}
        onChange={(event) => setCaption(event.target.value)}
        slotProps={{ htmlInput: { maxLength: LIMITS.shortText } }}
        size="small"
        fullWidth
        disabled={busy}
      />
      <Box>
        <FormLabel component="legend">{translate('vigie.evidence.consent')}</FormLabel>
        <FormGroup row>
          {CONSENT_KEYS.map((scope) => (
            <FormControlLabel
              key={scope}
              control={
                <Checkbox
                  name={`consent.${scope}`}
                  checked={consent[scope]}
                  onChange={(event) => setConsent({ ...consent, [scope]: event.target.checked })}
                  disabled={busy}
                />
              }
              label={translate(termKey(CONSENT_SCOPES, scope))}
            />
          ))}
        </FormGroup>
        <FormHelperText>{translate('vigie.evidence.consentHelp')}</FormHelperText>
      </Box>
      <Box>
        <Button
          type="submit"
          variant="contained"
          startIcon={<CloudUploadIcon />}
          disabled={busy || waiting === 0}
          aria-label={sendLabel}
        >
          {sendLabel}
        </Button>
      </Box>
    </Box>
  );
};
