import AddIcon from '@mui/icons-material/Add';
import RssFeedIcon from '@mui/icons-material/RssFeed';
import Typography from '@mui/material/Typography';
import { IMPORT_KINDS, IMPORT_STATUSES, type ImportRecord } from '@vigie/domain';
import {
  Button,
  CreateButton,
  Datagrid,
  FunctionField,
  Link,
  List,
  SelectInput,
  TextField,
  TopToolbar,
  useLocaleState,
  useTranslate,
} from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import { importCounts } from './importCounts';
import { UndoImportButton } from './UndoImportButton';

const importFilters = [
  <SelectInput
    key="kind"
    source="kind"
    label="vigie.imports.kind"
    choices={IMPORT_KINDS.map((kind) => ({ id: kind, name: `vigie.imports.kinds.${kind}` }))}
    alwaysOn
  />,
  <SelectInput
    key="status"
    source="status"
    label="vigie.imports.columns.status"
    choices={IMPORT_STATUSES.map((status) => ({ id: status, name: `vigie.imports.status.${status}` }))}
    alwaysOn
  />,
];

const ImportListActions = () => (
  <TopToolbar>
    <Button component={Link} to="/kobo-feeds" label="vigie.imports.koboFeeds">
      <RssFeedIcon />
    </Button>
    <CreateButton label="vigie.imports.newImport" icon={<AddIcon />} />
  </TopToolbar>
);

/**
 * « Imports »: the history of every import (metadata of all of them; rows and samples only for
 * their creator and admins, which the API enforces), newest first. A row opens the wizard where the
 * import stands.
 */
export const ImportList = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <List
      title="vigie.imports.history"
      sort={{ field: 'createdAt', order: 'DESC' }}
      perPage={25}
      filters={importFilters}
      actions={<ImportListActions />}
    >
      <Typography variant="body2" color="text.secondary" sx={{ px: 2, pt: 1 }}>
        {translate('vigie.imports.historyHelp')}
      </Typography>
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <FunctionField<ImportRecord>
          source="createdAt"
          label="vigie.imports.columns.createdAt"
          render={(record) => formatParisDateTime(record.createdAt, locale)}
        />
        <FunctionField<ImportRecord>
          label="vigie.imports.columns.createdBy"
          sortable={false}
          render={(record) => record.createdByName ?? translate('vigie.imports.unknownUser')}
        />
        <TextField source="fileName" label="vigie.imports.columns.fileName" />
        <FunctionField<ImportRecord>
          source="kind"
          label="vigie.imports.columns.kind"
          render={(record) => translate(`vigie.imports.kinds.${record.kind}`)}
        />
        <FunctionField<ImportRecord>
          source="format"
          label="vigie.imports.columns.format"
          render={(record) => translate(`vigie.imports.formats.${record.format}`)}
        />
        <FunctionField<ImportRecord>
          source="status"
          label="vigie.imports.columns.status"
          render={(record) => (
            <span data-testid="import-status" data-status={record.status}>
              {translate(`vigie.imports.status.${record.status}`)}
            </span>
          )}
        />
        <FunctionField<ImportRecord>
          label="vigie.imports.columns.counts"
          sortable={false}
          render={(record) => {
            const { key, values } = importCounts(record);
            return translate(key, values);
          }}
        />
        <FunctionField<ImportRecord>
          label="vigie.imports.columns.actions"
          sortable={false}
          render={(record) => <UndoImportButton record={record} />}
        />
      </Datagrid>
    </List>
  );
};
