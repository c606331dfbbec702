import { useMediaQuery, type Theme } from '@mui/material';
import {
  CreateButton,
  DataTable,
  FilterButton,
  List,
  ReferenceField,
  SelectField,
  SimpleList,
  TopToolbar,
  useListContext,
  useTranslate,
} from 'react-admin';
import { AREAS, INCIDENT_TYPES, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { ShowOnMapButton } from '../common/ShowOnMapButton';
import { Tertiary } from '../common/Tertiary';
import { isTrashFilter, TrashToggle } from '../common/TrashToggle';
import { INCIDENT_MAP_FILTER_KEYS, incidentFilters } from './incidentFilters';
import { INCIDENTS_MAP_PATH } from './paths';

const typeChoices = vocabularyChoices(INCIDENT_TYPES);
const statusChoices = vocabularyChoices(REVIEW_STATUSES);
const areaChoices = vocabularyChoices(AREAS);

export { INCIDENTS_MAP_PATH };

const ListActions = () => {
  const { filterValues } = useListContext();
  return (
    <TopToolbar>
      <FilterButton />
      {isTrashFilter(filterValues) ? null : <CreateButton />}
      <ShowOnMapButton path={INCIDENTS_MAP_PATH} keys={INCIDENT_MAP_FILTER_KEYS} />
      <TrashToggle />
    </TopToolbar>
  );
};

const IncidentListTitle = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const name = translate('resources.incidents.name', { smart_count: 2 });
  return <span>{isTrashFilter(filterValues) ? `${name} — ${translate('vigie.trash.title')}` : name}</span>;
};

/** Second line of a row on a phone: when and where. */
const WhenAndWhere = () => (
  <span>
    <ParisDateTimeField source="occurredAt" />
    {' · '}
    <ReferenceField source="communeCode" reference="communes" link={false} emptyText="—" />
  </span>
);

export const IncidentList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <List
      empty={false}
      sort={{ field: 'occurredAt', order: 'DESC' }}
      filters={incidentFilters}
      actions={<ListActions />}
      title={<IncidentListTitle />}
    >
      {isSmall ? (
        <SimpleList
          primaryText={<SelectField source="type" choices={typeChoices} />}
          secondaryText={<WhenAndWhere />}
          tertiaryText={
            <Tertiary>
              <SelectField source="status" choices={statusChoices} />
            </Tertiary>
          }
          linkType="show"
        />
      ) : (
        <DataTable rowClick="show">
          <DataTable.Col source="occurredAt">
            <ParisDateTimeField source="occurredAt" />
          </DataTable.Col>
          <DataTable.Col source="type">
            <SelectField source="type" choices={typeChoices} />
          </DataTable.Col>
          <DataTable.Col source="communeCode">
            <ReferenceField source="communeCode" reference="communes" link={false} />
          </DataTable.Col>
          <DataTable.Col source="area" disableSort>
            <SelectField source="area" choices={areaChoices} />
          </DataTable.Col>
          <DataTable.NumberCol source="victimCount" disableSort />
          <DataTable.Col source="status">
            <SelectField source="status" choices={statusChoices} />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
