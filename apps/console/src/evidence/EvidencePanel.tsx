import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useGetList, usePermissions, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { can, type AttachmentRecord, type Role } from '@vigie/domain';
import { AttachmentCard } from './AttachmentCard';
import { ownerField, type OwnerType } from './format';
import { UploadForm } from './UploadForm';

/** More than any record should ever hold; the list is not paginated on a phone. */
const MAX_FILES = 200;

export interface EvidencePanelProps {
  ownerType: OwnerType;
  ownerId: string;
  /** The owner is in the trash: its files are shown, nothing is added. */
  ownerDeleted?: boolean;
}

function roleOf(permissions: unknown): Role | null {
  return typeof permissions === 'string' ? (permissions as Role) : null;
}

/**
 * The evidence files of an observation or an incident (DESIGN §3 Attachment): each with its
 * preview, size, date taken, caption, consents and SHA-256, and a form to add more. What a role
 * sees is decided by the API (an observer its own uploads, communication the publishable ones);
 * the form only shows for roles that may upload.
 */
export const EvidencePanel = ({ ownerType, ownerId, ownerDeleted = false }: EvidencePanelProps) => {
  const translate = useTranslate();
  const titleId = useId();
  const deletedTitleId = useId();
  const { permissions } = usePermissions();
  const role = roleOf(permissions);
  const [showDeleted, setShowDeleted] = useState(false);
  const canRead = role !== null && can(role, 'attachments.read');
  const canCreate = role !== null && can(role, 'attachments.create') && !ownerDeleted;
  const canEdit = role !== null && can(role, 'attachments.update') && !ownerDeleted;
  // Deleting and restoring go together (DESIGN §4): the same roles see the deleted files.
  const mayDelete = canRead && role !== null && can(role, 'attachments.delete');
  const canDelete = mayDelete && !ownerDeleted;

  const owner = { [ownerField(ownerType)]: ownerId };
  const listParams = {
    sort: { field: 'createdAt', order: 'ASC' as const },
    pagination: { page: 1, perPage: MAX_FILES },
  };
  const { data, total, isPending, error, refetch } = useGetList<AttachmentRecord & RaRecord>(
    'attachments',
    { ...listParams, filter: owner },
    { enabled: canRead },
  );
  // `deleted=true` lists the files in the trash only (restorable, bytes kept).
  const trash = useGetList<AttachmentRecord & RaRecord>(
    'attachments',
    { ...listParams, filter: { ...owner, deleted: true } },
    { enabled: mayDelete && showDeleted },
  );
  const refetchAll = () => {
    void refetch();
    if (mayDelete && showDeleted) void trash.refetch();
  };

  if (!canRead && !canCreate) return null;

  return (
    <Box
      component="section"
      aria-labelledby={titleId}
      sx={{ width: '100%', mt: 2 }}
      data-evidence-panel={ownerType}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h6" component="h2" id={titleId} sx={{ flex: 1 }}>
          {translate(ownerType === 'legalCase' ? 'vigie.evidence.caseTitle' : 'vigie.evidence.title')}
          {total ? ` (${total})` : ''}
        </Typography>
        {mayDelete ? (
          <FormControlLabel
            control={
              <Switch
                size="small"
                name="showDeleted"
                checked={showDeleted}
                onChange={(event) => setShowDeleted(event.target.checked)}
              />
            }
            label={translate('vigie.evidence.showDeleted')}
          />
        ) : null}
      </Box>
      {ownerType === 'legalCase' ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate('vigie.evidence.caseHelp')}
        </Typography>
      ) : null}
      {canRead && isPending ? <CircularProgress size={24} aria-label={translate('ra.page.loading')} /> : null}
      {canRead && error ? <Alert severity="error">{translate('vigie.evidence.loadFailed')}</Alert> : null}
      {canRead && !isPending && !error && (data?.length ?? 0) === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('vigie.evidence.empty')}
        </Typography>
      ) : null}
      {data && data.length > 0 ? (
        <Box component="ul" sx={{ m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
          {data.map((attachment) => (
            <AttachmentCard
              key={attachment.id}
              attachment={attachment}
              role={role}
              canEdit={canEdit}
              canDelete={canDelete}
              onChanged={refetchAll}
            />
          ))}
        </Box>
      ) : null}
      {mayDelete && showDeleted ? (
        <Box
          component="section"
          aria-labelledby={deletedTitleId}
          data-deleted-files
          sx={{ mt: 2, display: 'flex', flexDirection: 'column', gap: 1 }}
        >
          <Typography variant="subtitle1" component="h3" id={deletedTitleId}>
            {translate('vigie.evidence.deletedTitle')}
            {trash.total ? ` (${trash.total})` : ''}
          </Typography>
          {trash.isPending ? <CircularProgress size={24} aria-label={translate('ra.page.loading')} /> : null}
          {trash.error ? <Alert severity="error">{translate('vigie.evidence.loadFailed')}</Alert> : null}
          {!trash.isPending && !trash.error && (trash.data?.length ?? 0) === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {translate('vigie.evidence.deletedEmpty')}
            </Typography>
          ) : null}
          {trash.data && trash.data.length > 0 ? (
            <Box component="ul" sx={{ m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 1 }}>
              {trash.data.map((attachment) => (
                <AttachmentCard
                  key={attachment.id}
                  attachment={attachment}
                  role={role}
                  canEdit={false}
                  canDelete={false}
                  canRestore={!ownerDeleted}
                  onChanged={refetchAll}
                />
              ))}
            </Box>
          ) : null}
        </Box>
      ) : null}
      {canCreate ? <UploadForm ownerType={ownerType} ownerId={ownerId} onUploaded={refetchAll} /> : null}
    </Box>
  );
};

/** The evidence panel of the record of a Show page (observation, incident or legal case). */
export const RecordEvidencePanel = ({ ownerType }: { ownerType: OwnerType }) => {
  const record = useRecordContext();
  if (!record) return null;
  return (
    <EvidencePanel
      ownerType={ownerType}
      ownerId={String(record.id)}
      ownerDeleted={record.deletedAt != null}
    />
  );
};
