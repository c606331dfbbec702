import DownloadIcon from '@mui/icons-material/Download';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import {
  IMPORT_ROW_ACTIONS,
  type ImportRecord,
  type ImportRowAction,
  type ImportSummary,
} from '@vigie/domain';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { importReportUrl } from './api';
import { ImportRowsTable } from './ImportRowsTable';
import { Counts } from './Counts';

const ALL = 'all';
const TONES = { create: 'success.main', update: 'info.main', rejected: 'error.main' };

/**
 * Step 3: what the import would do, nothing stored yet: the counts, the rows with a filter by
 * outcome, and the report as CSV. Rejected rows open on their own when there are some.
 */
export const DryRunStep = ({
  record,
  summary,
  version,
  onBack,
  onNext,
}: {
  record: Pick<ImportRecord, 'id' | 'kind'>;
  summary: ImportSummary | null;
  version: number;
  onBack: () => void;
  onNext: () => void;
}) => {
  const translate = useTranslate();
  const [filter, setFilter] = useState<ImportRowAction | typeof ALL>(() =>
    summary && summary.rejected > 0 ? 'rejected' : ALL,
  );
  const t = (key: string) => translate(`vigie.imports.check.${key}`);
  if (!summary) {
    return (
      <Stack spacing={2}>
        <Typography>{t('notChecked')}</Typography>
        <div>
          <Button onClick={onBack}>{t('back')}</Button>
        </div>
      </Stack>
    );
  }
  return (
    <Stack spacing={3}>
      <div>
        <Typography variant="h6">{t('title')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {t('help')}
        </Typography>
      </div>
      <Counts
        counts={{
          create: summary.create,
          update: summary.update,
          unchanged: summary.unchanged,
          rejected: summary.rejected,
        }}
        labels="vigie.imports.check.summary"
        testIdPrefix="summary"
        tones={TONES}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={filter}
          aria-label={t('filter')}
          onChange={(_event, value: ImportRowAction | typeof ALL | null) => {
            if (value) setFilter(value);
          }}
        >
          <ToggleButton value={ALL}>{t('all')}</ToggleButton>
          {IMPORT_ROW_ACTIONS.map((action) => (
            <ToggleButton key={action} value={action} data-testid={`rows-filter-${action}`}>
              {translate(`vigie.imports.check.summary.${action}`)} ({summary[action]})
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Button href={importReportUrl(record.id)} download startIcon={<DownloadIcon />}>
          {t('report')}
        </Button>
      </Stack>
      <ImportRowsTable
        importId={record.id}
        kind={record.kind}
        action={filter === ALL ? null : filter}
        version={version}
      />
      <Stack direction="row" spacing={2}>
        <Button onClick={onBack}>{t('back')}</Button>
        <Button variant="contained" onClick={onNext} data-testid="import-next">
          {t('next')}
        </Button>
      </Stack>
    </Stack>
  );
};
