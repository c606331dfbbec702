import { GeoJSON } from 'react-leaflet';
import {
  DataTable,
  ListButton,
  NumberField,
  ReferenceManyField,
  SelectField,
  Show,
  SimpleShowLayout,
  TextField,
  TopToolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { AREAS, OBSERVATION_KINDS, SITE_STATUSES } from '@vigie/domain';
import { useCommunes } from '../api/hooks';
import { vocabularyChoices } from '../common/choices';
import { ParisDateTimeField } from '../common/ParisDateTimeField';
import { Section } from '../common/Section';
import { BaseMap } from '../geo/BaseMap';
import { geoJsonBounds } from '../geo/bounds';

/** The commune's outline, highlighted over the others. */
const CommuneOutline = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const communes = useCommunes();
  const feature = communes?.features.find((item) => item.properties.code === record?.code);
  if (!feature) return null;
  const bounds = geoJsonBounds(feature.geometry);
  return (
    <BaseMap
      label={translate('resources.communes.name', { smart_count: 1 })}
      height={{ xs: 240, sm: 320 }}
      bounds={bounds ?? undefined}
      scrollWheelZoom={false}
    >
      <GeoJSON
        data={feature}
        style={{ color: '#1b3a4b', weight: 3, fillColor: '#1b3a4b', fillOpacity: 0.12 }}
        interactive={false}
      />
    </BaseMap>
  );
};

const CommuneTitle = () => {
  const record = useRecordContext();
  return <span>{typeof record?.name === 'string' ? `${record.name} (${String(record.code)})` : ''}</span>;
};

export const CommuneShow = () => (
  <Show
    title={<CommuneTitle />}
    actions={
      <TopToolbar>
        <ListButton />
      </TopToolbar>
    }
  >
    <SimpleShowLayout>
      <TextField source="name" />
      <TextField source="code" />
      <TextField source="department" />
      <TextField source="epciName" />
      <TextField source="epciCode" />
      <SelectField source="area" choices={vocabularyChoices(AREAS)} />
      <NumberField source="population" emptyText="—" />
      <CommuneOutline />

      <Section title="vigie.commune.observations" />
      <ReferenceManyField
        reference="observations"
        target="communeCode"
        source="code"
        sort={{ field: 'startedAt', order: 'DESC' }}
        perPage={10}
        label={false}
      >
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="startedAt">
            <ParisDateTimeField source="startedAt" />
          </DataTable.Col>
          <DataTable.Col source="kind">
            <SelectField source="kind" choices={vocabularyChoices(OBSERVATION_KINDS)} />
          </DataTable.Col>
          <DataTable.NumberCol source="peopleEvicted" />
        </DataTable>
      </ReferenceManyField>

      <Section title="vigie.commune.sites" />
      <ReferenceManyField
        reference="sites"
        target="communeCode"
        source="code"
        sort={{ field: 'name', order: 'ASC' }}
        perPage={25}
        label={false}
      >
        <DataTable rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="name" />
          <DataTable.Col source="status">
            <SelectField source="status" choices={vocabularyChoices(SITE_STATUSES)} />
          </DataTable.Col>
        </DataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);
