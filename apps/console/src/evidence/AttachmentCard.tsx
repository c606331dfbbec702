import AudiotrackIcon from '@mui/icons-material/Audiotrack';
import DeleteIcon from '@mui/icons-material/Delete';
import DownloadIcon from '@mui/icons-material/Download';
import EditIcon from '@mui/icons-material/Edit';
import ImageIcon from '@mui/icons-material/Image';
import InsertDriveFileIcon from '@mui/icons-material/InsertDriveFile';
import MovieIcon from '@mui/icons-material/Movie';
import LockIcon from '@mui/icons-material/Lock';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import RestoreFromTrashIcon from '@mui/icons-material/RestoreFromTrash';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState, type ReactElement } from 'react';
import { Button as RaButton, Confirm, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { CONSENT_SCOPES, type AttachmentRecord } from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { apiJson, errorText, postJson } from './api';
import { AttachmentEditDialog } from './AttachmentEditDialog';
import { downloadVariant, fileKind, formatBytes, givenConsents, type FileKind } from './format';
import { HashText } from './HashText';
import { ATTACHMENTS_URL } from './upload';

const KIND_ICONS: Record<FileKind, ReactElement> = {
  image: <ImageIcon fontSize="large" />,
  video: <MovieIcon fontSize="large" />,
  audio: <AudiotrackIcon fontSize="large" />,
  pdf: <PictureAsPdfIcon fontSize="large" />,
  other: <InsertDriveFileIcon fontSize="large" />,
};

const PREVIEW_SIZE = 96;

export const fileUrl = (id: string, variant: 'content' | 'thumbnail' | 'publication') =>
  `${ATTACHMENTS_URL}/${encodeURIComponent(id)}/${variant}`;

/** The thumbnail the API made for an image, or an icon saying what kind of file it is. */
const Preview = ({ attachment }: { attachment: AttachmentRecord }) => {
  const translate = useTranslate();
  const kind = fileKind(attachment.mimeType);
  const [broken, setBroken] = useState(false);
  const frame = {
    width: PREVIEW_SIZE,
    height: PREVIEW_SIZE,
    flexShrink: 0,
    borderRadius: 1,
    bgcolor: 'action.hover',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    color: 'text.secondary',
  } as const;
  if (attachment.thumbnail && !broken) {
    return (
      <Box sx={frame}>
        <Box
          component="img"
          src={fileUrl(attachment.id, 'thumbnail')}
          alt={attachment.caption ?? attachment.originalName ?? translate(`vigie.evidence.kind.${kind}`)}
          loading="lazy"
          onError={() => setBroken(true)}
          sx={{ width: '100%', height: '100%', objectFit: 'cover' }}
        />
      </Box>
    );
  }
  return (
    <Box sx={frame} role="img" aria-label={translate(`vigie.evidence.kind.${kind}`)}>
      {KIND_ICONS[kind]}
    </Box>
  );
};

export interface AttachmentCardProps {
  attachment: AttachmentRecord;
  /** The signed-in role: it decides which bytes may be downloaded (see `downloadVariant`). */
  role: string | null;
  canEdit: boolean;
  canDelete: boolean;
  /** Shown on a file in the trash, for the roles that may delete (and so restore) files. */
  canRestore?: boolean;
  /** The file was changed or deleted: the list is read again. */
  onChanged: () => void;
}

/** One evidence file: what it is, when it was taken, what may be done with it, and its hash. */
export const AttachmentCard = ({
  attachment,
  role,
  canEdit,
  canDelete,
  canRestore = false,
  onChanged,
}: AttachmentCardProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const kind = fileKind(attachment.mimeType);
  const consents = givenConsents(attachment.consent);
  const deleted = attachment.deletedAt != null;
  const variant = downloadVariant(attachment, role);
  const downloadLabel = translate(
    variant === 'publication' ? 'vigie.evidence.downloadPublication' : 'vigie.evidence.download',
  );

  const restore = async () => {
    setRestoring(true);
    try {
      await postJson(`${ATTACHMENTS_URL}/${encodeURIComponent(attachment.id)}/restore`, {}, 'restore');
      notify('vigie.evidence.restore.done', { type: 'success' });
      onChanged();
    } catch (error) {
      notify(errorText(error), { type: 'error' });
    } finally {
      setRestoring(false);
    }
  };

  const remove = async () => {
    setDeleting(true);
    try {
      await apiJson(`${ATTACHMENTS_URL}/${encodeURIComponent(attachment.id)}`, 'delete', {
        method: 'DELETE',
      });
      notify('vigie.evidence.delete.done', { type: 'success' });
      onChanged();
    } catch (error) {
      notify(errorText(error), { type: 'error' });
    } finally {
      setDeleting(false);
      setConfirming(false);
    }
  };

  return (
    <Paper
      variant="outlined"
      component="li"
      data-attachment-id={attachment.id}
      data-deleted={deleted ? 'true' : undefined}
      sx={{
        display: 'flex',
        gap: 1.5,
        p: 1.5,
        listStyle: 'none',
        alignItems: 'flex-start',
        ...(deleted ? { borderColor: 'warning.main', borderStyle: 'dashed' } : {}),
      }}
    >
      <Preview attachment={attachment} />
      <Box sx={{ minWidth: 0, flex: 1, display: 'flex', flexDirection: 'column', gap: 0.5 }}>
        {deleted ? (
          <Box>
            <Chip
              size="small"
              color="warning"
              label={translate('vigie.evidence.deletedAt', {
                date: formatParisDateTime(attachment.deletedAt, locale),
              })}
            />
          </Box>
        ) : null}
        <Typography variant="body2" sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
          {attachment.caption ?? (
            <Box component="span" sx={{ color: 'text.secondary', fontStyle: 'italic' }}>
              {translate('vigie.evidence.noCaption')}
            </Box>
          )}
        </Typography>
        <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
          {[
            translate(`vigie.evidence.kind.${kind}`),
            // Communication is not given the original's size (nor its name): the copy's is shown.
            formatBytes(attachment.sizeBytes ?? attachment.publication?.sizeBytes, locale),
            attachment.originalName,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {attachment.capturedAt
            ? translate('vigie.evidence.capturedAt', {
                date: formatParisDateTime(attachment.capturedAt, locale),
              })
            : translate('vigie.evidence.capturedUnknown')}
          {' · '}
          {translate('vigie.evidence.addedAt', { date: formatParisDateTime(attachment.createdAt, locale) })}
        </Typography>
        <Box
          sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}
          role="group"
          aria-label={translate('vigie.evidence.consent')}
        >
          {consents.length === 0 ? (
            <Chip size="small" variant="outlined" label={translate('vigie.evidence.noConsent')} />
          ) : (
            consents.map((scope) => (
              <Chip
                key={scope}
                size="small"
                color="success"
                label={translate(termKey(CONSENT_SCOPES, scope))}
              />
            ))
          )}
        </Box>
        {/* Absent for communication, which is not given the original's hash. */}
        {attachment.sha256 ? (
          <>
            <Typography variant="caption" color="text.secondary" component="div">
              {translate('vigie.evidence.sha256')}
            </Typography>
            <HashText sha256={attachment.sha256} />
          </>
        ) : null}
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
          {variant ? (
            <Button
              size="small"
              startIcon={<DownloadIcon />}
              href={fileUrl(attachment.id, variant)}
              download
              aria-label={downloadLabel}
            >
              {downloadLabel}
            </Button>
          ) : (
            <Tooltip title={translate('vigie.evidence.originalRestrictedHelp')}>
              <Box
                component="span"
                data-original-restricted
                tabIndex={0}
                sx={{
                  display: 'inline-flex',
                  alignItems: 'center',
                  gap: 0.5,
                  color: 'text.secondary',
                  typography: 'body2',
                  py: 0.5,
                }}
              >
                <LockIcon fontSize="small" />
                {translate('vigie.evidence.originalRestricted')}
              </Box>
            </Tooltip>
          )}
          {deleted && canRestore ? (
            <RaButton
              label="vigie.evidence.restore.action"
              onClick={() => void restore()}
              disabled={restoring}
            >
              <RestoreFromTrashIcon />
            </RaButton>
          ) : null}
          {canEdit && !deleted ? (
            <RaButton label="vigie.evidence.edit.action" onClick={() => setEditing(true)}>
              <EditIcon />
            </RaButton>
          ) : null}
          {canDelete && !deleted ? (
            <RaButton
              label="vigie.evidence.delete.action"
              color="error"
              onClick={() => setConfirming(true)}
              disabled={deleting}
            >
              <DeleteIcon />
            </RaButton>
          ) : null}
        </Box>
      </Box>
      {editing ? (
        <AttachmentEditDialog
          attachment={attachment}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      ) : null}
      <Confirm
        isOpen={confirming}
        loading={deleting}
        title="vigie.evidence.delete.title"
        content="vigie.evidence.delete.content"
        onConfirm={() => void remove()}
        onClose={() => setConfirming(false)}
      />
    </Paper>
  );
};
