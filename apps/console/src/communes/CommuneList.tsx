import { useMediaQuery, type Theme } from '@mui/material';
import { DataTable, List, SearchInput, SelectField, SelectInput, SimpleList, TextInput } from 'react-admin';
import { AREAS } from '@vigie/domain';
import { vocabularyChoices } from '../common/choices';
import { Tertiary } from '../common/Tertiary';

const areaChoices = vocabularyChoices(AREAS);

const communeFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="area" source="area" choices={areaChoices} alwaysOn />,
  <TextInput key="department" source="department" />,
];

export const CommuneList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <List sort={{ field: 'name', order: 'ASC' }} filters={communeFilters} perPage={50}>
      {isSmall ? (
        <SimpleList
          primaryText="%{name}"
          secondaryText="%{code} · %{epciName}"
          tertiaryText={
            <Tertiary>
              <SelectField source="area" choices={areaChoices} />
            </Tertiary>
          }
          linkType="show"
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="code" />
          <DataTable.Col source="name" />
          <DataTable.Col source="department" />
          <DataTable.Col source="epciName" />
          <DataTable.Col source="area">
            <SelectField source="area" choices={areaChoices} />
          </DataTable.Col>
          <DataTable.NumberCol source="population" />
        </DataTable>
      )}
    </List>
  );
};
