import TravelExploreIcon from '@mui/icons-material/TravelExplore';
import { useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  Button,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput,
  SimpleList,
  TextArrayField,
  TopToolbar,
  useListContext,
  useNavigate,
  useTranslate,
} from 'react-admin';
import { AREAS, SITE_KINDS, SITE_STATUSES } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { Tertiary } from '../common/Tertiary';
import { isTrashFilter, TrashToggle } from '../common/TrashToggle';

const kindChoices = vocabularyChoices(SITE_KINDS);
const statusChoices = vocabularyChoices(SITE_STATUSES);
const areaChoices = vocabularyChoices(AREAS);

const siteFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={kindChoices} />,
  <SelectInput key="status" source="status" choices={statusChoices} />,
  <SelectInput key="area" source="area" choices={areaChoices} />,
  <ReferenceInput key="communeCode" source="communeCode" reference="communes">
    <AutocompleteInput optionText="name" />
  </ReferenceInput>,
];

const ListActions = () => {
  const { filterValues } = useListContext();
  const navigate = useNavigate();
  return (
    <TopToolbar>
      <FilterButton />
      {isTrashFilter(filterValues) ? null : <CreateButton />}
      <Button label="vigie.filters.map" onClick={() => navigate('/sites-map')}>
        <TravelExploreIcon />
      </Button>
      <TrashToggle />
    </TopToolbar>
  );
};

const SiteListTitle = () => {
  const translate = useTranslate();
  const { filterValues } = useListContext();
  const name = translate('resources.sites.name', { smart_count: 2 });
  return <span>{isTrashFilter(filterValues) ? `${name} — ${translate('vigie.trash.title')}` : name}</span>;
};

export const SiteList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <List
      empty={false}
      sort={{ field: 'name', order: 'ASC' }}
      filters={siteFilters}
      actions={<ListActions />}
      title={<SiteListTitle />}
    >
      {isSmall ? (
        <SimpleList
          primaryText="%{name}"
          secondaryText={
            <ReferenceField source="communeCode" reference="communes" link={false} emptyText="—" />
          }
          tertiaryText={
            <Tertiary>
              <SelectField source="status" choices={statusChoices} />
            </Tertiary>
          }
          linkType="show"
        />
      ) : (
        <DataTable rowClick="show">
          <DataTable.Col source="name" />
          <DataTable.Col source="aliases" disableSort>
            <TextArrayField source="aliases" />
          </DataTable.Col>
          <DataTable.Col source="kind">
            <SelectField source="kind" choices={kindChoices} />
          </DataTable.Col>
          <DataTable.Col source="status">
            <SelectField source="status" choices={statusChoices} />
          </DataTable.Col>
          <DataTable.Col source="communeCode">
            <ReferenceField source="communeCode" reference="communes" link={false} />
          </DataTable.Col>
          <DataTable.Col source="area" disableSort>
            <SelectField source="area" choices={areaChoices} />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
