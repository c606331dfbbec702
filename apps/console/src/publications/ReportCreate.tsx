import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { AREAS, isDate, parisMonth } from '@vigie/domain';
import { useEffect, useMemo } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import {
  Create,
  DateInput,
  required,
  SaveButton,
  SelectInput,
  SimpleForm,
  Toolbar,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { termKey } from '../common/choices';
import { formatMonth } from '../dashboard/format';
import { recentMonths } from '../stats/choices';
import {
  defaultValues,
  PERIODIC_KINDS,
  pickedPeriod,
  previewUrl,
  REPORT_LANGS,
  reportRequest,
  requestBody,
  type ReportFormValues,
} from './params';

const INVALID_PERIOD = 'vigie.publications.invalidPeriod';

const realDate = (value: unknown) => (isDate(value) ? undefined : 'vigie.publications.invalidDate');
const notBeforeFrom = (value: unknown, values: Record<string, unknown>) =>
  typeof value === 'string' && typeof values.from === 'string' && value < values.from
    ? INVALID_PERIOD
    : undefined;

/** A monthly note's month or an annual report's year sets the dates the report is asked for. */
const PeriodFromPicker = () => {
  const { setValue } = useFormContext<ReportFormValues>();
  const [kind, month, year] = useWatch<ReportFormValues, ['kind', 'month', 'year']>({
    name: ['kind', 'month', 'year'],
  });
  useEffect(() => {
    const period = pickedPeriod({ kind, month, year });
    if (!period) return;
    setValue('from', period.from, { shouldValidate: true });
    setValue('to', period.to, { shouldValidate: true });
  }, [kind, month, year, setValue]);
  return null;
};

const ReportInputs = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const kind = useWatch<ReportFormValues, 'kind'>({ name: 'kind' });
  const thisMonth = parisMonth();
  const months = recentMonths(thisMonth, 36).map((month) => ({
    id: month,
    name: formatMonth(month, locale),
  }));
  const years = Array.from({ length: 11 }, (_, index) => Number(thisMonth.slice(0, 4)) - index).map(
    (year) => ({ id: year, name: String(year) }),
  );
  const typed = kind === 'press-release';
  return (
    <>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('vigie.publications.help')}
      </Typography>
      <SelectInput
        source="kind"
        label="vigie.publications.kind"
        choices={PERIODIC_KINDS.map((value) => ({ id: value, name: `vigie.publications.kinds.${value}` }))}
        validate={required()}
      />
      {kind === 'monthly-note' ? (
        <SelectInput
          source="month"
          label="vigie.publications.month"
          choices={months}
          translateChoice={false}
          validate={required()}
        />
      ) : null}
      {kind === 'annual-report' ? (
        <SelectInput
          source="year"
          label="vigie.publications.year"
          choices={years}
          translateChoice={false}
          validate={required()}
        />
      ) : null}
      <DateInput
        source="from"
        label="vigie.publications.from"
        readOnly={!typed}
        validate={[required(), realDate]}
      />
      <DateInput
        source="to"
        label="vigie.publications.to"
        readOnly={!typed}
        validate={[required(), realDate, notBeforeFrom]}
      />
      <SelectInput
        source="area"
        label="vigie.publications.area"
        choices={AREAS.codes.map((code) => ({ id: code, name: translate(termKey(AREAS, code)) }))}
        translateChoice={false}
        emptyText="vigie.publications.allAreas"
      />
      <SelectInput
        source="lang"
        label="vigie.publications.lang"
        choices={REPORT_LANGS.map((lang) => ({ id: lang, name: `vigie.publications.langs.${lang}` }))}
        validate={required()}
      />
      <PeriodFromPicker />
    </>
  );
};

/** « Aperçu » opens the HTML the PDF would be printed from, for the choices made; « Générer » queues it. */
const ReportCreateToolbar = () => {
  const translate = useTranslate();
  const values = useWatch<ReportFormValues>() as ReportFormValues;
  const request = reportRequest(values);
  return (
    <Toolbar sx={{ gap: 1 }}>
      <SaveButton label="vigie.publications.generate" icon={<PictureAsPdfIcon />} alwaysEnable />
      <Button
        variant="outlined"
        startIcon={<OpenInNewIcon />}
        href={request ? previewUrl(request) : '#'}
        disabled={!request}
        target="_blank"
        rel="noopener"
        title={translate('vigie.publications.previewHelp')}
      >
        {translate('vigie.publications.preview')}
      </Button>
    </Toolbar>
  );
};

/** The body of `POST /api/reports`: the pickers (month, year) stay in the form. */
function toRequestBody(values: ReportFormValues): Record<string, string> | ReportFormValues {
  const request = reportRequest(values);
  return request ? requestBody(request) : values;
}

/**
 * « Nouvelle publication »: a kind, its period, an area and a language. Once queued, the report's
 * page follows its rendering.
 */
export const ReportCreate = () => {
  const [locale] = useLocaleState();
  const defaults = useMemo(() => defaultValues(locale), [locale]);
  return (
    <Create redirect="show" transform={toRequestBody} title="vigie.publications.newReport">
      <SimpleForm defaultValues={defaults} toolbar={<ReportCreateToolbar />}>
        <ReportInputs />
      </SimpleForm>
    </Create>
  );
};
