import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import type { MouseEvent } from 'react';
import {
  DataTable,
  ListBase,
  Pagination,
  ReferenceField,
  SelectField,
  Title,
  useTranslate,
} from 'react-admin';
import { INCIDENT_TYPES, OBSERVATION_KINDS, type Vocabulary } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { ReviewButtons } from './ReviewButtons';

export { REVIEW_QUEUE_PATH } from './paths';

interface QueueSectionProps {
  resource: 'observations' | 'incidents';
  title: string;
  empty: string;
  dateSource: string;
  typeSource: string;
  vocabulary: Vocabulary<string>;
}

/** Clicking a review button must not also open the record (the row's own click). */
const stopRowClick = (event: MouseEvent) => event.stopPropagation();

const Empty = ({ message }: { message: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="body2" sx={{ my: 1 }}>
      {translate(message)}
    </Typography>
  );
};

/** One resource's submitted records, oldest change first, each with "Valider" and "Renvoyer". */
const QueueSection = ({ resource, title, empty, dateSource, typeSource, vocabulary }: QueueSectionProps) => {
  const translate = useTranslate();
  const headingId = `review-queue-${resource}`;
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ mb: 3 }}>
      <Typography variant="h6" component="h2" id={headingId} sx={{ mb: 1 }}>
        {translate(title)}
      </Typography>
      <ListBase
        resource={resource}
        filter={{ status: 'submitted' }}
        sort={{ field: 'updatedAt', order: 'ASC' }}
        perPage={25}
        disableSyncWithLocation
        storeKey={false}
      >
        <DataTable rowClick="show" bulkActionButtons={false} empty={<Empty message={empty} />}>
          <DataTable.Col source={dateSource}>
            <ParisDateTimeField source={dateSource} />
          </DataTable.Col>
          <DataTable.Col source={typeSource}>
            <SelectField source={typeSource} choices={vocabularyChoices(vocabulary)} />
          </DataTable.Col>
          <DataTable.Col source="communeCode" disableSort>
            <ReferenceField source="communeCode" reference="communes" link={false} emptyText="—" />
          </DataTable.Col>
          <DataTable.Col label="" disableSort>
            <Box component="span" onClick={stopRowClick} sx={{ display: 'inline-flex', flexWrap: 'wrap' }}>
              <ReviewButtons />
            </Box>
          </DataTable.Col>
        </DataTable>
        <Pagination rowsPerPageOptions={[]} />
      </ListBase>
    </Box>
  );
};

/**
 * "À relire": what observers submitted and is waiting for a coordinator, observations and incidents
 * side by side (coordinators and admins only, as the validate permission).
 */
export const ReviewQueue = () => {
  const translate = useTranslate();
  return (
    <Card sx={{ mt: { xs: 0, sm: 1 } }}>
      <Title title="vigie.reviewQueue.title" />
      <CardContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('vigie.reviewQueue.help')}
        </Typography>
        <QueueSection
          resource="observations"
          title="vigie.reviewQueue.observations"
          empty="vigie.reviewQueue.noObservations"
          dateSource="startedAt"
          typeSource="kind"
          vocabulary={OBSERVATION_KINDS}
        />
        <QueueSection
          resource="incidents"
          title="vigie.reviewQueue.incidents"
          empty="vigie.reviewQueue.noIncidents"
          dateSource="occurredAt"
          typeSource="type"
          vocabulary={INCIDENT_TYPES}
        />
      </CardContent>
    </Card>
  );
};
