import AddIcon from '@mui/icons-material/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useCanAccess, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { LEGAL_EVENT_KINDS, LEGAL_OUTCOMES, type LegalCaseEventRecord } from '@vigie/domain';
import { newId } from '../../api/uuid';
import { termKey } from '../../common/choices';
import { formatLocalDate, formatLocalDateLong } from '../../common/localDate';
import { CaseFormDialog } from '../CaseFormDialog';
import { CasePartsView, ShowDeletedSwitch } from '../CasePartsView';
import { CaseRecordActions } from '../CaseRecordActions';
import { useCaseParts } from '../useCaseParts';
import { eventPayload } from '../payload';
import { EventInputs } from './EventInputs';

const MAX_EVENTS = 500;

const EVENT_MESSAGES = {
  confirmTitle: 'vigie.legal.events.deleteTitle',
  confirmContent: 'vigie.legal.events.deleteContent',
  deleted: 'vigie.legal.events.deleted',
  restored: 'vigie.legal.events.restored',
};

const EventItem = ({
  event,
  resource,
  canEdit,
  onEdit,
}: {
  event: LegalCaseEventRecord;
  resource: string;
  canEdit: boolean;
  onEdit: () => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const when = [
    formatLocalDateLong(event.date, locale),
    event.time ? translate('vigie.legal.events.at', { time: event.time }) : null,
  ]
    .filter(Boolean)
    .join(' ');
  const place = [
    event.room ? translate('vigie.legal.events.room', { room: event.room }) : null,
    event.judge ? translate('vigie.legal.events.judge', { judge: event.judge }) : null,
  ].filter(Boolean);
  return (
    <Box
      component="li"
      data-event-id={event.id}
      data-event-kind={event.kind}
      sx={{ py: 1.5, borderBottom: 1, borderColor: 'divider', listStyle: 'none' }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <Typography variant="subtitle2" component="time" dateTime={event.date}>
          {when}
        </Typography>
        <Chip size="small" label={translate(termKey(LEGAL_EVENT_KINDS, event.kind))} />
        {event.kind === 'decision' && event.outcome ? (
          <Chip
            size="small"
            color="primary"
            variant="outlined"
            label={translate(termKey(LEGAL_OUTCOMES, event.outcome))}
          />
        ) : null}
      </Stack>
      <Typography variant="body1" sx={{ mt: 0.5, fontWeight: 500 }}>
        {event.title}
      </Typography>
      {event.kind === 'decision' ? (
        <Typography variant="body2" color="text.secondary">
          {event.notifiedOn
            ? translate('vigie.legal.events.notifiedOn', { date: formatLocalDate(event.notifiedOn, locale) })
            : translate('vigie.legal.events.notNotified')}
        </Typography>
      ) : null}
      {place.length > 0 ? (
        <Typography variant="body2" color="text.secondary">
          {place.join(' · ')}
        </Typography>
      ) : null}
      {event.details ? (
        <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mt: 0.5 }}>
          {event.details}
        </Typography>
      ) : null}
      {canEdit ? (
        <Box sx={{ mt: 0.5 }}>
          <CaseRecordActions resource={resource} record={event} onEdit={onEdit} messages={EVENT_MESSAGES} />
        </Box>
      ) : null}
    </Box>
  );
};

type DialogState = { mode: 'create' } | { mode: 'edit'; id: string } | null;

/**
 * « Chronologie »: the case's events in date order. Admin and legal add, change, delete and
 * restore them in dialogs; a decision's notification computes the appeal deadlines at once.
 * Communication reads them.
 */
export const CaseChronology = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const caseId = String(record?.id ?? '');
  const { canAccess } = useCanAccess({ resource: 'legal-cases', action: 'edit' });
  const canEdit = canAccess === true && record?.deletedAt == null;
  const [showDeleted, setShowDeleted] = useState(false);
  const [dialog, setDialog] = useState<DialogState>(null);
  const {
    resource,
    live: { data, isPending, error },
    deleted: trash,
  } = useCaseParts<LegalCaseEventRecord>(caseId, 'events', {
    sortField: 'date',
    max: MAX_EVENTS,
    showDeleted: canEdit && showDeleted,
  });
  if (!record) return null;

  return (
    <Box sx={{ width: '100%' }} data-testid="case-chronology">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }} useFlexGap>
        {canEdit ? (
          <Button
            aria-label={translate('vigie.legal.events.add')}
            variant="contained"
            startIcon={<AddIcon />}
            onClick={() => setDialog({ mode: 'create' })}
          >
            {translate('vigie.legal.events.add')}
          </Button>
        ) : null}
        {canEdit ? <ShowDeletedSwitch part="events" checked={showDeleted} onChange={setShowDeleted} /> : null}
      </Stack>
      <CasePartsView
        part="events"
        listLabel={translate('vigie.legal.tabs.chronology')}
        ordered
        live={{ data, isPending, error }}
        deleted={trash}
        showDeleted={canEdit && showDeleted}
        deletedTestId="deleted-events"
        renderItem={(event, deleted) => (
          <EventItem
            key={event.id}
            event={event}
            resource={resource}
            canEdit={deleted || canEdit}
            onEdit={deleted ? () => undefined : () => setDialog({ mode: 'edit', id: event.id })}
          />
        )}
      />
      {dialog ? (
        <CaseFormDialog
          resource={resource}
          id={dialog.mode === 'edit' ? dialog.id : undefined}
          title={dialog.mode === 'edit' ? 'vigie.legal.events.edit' : 'vigie.legal.events.add'}
          defaults={dialog.mode === 'create' ? { id: newId() } : undefined}
          transform={eventPayload}
          savedMessage="vigie.legal.events.saved"
          onClose={() => setDialog(null)}
        >
          <EventInputs />
        </CaseFormDialog>
      ) : null}
    </Box>
  );
};
