import DeleteIcon from '@mui/icons-material/Delete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslate } from './fieldContext';
import {
  FORCE_UNITS,
  OBSERVATION_KINDS,
  SEIZURE_ITEMS,
  type ForceUnit,
  type SeizureItem,
} from '@vigie/domain';
import { termKey } from '../common/choices';
import { fromParisInputValue, nowParisInputValue, toParisInputValue } from '../common/parisTime';
import {
  PEOPLE_FIELDS,
  TRI_STATE_FIELDS,
  type FormErrors,
  type TerrainForce,
  type TerrainObservation,
  type TerrainSeizure,
} from './form';
import { PositionSection } from './PositionSection';
import {
  BigSelect,
  ChoiceButtons,
  FieldError,
  SectionTitle,
  Stepper,
  TOUCH_PX,
  TriStateButtons,
} from './widgets';

export type ObservationPatch = Partial<TerrainObservation>;

/**
 * The eviction's fields on the field screen, in the order things are seen on site; also the form a
 * refused entry is fixed in, with the server's errors under the fields.
 */
export const ObservationFields = ({
  observation,
  onChange,
  errors,
}: {
  observation: TerrainObservation;
  onChange: (patch: ObservationPatch) => void;
  errors: FormErrors;
}) => {
  const translate = useTranslate();
  const term = (vocabulary: { name: string }, code: string) => translate(termKey(vocabulary, code));

  const setForce = (index: number, patch: Partial<TerrainForce>) =>
    onChange({
      forces: observation.forces.map((force, at) => (at === index ? { ...force, ...patch } : force)),
    });
  const setSeizure = (index: number, patch: Partial<TerrainSeizure>) =>
    onChange({
      seizures: observation.seizures.map((seizure, at) =>
        at === index ? { ...seizure, ...patch } : seizure,
      ),
    });
  const rowError = (prefix: string) =>
    Object.entries(errors).find(([field]) => field.startsWith(prefix))?.[1] ?? undefined;

  return (
    <>
      <SectionTitle>{translate('vigie.terrain.sections.what')}</SectionTitle>
      <ChoiceButtons
        label={translate('resources.observations.fields.kind')}
        value={observation.kind}
        onChange={(kind) => onChange({ kind })}
        testId="terrain-kind"
        columns={2}
        error={errors.kind}
        options={OBSERVATION_KINDS.codes.map((code) => ({
          value: code,
          key: code,
          label: term(OBSERVATION_KINDS, code),
        }))}
      />

      <SectionTitle>{translate('vigie.terrain.sections.when')}</SectionTitle>
      {/* Wraps: a phone's date and time field alone is about 250 px wide. */}
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'flex-end' }}>
        <TextField
          type="datetime-local"
          label={translate('vigie.terrain.startedAt')}
          value={toParisInputValue(observation.startedAt)}
          onChange={(event) => {
            const startedAt = fromParisInputValue(event.target.value);
            if (startedAt) onChange({ startedAt });
          }}
          error={Boolean(errors.startedAt)}
          sx={{ flex: '1 1 200px', minWidth: 0, '& .MuiInputBase-root': { minHeight: TOUCH_PX } }}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'terrain-started-at' } }}
        />
        <Button
          variant="outlined"
          onClick={() =>
            onChange({ startedAt: fromParisInputValue(nowParisInputValue()) ?? observation.startedAt })
          }
          data-testid="terrain-now"
          sx={{ minHeight: TOUCH_PX, flex: '1 0 auto' }}
        >
          {translate('vigie.terrain.now')}
        </Button>
      </Box>
      <FieldError error={errors.startedAt} />

      <SectionTitle>{translate('vigie.terrain.sections.where')}</SectionTitle>
      <PositionSection
        observation={observation}
        onChange={onChange}
        error={errors.location ?? errors.siteId ?? errors.locationAccuracyM}
      />

      <SectionTitle>{translate('vigie.terrain.sections.forces')}</SectionTitle>
      {observation.forces.map((force, index) => (
        <Paper key={index} variant="outlined" sx={{ p: 1.5, mb: 1.5 }} data-testid={`terrain-force-${index}`}>
          <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
            <Typography sx={{ flex: 1, fontWeight: 600 }}>{term(FORCE_UNITS, force.unit)}</Typography>
            <IconButton
              aria-label={translate('vigie.terrain.remove')}
              data-testid={`terrain-force-${index}-remove`}
              onClick={() => onChange({ forces: observation.forces.filter((_, at) => at !== index) })}
              sx={{ width: TOUCH_PX, height: TOUCH_PX }}
            >
              <DeleteIcon />
            </IconButton>
          </Box>
          <Stepper
            label={translate('vigie.terrain.vehicles')}
            value={force.vehicles}
            onChange={(vehicles) => setForce(index, { vehicles })}
            testId={`terrain-force-${index}-vehicles`}
            error={errors[`forces.${index}.vehicles`]}
          />
          <Stepper
            label={translate('vigie.terrain.officers')}
            value={force.officers}
            onChange={(officers) => setForce(index, { officers })}
            testId={`terrain-force-${index}-officers`}
            error={errors[`forces.${index}.officers`]}
          />
          <FieldError error={errors[`forces.${index}.unit`] ?? errors[`forces.${index}.identifiers`]} />
        </Paper>
      ))}
      <BigSelect
        label={translate('vigie.terrain.addForce')}
        value=""
        placeholder={translate('vigie.terrain.addForce')}
        onChange={(unit) => {
          if (unit) {
            onChange({
              forces: [...observation.forces, { unit: unit as ForceUnit, vehicles: null, officers: null }],
            });
          }
        }}
        testId="terrain-add-force"
        error={errors.forces ?? rowError('forces.')}
        options={FORCE_UNITS.codes.map((code) => ({ value: code, label: term(FORCE_UNITS, code) }))}
      />

      <SectionTitle>{translate('vigie.terrain.sections.seizures')}</SectionTitle>
      {observation.seizures.map((seizure, index) => (
        <Paper
          key={index}
          variant="outlined"
          sx={{ p: 1.5, mb: 1.5 }}
          data-testid={`terrain-seizure-${index}`}
        >
          <Box sx={{ display: 'flex', alignItems: 'center', mb: 1 }}>
            <Typography sx={{ flex: 1, fontWeight: 600 }}>{term(SEIZURE_ITEMS, seizure.item)}</Typography>
            <IconButton
              aria-label={translate('vigie.terrain.remove')}
              data-testid={`terrain-seizure-${index}-remove`}
              onClick={() => onChange({ seizures: observation.seizures.filter((_, at) => at !== index) })}
              sx={{ width: TOUCH_PX, height: TOUCH_PX }}
            >
              <DeleteIcon />
            </IconButton>
          </Box>
          <Stepper
            label={translate('vigie.terrain.quantity')}
            value={seizure.quantity}
            onChange={(quantity) => setSeizure(index, { quantity })}
            testId={`terrain-seizure-${index}-quantity`}
            error={errors[`seizures.${index}.quantity`]}
          />
          <ChoiceButtons
            label={translate('vigie.terrain.destroyed')}
            value={seizure.destroyed}
            onChange={(destroyed) => setSeizure(index, { destroyed })}
            testId={`terrain-seizure-${index}-destroyed`}
            options={[
              { value: true, key: 'yes', label: translate('vigie.terrain.yes') },
              { value: false, key: 'no', label: translate('vigie.terrain.no') },
            ]}
          />
          <FieldError error={errors[`seizures.${index}.item`] ?? errors[`seizures.${index}.destroyed`]} />
        </Paper>
      ))}
      <BigSelect
        label={translate('vigie.terrain.addSeizure')}
        value=""
        placeholder={translate('vigie.terrain.addSeizure')}
        onChange={(item) => {
          if (item) {
            onChange({
              seizures: [
                ...observation.seizures,
                { item: item as SeizureItem, quantity: 1, destroyed: false },
              ],
            });
          }
        }}
        testId="terrain-add-seizure"
        error={errors.seizures ?? rowError('seizures.')}
        options={SEIZURE_ITEMS.codes.map((code) => ({ value: code, label: term(SEIZURE_ITEMS, code) }))}
      />

      <SectionTitle>{translate('vigie.terrain.sections.people')}</SectionTitle>
      {PEOPLE_FIELDS.map((field) => (
        <Stepper
          key={field}
          label={translate(`vigie.terrain.people.${field}`)}
          value={observation[field]}
          onChange={(value) => onChange({ [field]: value })}
          testId={`terrain-stepper-${field}`}
          error={errors[field]}
        />
      ))}

      <SectionTitle>{translate('vigie.terrain.sections.questions')}</SectionTitle>
      {TRI_STATE_FIELDS.map((field) => (
        <TriStateButtons
          key={field}
          label={translate(`vigie.terrain.questions.${field}`)}
          value={observation[field]}
          onChange={(value) => onChange({ [field]: value })}
          testId={`terrain-tri-${field}`}
          error={errors[field]}
        />
      ))}

      <SectionTitle>{translate('vigie.terrain.sections.note')}</SectionTitle>
      <TextField
        label={translate('vigie.terrain.note')}
        helperText={translate('vigie.terrain.noteHelp')}
        value={observation.description}
        onChange={(event) => onChange({ description: event.target.value })}
        multiline
        minRows={3}
        fullWidth
        error={Boolean(errors.description)}
        slotProps={{ htmlInput: { 'data-testid': 'terrain-description' } }}
      />
      <FieldError error={errors.description} />
    </>
  );
};
