import AddIcon from '@mui/icons-material/Add';
import Typography from '@mui/material/Typography';
import {
  Button,
  DataTable,
  Link,
  Pagination,
  ReferenceManyField,
  SelectField,
  useCanAccess,
  useCreatePath,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { INCIDENT_TYPES, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { incidentCreateSearch, prefillFromObservation } from './defaults';

/** Opens the incident form linked to the observation, at its start time and at its place. */
const AddIncidentButton = () => {
  const observation = useRecordContext();
  const createPath = useCreatePath();
  const { canAccess } = useCanAccess({ resource: 'incidents', action: 'create' });
  if (!observation || observation.deletedAt != null || !canAccess) return null;
  const to = {
    pathname: createPath({ resource: 'incidents', type: 'create' }),
    search: incidentCreateSearch(prefillFromObservation(observation)),
  };
  return (
    <Button component={Link} to={to} label="vigie.incident.add" variant="outlined" sx={{ mb: 1 }}>
      <AddIcon />
    </Button>
  );
};

const NoIncident = () => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" sx={{ my: 1 }}>
      {translate('vigie.incident.none')}
    </Typography>
  );
};

/** The incidents seen during the observation (the observation page's "Incidents" tab). */
export const ObservationIncidents = () => {
  const { canAccess } = useCanAccess({ resource: 'incidents', action: 'list' });
  if (!canAccess) return null;
  return (
    <>
      <AddIncidentButton />
      <ReferenceManyField
        reference="incidents"
        target="observationId"
        sort={{ field: 'occurredAt', order: 'ASC' }}
        perPage={25}
        pagination={<Pagination rowsPerPageOptions={[]} />}
        empty={<NoIncident />}
      >
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="occurredAt">
            <ParisDateTimeField source="occurredAt" />
          </DataTable.Col>
          <DataTable.Col source="type">
            <SelectField source="type" choices={vocabularyChoices(INCIDENT_TYPES)} />
          </DataTable.Col>
          <DataTable.NumberCol source="victimCount" />
          <DataTable.Col source="status">
            <SelectField source="status" choices={vocabularyChoices(REVIEW_STATUSES)} />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </>
  );
};
