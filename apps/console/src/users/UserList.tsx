import { useMediaQuery, type Theme } from '@mui/material';
import {
  BooleanField,
  CreateButton,
  DataTable,
  FilterButton,
  List,
  SearchInput,
  SelectField,
  SelectInput,
  SimpleList,
  TopToolbar,
} from 'react-admin';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { Tertiary } from '../common/Tertiary';
import { roleChoices } from './UserInputs';

const activeChoices = [
  { id: 'true', name: 'vigie.triState.true' },
  { id: 'false', name: 'vigie.triState.false' },
];

const userFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices} alwaysOn />,
  <SelectInput key="active" source="active" choices={activeChoices} />,
];

const ListActions = () => (
  <TopToolbar>
    <FilterButton />
    <CreateButton />
  </TopToolbar>
);

export const UserList = () => {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  return (
    <List sort={{ field: 'name', order: 'ASC' }} filters={userFilters} actions={<ListActions />} perPage={50}>
      {isSmall ? (
        <SimpleList
          primaryText="%{name}"
          secondaryText="%{email}"
          tertiaryText={
            <Tertiary>
              <SelectField source="role" choices={roleChoices} />
            </Tertiary>
          }
          linkType="show"
          rowSx={(record) => (record.active === false ? { opacity: 0.55 } : {})}
        />
      ) : (
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="email" />
          <DataTable.Col source="name" />
          <DataTable.Col source="role">
            <SelectField source="role" choices={roleChoices} />
          </DataTable.Col>
          <DataTable.Col source="active" disableSort>
            <BooleanField source="active" />
          </DataTable.Col>
          <DataTable.Col source="totpEnabled" disableSort>
            <BooleanField source="totpEnabled" />
          </DataTable.Col>
          <DataTable.Col source="lastLoginAt">
            <ParisDateTimeField source="lastLoginAt" emptyText="—" />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
};
