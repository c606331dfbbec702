import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { Loading, Title, useLocaleState, useNavigate, useParams, useTranslate } from './fieldContext';
import { listOutbox, retryEntry, discardEntry, useOutbox, type OutboxEntry } from '../offline';
import { ConflictScreen } from './ConflictScreen';
import { fieldLabel, formatValue } from './display';
import {
  fixedIncidentBody,
  incidentFromBody,
  observationBody,
  observationFromBody,
  PEOPLE_FIELDS,
  TRI_STATE_FIELDS,
  type FormErrors,
} from './form';
import { IncidentFields } from './IncidentFields';
import { ObservationFields } from './ObservationFields';
import { OUTBOX_PATH } from './paths';
import { FieldError, Stepper, TOUCH_PX, TriStateButtons } from './widgets';

/** The fields the observation form shows: a server error on any other is listed apart. */
const OBSERVATION_FORM_FIELDS =
  /^(kind|startedAt|location|locationAccuracyM|siteId|forces|seizures|peopleEvicted|minorsSeen|arrests|interpretersPresent|bailiffPresent|contractorPresent|shelterOffered|observationObstructed|description)(\.|$)/;
const INCIDENT_FORM_FIELDS = /^(type|victimCount|minorCount|perpetrators|consent|description)(\.|$)/;

/** Server errors on fields the form does not show (an id, a link): listed above the form. */
const OtherErrors = ({ errors, shown }: { errors: FormErrors; shown: RegExp }) => {
  const translate = useTranslate();
  const others = Object.entries(errors).filter(([field]) => !shown.test(field));
  if (others.length === 0) return null;
  return (
    <Alert severity="error" sx={{ mb: 1 }} data-testid="refused-other-errors">
      {translate('vigie.terrain.outbox.otherErrors')}
      <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
        {others.map(([field, message]) => (
          <li key={field}>
            {field}: {message}
          </li>
        ))}
      </ul>
    </Alert>
  );
};

/** The yes/no/unknown fields of observations and incidents: a null there is "not known". */
const BOOLEAN_FIELDS = new Set<string>([...TRI_STATE_FIELDS, 'injured', 'medicalCare', 'countsReliable']);
const COUNT_FIELDS = new Set<string>([
  ...PEOPLE_FIELDS,
  'shelterBuses',
  'peopleSheltered',
  'victimCount',
  'minorCount',
  'locationAccuracyM',
]);

/** How a changed field is edited; a null is typed by the field it belongs to. */
function valueKind(field: string, value: unknown): 'boolean' | 'count' | 'text' | 'other' {
  if (typeof value === 'boolean' || (value === null && BOOLEAN_FIELDS.has(field))) return 'boolean';
  if (typeof value === 'number' || (value === null && COUNT_FIELDS.has(field))) return 'count';
  if (typeof value === 'string' || value === null) return 'text';
  return 'other';
}

/** An edit of an existing record, refused: each changed field, editable, its error under it. */
const ChangesEditor = ({
  resource,
  changes,
  errors,
  onChange,
}: {
  resource: string;
  changes: Record<string, unknown>;
  errors: FormErrors;
  onChange: (changes: Record<string, unknown>) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <>
      {Object.entries(changes).map(([field, value]) => {
        const label = fieldLabel(resource, field, translate);
        const set = (next: unknown) => onChange({ ...changes, [field]: next });
        const kind = valueKind(field, value);
        if (kind === 'boolean') {
          return (
            <TriStateButtons
              key={field}
              label={label}
              value={value as boolean | null}
              onChange={set}
              testId={`refused-${field}`}
              error={errors[field]}
            />
          );
        }
        if (kind === 'count') {
          return (
            <Stepper
              key={field}
              label={label}
              value={typeof value === 'number' ? value : null}
              onChange={set}
              testId={`refused-${field}`}
              error={errors[field]}
            />
          );
        }
        if (kind === 'text') {
          return (
            <Box key={field} sx={{ mb: 1.5 }}>
              <TextField
                label={label}
                value={typeof value === 'string' ? value : ''}
                onChange={(event) => set(event.target.value === '' ? null : event.target.value)}
                fullWidth
                multiline={field === 'description' || field === 'testimony'}
                error={Boolean(errors[field])}
                slotProps={{ htmlInput: { 'data-testid': `refused-${field}` } }}
              />
              <FieldError error={errors[field]} />
            </Box>
          );
        }
        return (
          <Box key={field} sx={{ mb: 1.5 }}>
            <Typography>{label}</Typography>
            <Typography sx={{ overflowWrap: 'anywhere' }}>
              {formatValue(field, value, translate, locale)}
            </Typography>
            <FieldError error={errors[field]} />
          </Box>
        );
      })}
    </>
  );
};

/**
 * A refused entry reopened in its form, with the server's errors under the fields; « Renvoyer »
 * sends the corrected record in place of the refused one.
 */
const RefusedEntry = ({ entry, onDone }: { entry: OutboxEntry; onDone: () => void }) => {
  const translate = useTranslate();
  const { operation } = entry;
  const errors = entry.fieldErrors ?? {};
  const [observation, setObservation] = useState(() =>
    operation.type === 'create' && operation.resource === 'observations'
      ? observationFromBody(operation.body)
      : null,
  );
  const [incident, setIncident] = useState(() =>
    operation.type === 'create' && operation.resource === 'incidents'
      ? incidentFromBody(operation.body)
      : null,
  );
  const [changes, setChanges] = useState(() =>
    operation.type === 'update' ? { ...operation.changes } : null,
  );
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const body = (): Record<string, unknown> | undefined => {
    if (operation.type === 'create' && observation)
      return { ...operation.body, ...observationBody(observation) };
    if (operation.type === 'create' && incident) return fixedIncidentBody(operation.body, incident);
    if (operation.type === 'update' && changes) return changes;
    return undefined;
  };

  const resend = async () => {
    setSending(true);
    setFailure(null);
    try {
      await retryEntry(entry.id, body());
      onDone();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
      setSending(false);
    }
  };

  return (
    <Box data-testid="refused-entry">
      <Typography variant="h5" component="h1" sx={{ mb: 1 }}>
        {translate('vigie.terrain.outbox.refusedTitle')}
      </Typography>
      <Typography sx={{ mb: 1, overflowWrap: 'anywhere' }}>{entry.label}</Typography>
      {entry.message ? (
        <Alert severity="error" sx={{ mb: 1 }} data-testid="refused-message">
          {translate('vigie.terrain.outbox.serverSays', { message: entry.message })}
        </Alert>
      ) : null}
      <Typography sx={{ mb: 1 }}>
        {translate(
          operation.type === 'upload'
            ? 'vigie.terrain.outbox.uploadRefused'
            : 'vigie.terrain.outbox.refusedHelp',
        )}
      </Typography>
      {observation ? (
        <>
          <OtherErrors errors={errors} shown={OBSERVATION_FORM_FIELDS} />
          <ObservationFields
            observation={observation}
            onChange={(patch) => setObservation((current) => (current ? { ...current, ...patch } : current))}
            errors={errors}
          />
        </>
      ) : null}
      {incident ? (
        <>
          <OtherErrors errors={errors} shown={INCIDENT_FORM_FIELDS} />
          <IncidentFields
            incident={incident}
            onChange={(patch) => setIncident((current) => (current ? { ...current, ...patch } : current))}
            errors={errors}
          />
        </>
      ) : null}
      {changes && operation.type === 'update' ? (
        <>
          <OtherErrors
            errors={errors}
            shown={new RegExp(`^(${Object.keys(changes).join('|') || '$^'})(\\.|$)`)}
          />
          <ChangesEditor
            resource={operation.resource}
            changes={changes}
            errors={errors}
            onChange={setChanges}
          />
        </>
      ) : null}
      {failure ? (
        <Alert severity="error" sx={{ my: 1 }}>
          {failure}
        </Alert>
      ) : null}
      <Button
        variant="contained"
        fullWidth
        onClick={() => void resend()}
        disabled={sending}
        data-testid="refused-resend"
        sx={{ minHeight: 64, fontSize: '1.1rem', mt: 2 }}
      >
        {translate(
          operation.type === 'upload' ? 'vigie.terrain.outbox.retry' : 'vigie.terrain.outbox.resend',
        )}
      </Button>
      <Button
        color="error"
        fullWidth
        onClick={() => {
          if (window.confirm(translate('vigie.terrain.outbox.discardConfirm', { label: entry.label }))) {
            void discardEntry(entry.id).then(onDone);
          }
        }}
        data-testid="refused-discard"
        sx={{ minHeight: TOUCH_PX, mt: 1 }}
      >
        {translate('vigie.terrain.outbox.discard')}
      </Button>
    </Box>
  );
};

/** `#/outbox/:id`: a refused entry to fix, or a conflict to resolve. */
export const OutboxEntryPage = () => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { id } = useParams<{ id: string }>();
  const { entries } = useOutbox();
  const [initial, setInitial] = useState<OutboxEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    listOutbox().then(
      (list) => live && setInitial(list),
      () => live && setInitial([]),
    );
    return () => {
      live = false;
    };
  }, []);
  if (initial === null) return <Loading />;
  const entry =
    entries.find((candidate) => candidate.id === id) ?? initial.find((candidate) => candidate.id === id);
  const back = () => navigate(OUTBOX_PATH);
  return (
    <Box sx={{ maxWidth: 600, mx: 'auto', px: { xs: 1.5, sm: 2 }, py: 1, pb: 4, width: '100%' }}>
      <Title title="vigie.terrain.outbox.title" />
      <Button
        startIcon={<ArrowBackIcon />}
        onClick={back}
        data-testid="outbox-back"
        sx={{ minHeight: TOUCH_PX, mb: 1 }}
      >
        {translate('vigie.terrain.outbox.back')}
      </Button>
      {!entry ? (
        <Alert severity="info" data-testid="outbox-entry-missing">
          {translate('vigie.terrain.outbox.notFound')}
        </Alert>
      ) : entry.state === 'conflict' ? (
        <ConflictScreen key={entry.id} entry={entry} onDone={back} />
      ) : entry.state === 'refused' ? (
        <RefusedEntry key={entry.id} entry={entry} onDone={back} />
      ) : (
        <Alert severity="info" data-testid="outbox-entry-state">
          {entry.label} —{' '}
          {translate('vigie.terrain.outbox.stateOf', {
            state: translate(`vigie.terrain.outbox.states.${entry.state}`),
          })}
        </Alert>
      )}
    </Box>
  );
};
