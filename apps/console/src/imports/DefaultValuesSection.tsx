import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { ImportKind } from '@vigie/domain';
import { useLocaleState, useTranslate } from 'react-admin';
import { defaultTargets, needsDefaultType, type MappingState } from './mappingForm';
import { valueCodes } from './targets';

/**
 * « Valeurs par défaut »: the value a field takes where no column gives one (the type of every row
 * of a legacy sheet, the start time of a sheet with dates only). It also fills the empty cells of a
 * column mapped to that field.
 */
export const DefaultValuesSection = ({
  kind,
  state,
  errors,
  onChange,
}: {
  kind: ImportKind;
  state: Pick<MappingState, 'columns' | 'defaults'>;
  errors: Record<string, string>;
  onChange: (target: string, value: string) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'fr';
  const t = (key: string) => translate(`vigie.imports.mapping.${key}`);
  // `fullWidth={false}`: the theme makes fields full width, these sit side by side.
  return (
    <Stack spacing={2} data-testid="mapping-defaults">
      <Box>
        <Typography variant="h6">{t('defaults')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t('defaultsHelp')}
        </Typography>
      </Box>
      {needsDefaultType(kind, state) ? (
        <Alert severity="warning" data-testid="mapping-needs-type">
          {t('needsType')}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {defaultTargets(kind).map((target) => {
          const value = state.defaults[target.id] ?? '';
          const error = errors[target.id];
          const common = {
            label: target[lang],
            value,
            error: error !== undefined,
            onChange: (event: { target: { value: string } }) => onChange(target.id, event.target.value),
          };
          return target.coded ? (
            <TextField
              fullWidth={false}
              key={target.id}
              select
              {...common}
              helperText={error}
              slotProps={{
                select: { native: true },
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': `mapping-default-${target.id}` },
              }}
              sx={{ minWidth: 260 }}
            >
              <option value="">{t('noDefault')}</option>
              {valueCodes(target).map((code) => (
                <option key={code.id} value={code.id}>
                  {code[lang]}
                </option>
              ))}
            </TextField>
          ) : (
            <TextField
              fullWidth={false}
              key={target.id}
              {...common}
              placeholder="07:00"
              helperText={error ?? t('defaultTimeHelp')}
              slotProps={{
                inputLabel: { shrink: true },
                htmlInput: { 'data-testid': `mapping-default-${target.id}`, inputMode: 'numeric' },
              }}
              sx={{ minWidth: 200 }}
            />
          );
        })}
      </Stack>
    </Stack>
  );
};
