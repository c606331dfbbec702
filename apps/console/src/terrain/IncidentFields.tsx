import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslate } from './fieldContext';
import { CONSENT_SCOPES, FORCE_UNITS, INCIDENT_TYPES, type IncidentType } from '@vigie/domain';
import { termKey } from '../common/choices';
import type { FormErrors, TerrainIncident } from './form';
import { BigSelect, ChoiceButtons, Columns, FieldError, SectionTitle, Stepper, TOUCH_PX } from './widgets';

/**
 * An incident seen during the eviction being entered: what happened, to how many, by whom, and
 * what the people concerned agreed to. Its time and place are the eviction's.
 */
export const IncidentFields = ({
  incident,
  onChange,
  errors,
}: {
  incident: TerrainIncident;
  onChange: (patch: Partial<TerrainIncident>) => void;
  errors: FormErrors;
}) => {
  const translate = useTranslate();
  const togglePerpetrator = (unit: (typeof FORCE_UNITS.codes)[number]) =>
    onChange({
      perpetrators: incident.perpetrators.includes(unit)
        ? incident.perpetrators.filter((code) => code !== unit)
        : [...incident.perpetrators, unit],
    });
  return (
    <>
      <BigSelect
        label={translate('vigie.terrain.incidentType')}
        value={incident.type ?? ''}
        placeholder={translate('vigie.terrain.chooseType')}
        onChange={(type) => onChange({ type: type === '' ? null : (type as IncidentType) })}
        testId="terrain-incident-type"
        error={errors.type}
        options={INCIDENT_TYPES.codes.map((code) => ({
          value: code,
          label: translate(termKey(INCIDENT_TYPES, code)),
        }))}
      />
      <Stepper
        label={translate('vigie.terrain.victimCount')}
        value={incident.victimCount}
        onChange={(victimCount) => onChange({ victimCount })}
        testId="terrain-stepper-victimCount"
        error={errors.victimCount}
      />
      <Stepper
        label={translate('vigie.terrain.minorCount')}
        value={incident.minorCount}
        onChange={(minorCount) => onChange({ minorCount })}
        testId="terrain-stepper-minorCount"
        error={errors.minorCount}
      />

      <SectionTitle>{translate('vigie.terrain.perpetrators')}</SectionTitle>
      <Box role="group" aria-label={translate('vigie.terrain.perpetrators')}>
        <Columns columns={2}>
          {FORCE_UNITS.codes.map((unit) => {
            const chosen = incident.perpetrators.includes(unit);
            return (
              <Button
                key={unit}
                variant={chosen ? 'contained' : 'outlined'}
                aria-pressed={chosen}
                onClick={() => togglePerpetrator(unit)}
                data-testid={`terrain-perpetrator-${unit}`}
                sx={{ minHeight: TOUCH_PX, textTransform: 'none', lineHeight: 1.2 }}
              >
                {translate(termKey(FORCE_UNITS, unit))}
              </Button>
            );
          })}
        </Columns>
      </Box>
      <FieldError error={errors.perpetrators} />

      <SectionTitle>{translate('vigie.terrain.consent')}</SectionTitle>
      {CONSENT_SCOPES.codes.map((scope) => (
        <ChoiceButtons
          key={scope}
          label={translate(`vigie.terrain.consentScopes.${scope}`)}
          value={incident.consent[scope]}
          onChange={(agreed) => onChange({ consent: { ...incident.consent, [scope]: agreed } })}
          testId={`terrain-consent-${scope}`}
          error={errors[`consent.${scope}`]}
          options={[
            { value: true, key: 'yes', label: translate('vigie.terrain.yes') },
            { value: false, key: 'no', label: translate('vigie.terrain.no') },
          ]}
        />
      ))}
      <FieldError error={errors.consent} />

      <Typography sx={{ mt: 2 }} />
      <TextField
        label={translate('vigie.terrain.incidentDescription')}
        value={incident.description}
        onChange={(event) => onChange({ description: event.target.value })}
        multiline
        minRows={3}
        fullWidth
        error={Boolean(errors.description)}
        slotProps={{ htmlInput: { 'data-testid': 'terrain-incident-description' } }}
      />
      <FieldError error={errors.description} />
    </>
  );
};
