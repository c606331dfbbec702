import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AREAS, type Area, can, parisToday, type Role } from '@vigie/domain';
import { useMemo, useRef, useState } from 'react';
import { Title, useDataProvider, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import { retryTransient, useCommunes } from '../api/hooks';
import { type ExportEstimate, exportUrl, type VigieDataProvider } from '../dataProvider';
import {
  defaultPeriod,
  downloadMode,
  EXPORT_FILES,
  type ExportLevel,
  type ExportOptions,
  exportParams,
  formatBytes,
} from './exportOptions';

const T = 'vigie.exports';

type Choices = Omit<ExportOptions, 'from' | 'to'> & { period: { from: string; to: string } | null };

/** Follows a temporary link with `download`: the browser saves what it points to as a file. */
function follow(href: string, filename?: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = filename ?? '';
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves bytes the page has read under their name. */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  follow(url, filename);
  // After the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * « Exports » (issue 12): the options of an export, its estimate (rows, size) refreshed as they
 * change, the rules of the research level with the figures in force, and the download with its
 * progress. The API checks everything again: this page only offers what the role may ask.
 */
export const ExportsPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions<Role>();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const communes = useCommunes();
  const mayInternal = typeof permissions === 'string' && can(permissions, 'exports.internal');
  const [choices, setChoices] = useState<Choices>({
    file: 'observations.csv',
    period: null,
    level: 'research',
    area: '',
    communeCode: '',
    semicolon: false,
  });
  // The first embargoed day, as the API last said it: the default period ends before it.
  const [embargoFrom, setEmbargoFrom] = useState<string | null>(null);
  const period = choices.period ?? defaultPeriod(parisToday(), embargoFrom);
  const level: ExportLevel = mayInternal ? choices.level : 'research';
  const options: ExportOptions = { ...choices, ...period, level };
  const params = exportParams(options);
  const datesSet = period.from !== '' && period.to !== '';

  const estimate = useQuery<ExportEstimate>({
    queryKey: ['exports', 'estimate', options.file, params],
    queryFn: async ({ signal }) => {
      const { data } = await dataProvider.getExportEstimate({ file: options.file, params, signal });
      if (data.rules && data.rules.embargoFrom !== embargoFrom) setEmbargoFrom(data.rules.embargoFrom);
      return data;
    },
    enabled: datesSet,
    placeholderData: keepPreviousData,
    retry: retryTransient,
  });

  const [received, setReceived] = useState<number | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [downloaded, setDownloaded] = useState<string | null>(null);
  const [handedToBrowser, setHandedToBrowser] = useState(false);
  const abort = useRef<AbortController | null>(null);

  const download = async () => {
    setDownloadError(null);
    setDownloaded(null);
    setHandedToBrowser(false);
    // A large file goes straight to disk through the browser's own download (the estimate has
    // already checked the options with the API); the page would hold it whole in memory.
    if (downloadMode(estimate.data?.bytes ?? 0) === 'browser') {
      follow(exportUrl(options.file, params));
      setHandedToBrowser(true);
      return;
    }
    setReceived(0);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const { blob, filename } = await dataProvider.downloadExport({
        file: options.file,
        params,
        onProgress: setReceived,
        signal: controller.signal,
      });
      save(blob, filename);
      setDownloaded(filename);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        setDownloadError(error instanceof Error ? error.message : String(error));
      }
    } finally {
      abort.current = null;
      setReceived(null);
    }
  };

  const set = (change: Partial<Choices>) => {
    setDownloaded(null);
    setDownloadError(null);
    setHandedToBrowser(false);
    setChoices((current) => ({ ...current, ...change }));
  };
  const setPeriod = (change: Partial<{ from: string; to: string }>) =>
    set({ period: { ...period, ...change } });

  const communeOptions = useMemo(
    () =>
      (communes?.features ?? [])
        .map((feature) => feature.properties)
        .filter((commune) => !options.area || commune.area === options.area)
        .sort((a, b) => a.name.localeCompare(b.name, 'fr')),
    [communes, options.area],
  );
  const commune = communeOptions.find((candidate) => candidate.code === options.communeCode) ?? null;
  const rules = estimate.data?.level === 'research' ? estimate.data.rules : null;
  const total = estimate.data?.bytes ?? 0;
  const lang = locale === 'en' ? 'en' : 'fr';

  return (
    <Card sx={{ mt: 2 }}>
      <Title title={translate(`${T}.title`)} />
      <CardContent>
        <Stack spacing={3} sx={{ maxWidth: 760 }}>
          <Typography>{translate(`${T}.intro`)}</Typography>
          <TextField
            select
            label={translate(`${T}.file`)}
            value={options.file}
            onChange={(event) => set({ file: event.target.value as ExportOptions['file'] })}
            slotProps={{ htmlInput: { 'data-testid': 'export-file' } }}
          >
            {EXPORT_FILES.map((file) => (
              <MenuItem key={file} value={file}>
                {translate(`${T}.files.${file}`)}
              </MenuItem>
            ))}
          </TextField>
          <Stack direction="row" spacing={2}>
            <TextField
              type="date"
              name="from"
              label={translate(`${T}.from`)}
              value={period.from}
              onChange={(event) => setPeriod({ from: event.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            <TextField
              type="date"
              name="to"
              label={translate(`${T}.to`)}
              value={period.to}
              onChange={(event) => setPeriod({ to: event.target.value })}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </Stack>
          <Stack direction="row" spacing={2}>
            <TextField
              select
              label={translate(`${T}.area`)}
              value={options.area}
              onChange={(event) => set({ area: event.target.value, communeCode: '' })}
              slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
              sx={{ minWidth: 220 }}
            >
              <MenuItem value="">{translate(`${T}.allAreas`)}</MenuItem>
              {AREAS.codes.map((code) => (
                <MenuItem key={code} value={code}>
                  {AREAS.label(code as Area, lang)}
                </MenuItem>
              ))}
            </TextField>
            <Autocomplete
              options={communeOptions}
              value={commune}
              onChange={(_event, value) => set({ communeCode: value?.code ?? '' })}
              getOptionLabel={(option) => `${option.name} (${option.code})`}
              isOptionEqualToValue={(option, value) => option.code === value.code}
              sx={{ minWidth: 300 }}
              renderInput={(props) => <TextField {...props} label={translate(`${T}.commune`)} />}
            />
          </Stack>
          <FormControl>
            <FormLabel id="export-level">{translate(`${T}.level`)}</FormLabel>
            <RadioGroup
              row
              aria-labelledby="export-level"
              value={level}
              onChange={(event) => set({ level: event.target.value as ExportLevel })}
            >
              <FormControlLabel
                value="research"
                control={<Radio />}
                label={translate(`${T}.levels.research`)}
              />
              {mayInternal ? (
                <FormControlLabel
                  value="internal"
                  control={<Radio />}
                  label={translate(`${T}.levels.internal`)}
                />
              ) : null}
            </RadioGroup>
          </FormControl>
          {options.file.endsWith('.csv') ? (
            <FormControlLabel
              control={
                <Checkbox
                  checked={options.semicolon}
                  onChange={(event) => set({ semicolon: event.target.checked })}
                />
              }
              label={translate(`${T}.semicolon`)}
            />
          ) : null}

          {rules ? (
            <Alert severity="info" data-testid="research-rules">
              <Typography variant="subtitle2" component="h2">
                {translate(`${T}.researchHeading`)}
              </Typography>
              <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
                <li>{translate(`${T}.researchRules.validated`)}</li>
                <li>{translate(`${T}.researchRules.text`)}</li>
                <li>
                  {translate(`${T}.researchRules.embargo`, {
                    days: rules.embargoDays,
                    from: new Date(`${rules.embargoFrom}T12:00:00Z`).toLocaleDateString(
                      lang === 'fr' ? 'fr-FR' : 'en-GB',
                      { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' },
                    ),
                  })}
                </li>
                <li>{translate(`${T}.researchRules.consent`)}</li>
                <li>{translate(`${T}.researchRules.dates`)}</li>
                <li>{translate(`${T}.researchRules.grid`, { metres: rules.gridMetres })}</li>
                <li>{translate(`${T}.researchRules.cells`, { min: rules.minCellCount })}</li>
              </Box>
            </Alert>
          ) : null}

          <Box data-testid="export-estimate" aria-live="polite">
            <Typography variant="subtitle1" component="h2">
              {translate(`${T}.estimateHeading`)}
            </Typography>
            {estimate.isError ? (
              <Alert severity="error">{(estimate.error as Error).message}</Alert>
            ) : !estimate.data || estimate.isFetching ? (
              <Typography color="text.secondary">{translate(`${T}.estimating`)}</Typography>
            ) : (
              <>
                {Object.entries(estimate.data.rows).map(([resource, rows]) => (
                  <Typography key={resource} data-testid={`estimate-${resource}`} data-rows={rows}>
                    {translate(`${T}.rowsOf`, {
                      resource: translate(`${T}.resources.${resource}`),
                      rows: translate(`${T}.rows`, { smart_count: rows }),
                    })}
                  </Typography>
                ))}
                <Typography data-testid="estimate-size">
                  {translate(`${T}.size`, { size: formatBytes(estimate.data.bytes, lang) })}
                </Typography>
              </>
            )}
          </Box>

          {received !== null ? (
            <Box data-testid="export-progress">
              <LinearProgress
                variant={total > 0 ? 'determinate' : 'indeterminate'}
                value={total > 0 ? Math.min(100, (received / total) * 100) : undefined}
              />
              <Typography variant="body2" color="text.secondary">
                {translate(`${T}.progress`, {
                  received: formatBytes(received, lang),
                  total: formatBytes(total, lang),
                })}
              </Typography>
            </Box>
          ) : null}
          {downloadError ? (
            <Alert severity="error" data-testid="export-error">
              {downloadError}
            </Alert>
          ) : null}
          {downloaded ? (
            <Alert severity="success">{translate(`${T}.done`, { filename: downloaded })}</Alert>
          ) : null}
          {handedToBrowser ? (
            <Alert severity="info" data-testid="export-browser-download">
              {translate(`${T}.browserDownload`, { size: formatBytes(total, lang) })}
            </Alert>
          ) : null}
          <Stack direction="row" spacing={2}>
            <Button
              variant="contained"
              data-testid="export-download"
              startIcon={<DownloadIcon />}
              onClick={() => void download()}
              disabled={received !== null || !datesSet}
            >
              {translate(received !== null ? `${T}.downloading` : `${T}.download`)}
            </Button>
            {received !== null ? (
              <Button onClick={() => abort.current?.abort()}>{translate(`${T}.cancel`)}</Button>
            ) : null}
          </Stack>
        </Stack>
      </CardContent>
    </Card>
  );
};
