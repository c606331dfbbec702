import FactCheckIcon from '@mui/icons-material/FactCheck';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import type { ImportDetail, ImportDryRun } from '@vigie/domain';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { VigieDataProvider } from '../dataProvider';
import { fieldErrorsOf } from './api';
import { ColumnMappingTable } from './ColumnMappingTable';
import { DefaultValuesSection } from './DefaultValuesSection';
import { FileFacts } from './FileFacts';
import { MappingOptions } from './MappingOptions';
import {
  initialMappingState,
  mappingBody,
  splitMappingErrors,
  valueMapLines,
  type MappingErrors,
  type MappingState,
} from './mappingForm';
import { SaveMappingButton } from './SaveMappingButton';
import { importTargets } from './targets';
import { useImportCache } from './useImportCache';
import { ValueMapSection } from './ValueMapSection';

const NO_ERRORS: MappingErrors = { columns: {}, values: {}, defaults: {}, other: {} };
const SHOWN_OPTIONS = ['timezone', 'dateFormat', 'sourceIdColumn'];

/**
 * Step 2: which field each column feeds, how its coded values read, and how the file's dates read.
 * « Vérifier » saves the mapping (the API's errors go under their lines) and runs the dry run.
 */
export const MappingStep = ({
  detail,
  onChecked,
}: {
  detail: ImportDetail;
  onChecked: (dryRun: ImportDryRun) => void;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const cacheImport = useImportCache();
  const [state, setState] = useState<MappingState>(() => initialMappingState(detail));
  const [errors, setErrors] = useState<MappingErrors>(NO_ERRORS);
  // Where the first lines came from, as the step opened (saving the mapping changes `detail`).
  const [suggestion] = useState(() => (detail.mapping ? null : detail.suggestedMapping));
  const t = (key: string, options?: object) => translate(`vigie.imports.mapping.${key}`, options);

  const check = useMutation({
    mutationFn: async () => {
      const mapped = await dataProvider.putImportMapping({ id: detail.id, mapping: mappingBody(state) });
      cacheImport(mapped);
      return dataProvider.dryRunImport({ id: detail.id });
    },
    onMutate: () => setErrors(NO_ERRORS),
    onSuccess: (dryRun) => {
      cacheImport({ id: detail.id, status: 'checked', summary: dryRun.summary });
      onChecked(dryRun);
    },
    onError: (error) => {
      const targets = importTargets(detail.kind).map((target) => target.id);
      setErrors(splitMappingErrors(fieldErrorsOf(error), detail.columns, targets));
    },
  });

  const otherErrors = Object.entries(errors.other).filter(([key]) => !SHOWN_OPTIONS.includes(key));

  return (
    <Stack spacing={3}>
      <div>
        <Typography variant="h6">{t('title')}</Typography>
        <FileFacts record={detail} />
      </div>
      {suggestion ? (
        <Alert severity="info" data-testid="mapping-origin">
          {suggestion.mappingName ? t('fromSaved', { name: suggestion.mappingName }) : t('suggested')}
        </Alert>
      ) : null}
      <ColumnMappingTable
        kind={detail.kind}
        columns={detail.columns}
        sampleRows={detail.sampleRows}
        mapping={state.columns}
        errors={errors.columns}
        onChange={(column, target) =>
          setState((previous) => ({ ...previous, columns: { ...previous.columns, [column]: target } }))
        }
      />
      <DefaultValuesSection
        kind={detail.kind}
        state={state}
        errors={errors.defaults}
        onChange={(target, value) =>
          setState((previous) => ({ ...previous, defaults: { ...previous.defaults, [target]: value } }))
        }
      />
      <MappingOptions
        columns={detail.columns}
        value={state}
        errors={errors.other}
        onChange={(change) => setState((previous) => ({ ...previous, ...change }))}
      />
      <ValueMapSection
        kind={detail.kind}
        lines={valueMapLines(detail.kind, state, detail.distinctValues)}
        values={state.values}
        errors={errors.values}
        onChange={(target, raw, code) =>
          setState((previous) => ({
            ...previous,
            values: { ...previous.values, [target]: { ...previous.values[target], [raw]: code } },
          }))
        }
      />
      {check.error ? (
        <Alert severity="error" role="alert">
          {translate(check.error.message, { _: check.error.message })}
          {otherErrors.length > 0 ? (
            <ul>
              {otherErrors.map(([key, message]) => (
                <li key={key}>
                  {key} : {message}
                </li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={2}>
        <Button
          variant="contained"
          startIcon={<FactCheckIcon />}
          disabled={check.isPending}
          onClick={() => check.mutate()}
          data-testid="import-check"
        >
          {check.isPending ? t('checking') : t('check')}
        </Button>
        <SaveMappingButton
          kind={detail.kind}
          columns={detail.columns}
          mapping={() => mappingBody(state)}
          defaultName={suggestion?.mappingName ?? detail.fileName.replace(/\.[^.]+$/, '')}
        />
      </Stack>
    </Stack>
  );
};
