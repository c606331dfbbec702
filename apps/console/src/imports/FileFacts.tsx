import Typography from '@mui/material/Typography';
import type { ImportRecord } from '@vigie/domain';
import { useTranslate } from 'react-admin';

/** « fichier.csv — CSV, 1 234 lignes, encodage windows-1252, séparateur « ; » »: what the API read. */
export const FileFacts = ({
  record,
}: {
  record: Pick<ImportRecord, 'fileName' | 'format' | 'rowCount' | 'encoding' | 'delimiter' | 'sheet'>;
}) => {
  const translate = useTranslate();
  const t = (key: string, options?: object) => translate(`vigie.imports.mapping.${key}`, options);
  const facts = [
    t('file', {
      fileName: record.fileName,
      format: translate(`vigie.imports.formats.${record.format}`),
      rows: translate('vigie.imports.counts.rows', { smart_count: record.rowCount }),
    }),
    record.encoding ? t('encoding', { encoding: record.encoding }) : null,
    record.delimiter
      ? t('delimiter', { delimiter: record.delimiter === '\t' ? '⇥' : record.delimiter })
      : null,
    record.sheet ? t('sheet', { sheet: record.sheet }) : null,
  ].filter((fact): fact is string => fact !== null);
  return (
    <Typography variant="body2" color="text.secondary" data-testid="import-file-facts">
      {facts.join(', ')}
    </Typography>
  );
};
