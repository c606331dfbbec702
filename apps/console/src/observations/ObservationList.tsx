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
import { AREAS, OBSERVATION_KINDS, REVIEW_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { ShowOnMapButton } from '../common/ShowOnMapButton';
import { Tertiary } from '../common/Tertiary';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { isTrashFilter, TrashToggle } from '../common/TrashToggle';
import { PossibleDuplicateMarker } from '../duplicates';
import { MAP_FILTER_KEYS, observationFilters } from './observationFilters';

const kindChoices = vocabularyChoices(OBSERVATION_KINDS);
const statusChoices = vocabularyChoices(REVIEW_STATUSES);
const areaChoices = vocabularyChoices(AREAS);

const ListActions = () => {
  const { filterValues } = useListContext();
  return (
    <TopToolbar>
      <FilterButton />
      {isTrashFilter(filterValues) ? null : <CreateButton />}
      <ShowOnMapButton path="/map" keys={MAP_FILTER_KEYS} />
      <TrashToggle />
    </TopToolbar>
  );
};

const ObservationListTitle = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const name = translate('resources.observations.name', { smart_count: 2 });
  return <span>{isTrashFilter(filterValues) ? `${name} — ${translate('vigie.trash.title')}` : name}</span>;
};

/** The kind, with the "doublon possible" marker when the record may duplicate another. */
const KindWithMarker = () => (
  <span>
    <SelectField source="kind" choices={kindChoices} />
    <PossibleDuplicateMarker />
  </span>
);

/** Second line of a row on a phone: when and where. */
const WhenAndWhere = () => (
  <span>
    <ParisDateTimeField source="startedAt" />
    {' · '}
    <ReferenceField source="communeCode" reference="communes" link={false} emptyText="—" />
  </span>
);

export const ObservationList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <List
      empty={false}
      sort={{ field: 'startedAt', order: 'DESC' }}
      filters={observationFilters}
      actions={<ListActions />}
      title={<ObservationListTitle />}
    >
      {isSmall ? (
        <SimpleList
          primaryText={<KindWithMarker />}
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
          <DataTable.Col source="startedAt">
            <ParisDateTimeField source="startedAt" />
          </DataTable.Col>
          <DataTable.Col source="kind">
            <KindWithMarker />
          </DataTable.Col>
          <DataTable.Col source="communeCode">
            <ReferenceField source="communeCode" reference="communes" link={false} />
          </DataTable.Col>
          <DataTable.Col source="area" disableSort>
            <SelectField source="area" choices={areaChoices} />
          </DataTable.Col>
          <DataTable.Col source="siteId" disableSort>
            <ReferenceField source="siteId" reference="sites" link={false} />
          </DataTable.Col>
          <DataTable.NumberCol source="peopleEvicted" />
          <DataTable.NumberCol source="arrests" />
          <DataTable.Col source="status">
            <SelectField source="status" choices={statusChoices} />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
