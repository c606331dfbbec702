import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Point } from 'geojson';
import { useMemo } from 'react';
import { CircleMarker, Popup } from 'react-leaflet';
import { Link, Title, useCreatePath, useLocaleState, useTranslate } from 'react-admin';
import { AREAS, OBSERVATION_KINDS, type Area, type ObservationKind, type ReviewStatus } from '@vigie/domain';
import { useCommunes, useGeoJson } from '../api/hooks';
import { termKey } from '../common/choices';
import { FilterDate, FilterSelect } from '../common/FilterSelect';
import { formatParisDateTime } from '../common/parisTime';
import { useSearchFilters } from '../common/useSearchFilters';
import { BaseMap } from '../geo/BaseMap';
import { colorOf, KIND_COLORS } from '../geo/colors';
import { Legend } from '../geo/Legend';
import { MAP_FILTER_KEYS } from '../observations/observationFilters';

/** Properties of a feature of `GET /api/observations.geojson`. */
export interface ObservationFeatureProperties {
  id: string;
  kind: ObservationKind;
  startedAt: string;
  status: ReviewStatus;
  communeCode: string | null;
  area: Area | null;
  siteId: string | null;
  arrests: number;
  peopleEvicted: number | null;
}

/** The API's limit for one map request; beyond it the user narrows the filters. */
const MAX_FEATURES = 5000;

export const ObservationMap = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const createPath = useCreatePath();
  const [filters, setFilter] = useSearchFilters(MAP_FILTER_KEYS);
  const { data, error, isPending } = useGeoJson<Point, ObservationFeatureProperties>('observations', {
    filter: { ...filters },
    range: [0, MAX_FEATURES],
  });
  const communes = useCommunes();
  const communeNames = useMemo(
    () =>
      new Map(
        (communes?.features ?? []).map((feature) => [feature.properties.code, feature.properties.name]),
      ),
    [communes],
  );
  const features = data?.features ?? [];

  return (
    <Card sx={{ mt: { xs: 0, sm: 1 } }}>
      <Title title="vigie.menu.observationsMap" />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <FilterDate
            name="startedAt_gte"
            label="vigie.filters.from"
            value={filters.startedAt_gte}
            onChange={(value) => setFilter('startedAt_gte', value)}
          />
          <FilterDate
            name="startedAt_lte"
            label="vigie.filters.to"
            value={filters.startedAt_lte}
            onChange={(value) => setFilter('startedAt_lte', value)}
          />
          <FilterSelect
            name="area"
            label="resources.observations.fields.area"
            vocabulary={AREAS}
            value={filters.area}
            onChange={(value) => setFilter('area', value)}
          />
          <FilterSelect
            name="kind"
            label="resources.observations.fields.kind"
            vocabulary={OBSERVATION_KINDS}
            value={filters.kind}
            onChange={(value) => setFilter('kind', value)}
          />
        </Stack>
        <Typography variant="body2" role="status" sx={{ my: 1 }}>
          {error
            ? translate('vigie.map.error')
            : isPending
              ? translate('vigie.map.loading')
              : translate('vigie.map.count', { smart_count: features.length })}
          {!isPending && features.length >= MAX_FEATURES
            ? ` ${translate('vigie.map.truncated', { max: MAX_FEATURES })}`
            : ''}
        </Typography>
        {isPending ? <LinearProgress /> : null}
        <BaseMap
          label={translate('vigie.menu.observationsMap')}
          height={{ xs: '62vh', md: '70vh' }}
          fitToCommunes
          preferCanvas
        >
          {features.map((feature) => {
            const { id, kind, startedAt, communeCode } = feature.properties;
            const [longitude, latitude] = feature.geometry.coordinates;
            if (longitude === undefined || latitude === undefined) return null;
            return (
              <CircleMarker
                key={id}
                center={[latitude, longitude]}
                radius={7}
                pathOptions={{
                  color: '#ffffff',
                  weight: 1.5,
                  fillColor: colorOf(KIND_COLORS, kind),
                  fillOpacity: 0.9,
                }}
              >
                <Popup>
                  <Typography variant="subtitle2" component="p">
                    {translate(termKey(OBSERVATION_KINDS, kind))}
                  </Typography>
                  <Typography variant="body2" component="p">
                    {formatParisDateTime(startedAt, locale)}
                  </Typography>
                  <Typography variant="body2" component="p">
                    {communeCode ? (communeNames.get(communeCode) ?? communeCode) : '—'}
                  </Typography>
                  <Link to={createPath({ resource: 'observations', id, type: 'show' })}>
                    {translate('vigie.actions.open')}
                  </Link>
                </Popup>
              </CircleMarker>
            );
          })}
        </BaseMap>
        <Legend vocabulary={OBSERVATION_KINDS} colors={KIND_COLORS} />
      </CardContent>
    </Card>
  );
};
