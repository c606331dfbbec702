import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { MappingState } from './mappingForm';

type Options = Pick<MappingState, 'sourceIdColumn' | 'timezone' | 'dateFormat'>;

/** How the file reads: the column that identifies a row in its source, its time zone and date format. */
export const MappingOptions = ({
  columns,
  value,
  errors,
  onChange,
}: {
  columns: readonly string[];
  value: Options;
  errors: Record<string, string>;
  onChange: (change: Partial<Options>) => void;
}) => {
  const translate = useTranslate();
  const t = (key: string) => translate(`vigie.imports.mapping.${key}`);
  return (
    <Stack spacing={2}>
      <Typography variant="h6">{t('options')}</Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <TextField
          fullWidth={false}
          select
          label={t('sourceIdColumn')}
          value={value.sourceIdColumn}
          onChange={(event) => onChange({ sourceIdColumn: event.target.value })}
          error={errors.sourceIdColumn !== undefined}
          helperText={errors.sourceIdColumn ?? t('sourceIdHelp')}
          slotProps={{ select: { native: true } }}
          sx={{ minWidth: 260, flex: 1 }}
        >
          <option value="">{t('noSourceId')}</option>
          {columns.map((column) => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </TextField>
        <TextField
          fullWidth={false}
          label={t('timezone')}
          value={value.timezone}
          onChange={(event) => onChange({ timezone: event.target.value })}
          error={errors.timezone !== undefined}
          helperText={errors.timezone}
          sx={{ minWidth: 200 }}
        />
        <TextField
          fullWidth={false}
          label={t('dateFormat')}
          value={value.dateFormat}
          onChange={(event) => onChange({ dateFormat: event.target.value })}
          error={errors.dateFormat !== undefined}
          helperText={errors.dateFormat ?? t('dateFormatHelp')}
          sx={{ minWidth: 260, flex: 1 }}
        />
      </Stack>
    </Stack>
  );
};
