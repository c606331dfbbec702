import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ImportKind } from '@vigie/domain';
import { useLocaleState, useTranslate } from 'react-admin';
import { CompactSelect } from './CompactSelect';
import type { ValueMapLine } from './mappingForm';
import { findTarget, valueCodes } from './targets';

/**
 * The value maps: for each column mapped to a coded field, each distinct value of the column with
 * the code it stands for. Left on « Automatique », the API recognises codes, labels and synonyms.
 */
export const ValueMapSection = ({
  kind,
  lines,
  values,
  errors,
  onChange,
}: {
  kind: ImportKind;
  lines: readonly ValueMapLine[];
  values: Record<string, Record<string, string>>;
  errors: Record<string, Record<string, string>>;
  onChange: (target: string, raw: string, code: string) => void;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const lang = locale === 'en' ? 'en' : 'fr';
  if (lines.length === 0) return null;
  return (
    <Stack spacing={2} data-testid="value-maps">
      <Box>
        <Typography variant="h6">{translate('vigie.imports.mapping.valueMaps')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {translate('vigie.imports.mapping.valueMapsHelp')}
        </Typography>
      </Box>
      {lines.map(({ target: targetId, column, rawValues }) => {
        const target = findTarget(kind, targetId);
        if (!target) return null;
        const codes = valueCodes(target);
        return (
          <Box
            key={`${column}→${targetId}`}
            component="fieldset"
            sx={{ border: 1, borderColor: 'divider', p: 1.5 }}
          >
            <Typography component="legend" variant="subtitle2" sx={{ px: 0.5 }}>
              {translate('vigie.imports.mapping.valueMapTitle', { column, target: target[lang] })}
            </Typography>
            {rawValues.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                {translate('vigie.imports.mapping.noValues')}
              </Typography>
            ) : (
              <Box
                sx={{ display: 'grid', gridTemplateColumns: 'minmax(8rem, 1fr) minmax(12rem, 2fr)', gap: 1 }}
              >
                {rawValues.map((raw) => (
                  <Box key={raw} sx={{ display: 'contents' }}>
                    <Typography variant="body2" sx={{ alignSelf: 'center', wordBreak: 'break-word' }}>
                      {raw}
                    </Typography>
                    <CompactSelect
                      label={`${column} : ${raw}`}
                      value={values[targetId]?.[raw] ?? ''}
                      onChange={(code) => onChange(targetId, raw, code)}
                      error={errors[targetId]?.[raw]}
                    >
                      <option value="">{translate('vigie.imports.mapping.automatic')}</option>
                      {codes.map((code) => (
                        <option key={code.id} value={code.id}>
                          {code[lang]}
                        </option>
                      ))}
                    </CompactSelect>
                  </Box>
                ))}
              </Box>
            )}
          </Box>
        );
      })}
    </Stack>
  );
};
