import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ImportKind } from '@vigie/domain';
import { useLocaleState, useTranslate } from 'react-admin';
import { IGNORE, targetChoices } from './targets';
import { CompactSelect } from './CompactSelect';
import { sampleValues } from './wizardSteps';

/** One line per column of the file: its header, a few of its values, and the field it feeds. */
export const ColumnMappingTable = ({
  kind,
  columns,
  sampleRows,
  mapping,
  errors,
  onChange,
}: {
  kind: ImportKind;
  columns: readonly string[];
  sampleRows: readonly string[][];
  mapping: Record<string, string>;
  errors: Record<string, string>;
  onChange: (column: string, target: string) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const choices = targetChoices(kind, locale === 'en' ? 'en' : 'fr');
  return (
    <Table size="small" aria-label={translate('vigie.imports.mapping.title')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('vigie.imports.mapping.column')}</TableCell>
          <TableCell>{translate('vigie.imports.mapping.samples')}</TableCell>
          <TableCell sx={{ width: '40%' }}>{translate('vigie.imports.mapping.target')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {columns.map((column, index) => {
          const target = mapping[column] ?? IGNORE;
          const samples = sampleValues(sampleRows, index);
          return (
            <TableRow key={column} data-testid="mapping-line" data-column={column}>
              <TableCell sx={{ fontWeight: target === IGNORE ? 'normal' : 'bold', wordBreak: 'break-word' }}>
                {column}
              </TableCell>
              <TableCell sx={{ color: 'text.secondary', maxWidth: 320 }}>
                {samples.length === 0
                  ? translate('vigie.imports.mapping.noSample')
                  : samples.map((value) => (
                      <Box
                        key={value}
                        component="span"
                        title={value}
                        sx={{
                          display: 'block',
                          overflow: 'hidden',
                          textOverflow: 'ellipsis',
                          whiteSpace: 'nowrap',
                        }}
                      >
                        {value}
                      </Box>
                    ))}
              </TableCell>
              <TableCell>
                <CompactSelect
                  label={column}
                  value={target}
                  onChange={(value) => onChange(column, value)}
                  error={errors[column]}
                  testId="mapping-target"
                >
                  {choices.some((choice) => choice.id === target) ? null : (
                    // A target this console does not know yet (a newer API): kept, shown as is.
                    <option value={target}>{target}</option>
                  )}
                  {choices.map((choice) => (
                    <option key={choice.id} value={choice.id}>
                      {choice.name}
                    </option>
                  ))}
                </CompactSelect>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
};
