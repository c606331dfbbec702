import AddIcon from '@mui/icons-material/Add';
import CheckIcon from '@mui/icons-material/Check';
import DownloadIcon from '@mui/icons-material/Download';
import ReplayIcon from '@mui/icons-material/Replay';
import BlockIcon from '@mui/icons-material/Block';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import {
  useCanAccess,
  useLocaleState,
  useNotify,
  useRecordContext,
  useRefresh,
  useTranslate,
  useUpdate,
} from 'react-admin';
import { DEADLINE_STATUSES, parisToday, type DeadlineRecord, type DeadlineStatus } from '@vigie/domain';
import { newId } from '../../api/uuid';
import { termKey } from '../../common/choices';
import { formatLocalDate } from '../../common/localDate';
import { DueDate } from '../../deadlines/DueDate';
import { ToConfirmBadge } from '../../deadlines/RuleBadge';
import { deadlineUrgency } from '../../deadlines/urgency';
import { useLegalRules } from '../../legalRules/useLegalRules';
import { CaseFormDialog } from '../CaseFormDialog';
import { CasePartsView, ShowDeletedSwitch } from '../CasePartsView';
import { CaseRecordActions } from '../CaseRecordActions';
import { useCaseParts } from '../useCaseParts';
import { deadlineChangePayload, manualDeadlinePayload } from '../payload';
import { ClosedInfo } from './ClosedInfo';
import { DeadlineInputs } from './DeadlineInputs';

const MAX_DEADLINES = 500;

const DEADLINE_MESSAGES = {
  confirmTitle: 'vigie.legal.deadlines.deleteTitle',
  confirmContent: 'vigie.legal.deadlines.deleteContent',
  deleted: 'vigie.legal.deadlines.deleted',
  restored: 'vigie.legal.deadlines.restored',
};

/** Done, cancelled or open again: `PATCH { version, status }`. */
const StatusButtons = ({ resource, deadline }: { resource: string; deadline: DeadlineRecord }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const [update, { isPending }] = useUpdate();
  const setStatus = (status: DeadlineStatus, message: string) =>
    update(
      resource,
      { id: deadline.id, data: { ...deadline, status }, previousData: deadline },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => {
          notify(message, { type: 'success' });
          refresh();
        },
        onError: (error) =>
          notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
      },
    );
  if (deadline.status !== 'open') {
    return (
      <Button
        aria-label={translate('vigie.legal.deadlines.reopen')}
        size="small"
        startIcon={<ReplayIcon />}
        disabled={isPending}
        onClick={() => void setStatus('open', 'vigie.legal.deadlines.reopened')}
      >
        {translate('vigie.legal.deadlines.reopen')}
      </Button>
    );
  }
  return (
    <>
      <Button
        aria-label={translate('vigie.legal.deadlines.markDone')}
        size="small"
        variant="outlined"
        color="success"
        startIcon={<CheckIcon />}
        disabled={isPending}
        onClick={() => void setStatus('done', 'vigie.legal.deadlines.markedDone')}
      >
        {translate('vigie.legal.deadlines.markDone')}
      </Button>
      <Button
        aria-label={translate('vigie.legal.deadlines.cancel')}
        size="small"
        startIcon={<BlockIcon />}
        disabled={isPending}
        onClick={() => void setStatus('cancelled', 'vigie.legal.deadlines.cancelled')}
      >
        {translate('vigie.legal.deadlines.cancel')}
      </Button>
    </>
  );
};

const DeadlineItem = ({
  deadline,
  resource,
  canEdit,
  today,
  onEdit,
}: {
  deadline: DeadlineRecord;
  resource: string;
  canEdit: boolean;
  today: string;
  onEdit: () => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data: rules } = useLegalRules(deadline.rule !== null);
  const lang = locale === 'en' ? 'en' : 'fr';
  const rule = deadline.rule ? rules?.find((candidate) => candidate.code === deadline.rule) : undefined;
  const deleted = deadline.deletedAt != null;
  return (
    <Box
      component="li"
      data-deadline-id={deadline.id}
      data-urgency={deadlineUrgency(deadline, today)}
      sx={{ py: 1.5, borderBottom: 1, borderColor: 'divider', listStyle: 'none' }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <DueDate date={deadline.dueAt} status={deadline.status} nature={deadline.nature} today={today} />
        <Typography variant="body1" component="span" sx={{ fontWeight: 500 }}>
          {deadline.title}
        </Typography>
        <Chip
          size="small"
          label={translate(termKey(DEADLINE_STATUSES, deadline.status))}
          color={deadline.status === 'done' ? 'success' : 'default'}
        />
        <Chip
          size="small"
          variant="outlined"
          label={translate(
            deadline.computed ? 'vigie.legal.deadlines.computed' : 'vigie.legal.deadlines.manual',
          )}
        />
        <ToConfirmBadge confirmed={deadline.ruleConfirmed} />
      </Stack>
      {deadline.rule ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          {rule ? `${rule.title[lang]} (${rule.citation})` : deadline.rule}
          {deadline.startsOn
            ? ` — ${translate('vigie.legal.deadlines.startsOn', { date: formatLocalDate(deadline.startsOn, locale) })}`
            : ''}
        </Typography>
      ) : null}
      {deadline.basis ? (
        <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }} data-testid="deadline-basis">
          <strong>{translate('vigie.legal.deadlines.basis')} :</strong> {deadline.basis[lang]}
        </Typography>
      ) : null}
      {deadline.notes ? (
        <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>
          {deadline.notes}
        </Typography>
      ) : null}
      <ClosedInfo deadline={deadline} />
      {canEdit ? (
        <Stack direction="row" spacing={1} sx={{ mt: 0.5, flexWrap: 'wrap' }} useFlexGap>
          {deleted ? null : <StatusButtons resource={resource} deadline={deadline} />}
          <CaseRecordActions
            resource={resource}
            record={deadline}
            onEdit={deleted ? undefined : onEdit}
            canDelete={!deadline.computed}
            messages={DEADLINE_MESSAGES}
          />
        </Stack>
      ) : null}
    </Box>
  );
};

type DialogState = { mode: 'create' } | { mode: 'edit'; deadline: DeadlineRecord } | null;

/**
 * « Échéances » of one case, soonest first: those computed from its events and act (with the
 * text they apply and the computation), and those added by hand. Each may be marked done or
 * cancelled, and reopened; one added by hand may be changed or deleted.
 */
export const CaseDeadlines = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const caseId = String(record?.id ?? '');
  const { canAccess } = useCanAccess({ resource: 'legal-cases', action: 'edit' });
  const canEdit = canAccess === true && record?.deletedAt == null;
  const [showDeleted, setShowDeleted] = useState(false);
  const [dialog, setDialog] = useState<DialogState>(null);
  const today = parisToday();
  const {
    resource,
    live: { data, isPending, error },
    deleted: trash,
  } = useCaseParts<DeadlineRecord>(caseId, 'deadlines', {
    sortField: 'dueAt',
    max: MAX_DEADLINES,
    showDeleted: canEdit && showDeleted,
  });
  if (!record) return null;

  return (
    <Box sx={{ width: '100%' }} data-testid="case-deadlines">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
        {canEdit ? (
          <Button
            aria-label={translate('vigie.legal.deadlines.add')}
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setDialog({ mode: 'create' })}
          >
            {translate('vigie.legal.deadlines.add')}
          </Button>
        ) : null}
        <Button
          aria-label={translate('vigie.deadlines.downloadIcs')}
          startIcon={<DownloadIcon />}
          href={`/api/deadlines.ics?caseId=${encodeURIComponent(caseId)}`}
          download
        >
          {translate('vigie.deadlines.downloadIcs')}
        </Button>
        {canEdit ? (
          <ShowDeletedSwitch part="deadlines" checked={showDeleted} onChange={setShowDeleted} />
        ) : null}
      </Stack>
      <CasePartsView
        part="deadlines"
        listLabel={translate('vigie.legal.tabs.deadlines')}
        ordered={false}
        live={{ data, isPending, error }}
        deleted={trash}
        showDeleted={canEdit && showDeleted}
        renderItem={(deadline, deleted) => (
          <DeadlineItem
            key={deadline.id}
            deadline={deadline}
            resource={resource}
            canEdit={deleted || canEdit}
            today={today}
            onEdit={deleted ? () => undefined : () => setDialog({ mode: 'edit', deadline })}
          />
        )}
      />
      {dialog?.mode === 'create' ? (
        <CaseFormDialog
          resource={resource}
          title="vigie.legal.deadlines.add"
          defaults={{ id: newId(), mode: 'date' }}
          transform={manualDeadlinePayload}
          savedMessage="vigie.legal.deadlines.saved"
          onClose={() => setDialog(null)}
        >
          <DeadlineInputs mode="create" />
        </CaseFormDialog>
      ) : null}
      {dialog?.mode === 'edit' ? (
        <CaseFormDialog
          resource={resource}
          id={dialog.deadline.id}
          title="vigie.legal.deadlines.edit"
          defaults={{ mode: dialog.deadline.rule ? 'rule' : 'date' }}
          transform={deadlineChangePayload}
          savedMessage="vigie.legal.deadlines.saved"
          onClose={() => setDialog(null)}
        >
          {dialog.deadline.computed ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              {translate('vigie.legal.deadlines.computedLocked')}
            </Alert>
          ) : null}
          <DeadlineInputs mode="edit" computed={dialog.deadline.computed} />
        </CaseFormDialog>
      ) : null}
    </Box>
  );
};
