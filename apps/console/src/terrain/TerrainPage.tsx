import AddIcon from '@mui/icons-material/Add';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import CloudDoneIcon from '@mui/icons-material/CloudDone';
import DeleteIcon from '@mui/icons-material/Delete';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Loading, Title, useLocaleState, useNavigate, useTranslate } from './fieldContext';
import { INCIDENT_TYPES, OBSERVATION_KINDS } from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';
import { clearDraft, enqueue, loadDraft, saveDraft, useOutbox } from '../offline';
import { outboxEntries } from './entries';
import {
  entryLabel,
  newTerrainForm,
  newTerrainIncident,
  placeOf,
  restoreForm,
  TERRAIN_DRAFT_KEY,
  validateIncident,
  validateObservation,
  type FormErrors,
  type TerrainForm,
  type TerrainIncident,
} from './form';
import { IncidentFields } from './IncidentFields';
import { ObservationFields, type ObservationPatch } from './ObservationFields';
import { OutboxLink } from './OutboxBadge';
import { OUTBOX_PATH } from './paths';
import { Photos } from './Photos';
import { SectionTitle, TOUCH_PX } from './widgets';

/** Long enough not to write on every keystroke, short enough that a crash loses almost nothing. */
const DRAFT_DELAY_MS = 400;

/**
 * The form, kept on the device as it is typed: restored on open (after a reload, a phone restart
 * or an app update), written shortly after each change and at once when the page is hidden.
 * A fresh form is not written until it is touched, so that it keeps starting "now".
 */
function useDraftForm() {
  const [form, setForm] = useState<TerrainForm | null>(null);
  const dirty = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef<TerrainForm | null>(null);
  latest.current = form;

  useEffect(() => {
    let live = true;
    loadDraft<unknown>(TERRAIN_DRAFT_KEY)
      .catch(() => null)
      .then((saved) => {
        if (!live) return;
        const restored = restoreForm(saved);
        dirty.current = restored !== null;
        setForm(restored ?? newTerrainForm());
      });
    return () => {
      live = false;
    };
  }, []);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (dirty.current && latest.current)
      void saveDraft(TERRAIN_DRAFT_KEY, latest.current).catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!form || !dirty.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, DRAFT_DELAY_MS);
  }, [form, flush]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [flush]);

  const update = useCallback((change: (current: TerrainForm) => TerrainForm) => {
    dirty.current = true;
    setForm((current) => (current ? change(current) : current));
  }, []);

  /** After « Enregistrer »: the draft is gone and a fresh form starts now. */
  const reset = useCallback(async () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    dirty.current = false;
    await clearDraft(TERRAIN_DRAFT_KEY).catch(() => undefined);
    setForm(newTerrainForm());
  }, []);

  return { form, update, reset, flush };
}

/**
 * « Terrain »: an eviction entered on a phone, with one thumb and gloves, online or not. The entry
 * goes to the device's outbox (never straight to the API), which sends it when the network allows.
 */
export const TerrainPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const navigate = useNavigate();
  const { pending, online } = useOutbox();
  const { form, update, reset } = useDraftForm();
  const [incidentId, setIncidentId] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [incidentErrors, setIncidentErrors] = useState<Record<string, FormErrors>>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ label: string; id: string } | null>(null);

  if (!form) return <Loading loadingPrimary="vigie.terrain.loading" loadingSecondary="" />;

  const setObservation = (patch: ObservationPatch) =>
    update((current) => ({ ...current, observation: { ...current.observation, ...patch } }));
  const setIncident = (id: string, patch: Partial<TerrainIncident>) =>
    update((current) => ({
      ...current,
      incidents: current.incidents.map((incident) =>
        incident.id === id ? { ...incident, ...patch } : incident,
      ),
    }));

  const addIncident = () => {
    const incident = newTerrainIncident();
    update((current) => ({ ...current, incidents: [...current.incidents, incident] }));
    setIncidentId(incident.id);
    window.scrollTo(0, 0);
  };
  const removeIncident = (id: string) => {
    update((current) => ({
      ...current,
      incidents: current.incidents.filter((incident) => incident.id !== id),
      photos: current.photos.filter((photo) => photo.parentId !== id),
    }));
    setIncidentId(null);
  };
  const photoProps = {
    photos: form.photos,
    onAdd: (photo: TerrainForm['photos'][number]) =>
      update((current) => ({ ...current, photos: [...current.photos, photo] })),
    onRemove: (id: string) =>
      update((current) => ({ ...current, photos: current.photos.filter((photo) => photo.id !== id) })),
  };

  const incidentLabel = (incident: TerrainIncident) =>
    incident.type
      ? translate(termKey(INCIDENT_TYPES, incident.type))
      : translate('vigie.terrain.incidentUntitled');

  const save = async () => {
    const observationErrors = validateObservation(form.observation);
    const byIncident = Object.fromEntries(
      form.incidents
        .map((incident) => [incident.id, validateIncident(incident)] as const)
        .filter(([, found]) => Object.keys(found).length > 0),
    );
    setErrors(observationErrors);
    setIncidentErrors(byIncident);
    setFailure(null);
    if (Object.keys(observationErrors).length > 0 || Object.keys(byIncident).length > 0) return;

    setSaving(true);
    const place = placeOf(form.observation);
    const when = formatParisDateTime(form.observation.startedAt, locale);
    const label = entryLabel(translate(termKey(OBSERVATION_KINDS, form.observation.kind)), place, when);
    const entries = outboxEntries(form, {
      observation: label,
      incident: (index) => entryLabel(incidentLabel(form.incidents[index]!), place, when),
      photo: (index) => entryLabel(`${translate('vigie.terrain.labels.photo')} ${index + 1}`, place, when),
    });
    try {
      for (const entry of entries) {
        if (form.queued.includes(entry.id)) continue;
        await enqueue(entry);
        update((current) => ({ ...current, queued: [...current.queued, entry.id] }));
      }
      await reset();
      setErrors({});
      setSaved({ label, id: form.observation.id });
      window.scrollTo(0, 0);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  const errorCount =
    Object.keys(errors).length +
    Object.values(incidentErrors).reduce((sum, found) => sum + Object.keys(found).length, 0);
  const current = incidentId ? form.incidents.find((incident) => incident.id === incidentId) : undefined;

  return (
    <Box
      data-testid="terrain-page"
      sx={{
        maxWidth: 600,
        mx: 'auto',
        px: { xs: 1.5, sm: 2 },
        pb: 12,
        width: '100%',
        boxSizing: 'border-box',
      }}
    >
      <Title title="vigie.terrain.title" />
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1, mt: 1.5 }}>
        <Chip
          data-testid="terrain-network"
          data-online={online}
          icon={online ? <CloudDoneIcon /> : <CloudOffIcon />}
          color={online ? 'success' : 'warning'}
          label={translate(online ? 'vigie.terrain.online' : 'vigie.terrain.offline')}
        />
        <Box sx={{ flex: 1 }} />
        <OutboxLink pending={pending} />
      </Box>
      {online ? null : (
        <Alert severity="info" sx={{ mt: 1 }}>
          {translate('vigie.terrain.offlineHelp')}
        </Alert>
      )}

      {saved ? (
        <Alert
          severity="success"
          icon={<CheckCircleIcon fontSize="large" />}
          sx={{ mt: 2 }}
          data-testid="terrain-saved"
          data-observation-id={saved.id}
          onClose={() => setSaved(null)}
        >
          <Typography sx={{ fontWeight: 700 }}>{translate('vigie.terrain.saved')}</Typography>
          <Typography sx={{ overflowWrap: 'anywhere' }}>{saved.label}</Typography>
          <Typography>{translate('vigie.terrain.savedHelp')}</Typography>
          <Button
            variant="outlined"
            onClick={() => navigate(OUTBOX_PATH)}
            data-testid="terrain-saved-outbox"
            sx={{ mt: 1, minHeight: TOUCH_PX }}
          >
            {translate('vigie.terrain.seeOutbox')}
          </Button>
        </Alert>
      ) : null}

      {current ? (
        <Box data-testid="terrain-incident">
          <Button
            startIcon={<ArrowBackIcon />}
            onClick={() => setIncidentId(null)}
            data-testid="terrain-incident-back"
            sx={{ minHeight: TOUCH_PX, mt: 1 }}
          >
            {translate('vigie.terrain.incidentDone')}
          </Button>
          <Typography variant="h5" component="h1" sx={{ mt: 1 }}>
            {translate('vigie.terrain.incidentTitle')}
          </Typography>
          <IncidentFields
            incident={current}
            onChange={(patch) => setIncident(current.id, patch)}
            errors={incidentErrors[current.id] ?? {}}
          />
          <SectionTitle>{translate('vigie.terrain.sections.photos')}</SectionTitle>
          <Photos parentId={current.id} testId="terrain-incident-photos" {...photoProps} />
          <Button
            variant="contained"
            fullWidth
            onClick={() => setIncidentId(null)}
            data-testid="terrain-incident-done"
            sx={{ minHeight: TOUCH_PX, mt: 3, fontSize: '1.05rem' }}
          >
            {translate('vigie.terrain.incidentDone')}
          </Button>
          <Button
            color="error"
            fullWidth
            startIcon={<DeleteIcon />}
            onClick={() => removeIncident(current.id)}
            data-testid="terrain-incident-remove"
            sx={{ minHeight: TOUCH_PX, mt: 1 }}
          >
            {translate('vigie.terrain.removeIncident')}
          </Button>
        </Box>
      ) : (
        <Box component="form" noValidate onSubmit={(event) => event.preventDefault()}>
          <ObservationFields observation={form.observation} onChange={setObservation} errors={errors} />

          <SectionTitle>{translate('vigie.terrain.sections.incidents')}</SectionTitle>
          {form.incidents.map((incident, index) => (
            <Paper
              key={incident.id}
              variant="outlined"
              sx={{ p: 1, mb: 1, display: 'flex', alignItems: 'center', gap: 1 }}
              data-testid={`terrain-incident-${index}`}
            >
              <Typography
                sx={{ flex: 1, overflowWrap: 'anywhere' }}
                color={incidentErrors[incident.id] ? 'error' : undefined}
              >
                {incidentLabel(incident)}
              </Typography>
              <Button
                variant="outlined"
                onClick={() => setIncidentId(incident.id)}
                data-testid={`terrain-incident-${index}-edit`}
                sx={{ minHeight: TOUCH_PX }}
              >
                {translate('vigie.terrain.editIncident')}
              </Button>
            </Paper>
          ))}
          <Button
            variant="outlined"
            fullWidth
            startIcon={<AddIcon />}
            onClick={addIncident}
            data-testid="terrain-add-incident"
            sx={{ minHeight: TOUCH_PX, fontSize: '1rem' }}
          >
            {translate('vigie.terrain.addIncident')}
          </Button>

          <SectionTitle>{translate('vigie.terrain.sections.photos')}</SectionTitle>
          <Photos parentId={form.observation.id} testId="terrain-photos" {...photoProps} />

          {errorCount > 0 ? (
            <Alert severity="error" sx={{ mt: 2 }} data-testid="terrain-errors">
              {translate('vigie.terrain.fixErrors')}
              <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
                {Object.entries(errors).map(([field, key]) => (
                  <li key={field}>{translate(key, { _: key })}</li>
                ))}
                {form.incidents
                  .filter((incident) => incidentErrors[incident.id])
                  .map((incident) => (
                    <li key={incident.id}>
                      <Button
                        onClick={() => setIncidentId(incident.id)}
                        sx={{ minHeight: TOUCH_PX, textTransform: 'none', p: 0 }}
                      >
                        {incidentLabel(incident)}
                      </Button>
                    </li>
                  ))}
              </ul>
            </Alert>
          ) : null}
          {failure ? (
            <Alert severity="error" sx={{ mt: 2 }} data-testid="terrain-save-failed">
              {translate('vigie.terrain.saveFailed', { message: failure })}
            </Alert>
          ) : null}
        </Box>
      )}

      {current ? null : (
        <Box
          sx={{
            position: 'sticky',
            bottom: 0,
            py: 1.5,
            mt: 2,
            bgcolor: 'background.default',
            borderTop: 1,
            borderColor: 'divider',
            zIndex: 2,
          }}
        >
          <Button
            variant="contained"
            size="large"
            fullWidth
            onClick={() => void save()}
            disabled={saving}
            aria-busy={saving}
            data-testid="terrain-save"
            sx={{ minHeight: 64, fontSize: '1.2rem' }}
          >
            {translate(saving ? 'vigie.terrain.saving' : 'vigie.terrain.save')}
          </Button>
        </Box>
      )}
    </Box>
  );
};
