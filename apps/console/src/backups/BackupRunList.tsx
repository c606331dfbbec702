import { useMediaQuery, type Theme } from '@mui/material';
import Typography from '@mui/material/Typography';
import { DataTable, List, SimpleList, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { formatBytes } from '../evidence/format';
import { BackupStatusPanel } from './BackupStatusPanel';

const T = 'vigie.backups';

const CodeField = ({ source, vocabulary }: { source: 'kind' | 'status'; vocabulary: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source];
  if (typeof value !== 'string') return null;
  return (
    <Typography component="span" variant="body2" color={value === 'failed' ? 'error' : undefined}>
      {translate(`${T}.${vocabulary}.${value}`, { _: value })}
    </Typography>
  );
};

const BytesField = ({ source }: { source: 'sizeBytes' | 'bytesWritten' }) => {
  const record = useRecordContext();
  const [locale] = useLocaleState();
  return (
    <Typography component="span" variant="body2">
      {formatBytes(record?.[source], locale)}
    </Typography>
  );
};

/** « Sauvegardes » (admin): the status and the button at the top, then every run, newest first. */
export const BackupRunList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  const translate = useTranslate();
  return (
    <>
      <BackupStatusPanel />
      <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
        {translate(`${T}.runs`)}
      </Typography>
      <List
        resource="backups"
        sort={{ field: 'startedAt', order: 'DESC' }}
        title={`${T}.title`}
        perPage={25}
        exporter={false}
        actions={false}
        disableSyncWithLocation
      >
        {isSmall ? (
          <SimpleList
            primaryText={<CodeField source="kind" vocabulary="kinds" />}
            secondaryText={<ParisDateTimeField source="startedAt" />}
            tertiaryText={(record) => (record.status === 'failed' ? String(record.error ?? '') : '')}
            linkType={false}
          />
        ) : (
          <DataTable rowClick={false} bulkActionButtons={false}>
            <DataTable.Col source="startedAt" label={`${T}.columns.startedAt`}>
              <ParisDateTimeField source="startedAt" />
            </DataTable.Col>
            <DataTable.Col source="kind" label={`${T}.columns.kind`}>
              <CodeField source="kind" vocabulary="kinds" />
            </DataTable.Col>
            <DataTable.Col source="status" label={`${T}.columns.status`}>
              <CodeField source="status" vocabulary="statuses" />
            </DataTable.Col>
            <DataTable.Col source="backupId" label={`${T}.columns.backupId`} disableSort />
            <DataTable.Col source="destination" label={`${T}.columns.destination`} disableSort />
            <DataTable.Col source="sizeBytes" label={`${T}.columns.sizeBytes`}>
              <BytesField source="sizeBytes" />
            </DataTable.Col>
            <DataTable.Col source="bytesWritten" label={`${T}.columns.bytesWritten`} disableSort>
              <BytesField source="bytesWritten" />
            </DataTable.Col>
            <DataTable.Col source="triggeredByName" label={`${T}.columns.triggeredBy`} disableSort />
            <DataTable.Col source="error" label={`${T}.columns.error`} disableSort />
          </DataTable>
        )}
      </List>
    </>
  );
};
