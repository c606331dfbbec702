import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Point } from 'geojson';
import { useMemo } from 'react';
import { CircleMarker, Popup } from 'react-leaflet';
import { Link, Title, useCreatePath, useLocaleState, useTranslate } from 'react-admin';
import { AREAS, type Vocabulary } from '@vigie/domain';
import { useCommunes, useGeoJson } from '../api/hooks';
import { termKey } from '../common/choices';
import { FilterDate, FilterSelect } from '../common/FilterSelect';
import { formatParisDateTime } from '../common/parisTime';
import { useSearchFilters } from '../common/useSearchFilters';
import { BaseMap } from '../geo/BaseMap';
import { colorOf } from '../geo/colors';
import { Legend } from '../geo/Legend';

/** What a map of dated, typed points (observations, incidents) needs to know about its resource. */
export interface RecordMapConfig {
  resource: string;
  /** Translation key of the page title (also the map's accessible name). */
  title: string;
  /** The timestamp filtered by period and shown in the popup (`startedAt`, `occurredAt`). */
  dateField: string;
  /** The vocabulary field that colours the points (`kind`, `type`). */
  typeField: string;
  vocabulary: Vocabulary<string>;
  colors: Record<string, string>;
  /** Translation key of "N … shown", with `smart_count`. */
  countMessage: string;
  /** The query-string filters, shared with the list's "Voir sur la carte": period, area, type. */
  filterKeys: readonly string[];
}

type FeatureProperties = Record<string, unknown> & { id: string; communeCode?: string | null };

/** The API's limit for one map request; beyond it the user narrows the filters. */
const MAX_FEATURES = 5000;

export const RecordMap = ({ config }: { config: RecordMapConfig }) => {
  const { resource, title, dateField, typeField, vocabulary, colors, countMessage, filterKeys } = config;
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const createPath = useCreatePath();
  const [filters, setFilter] = useSearchFilters(filterKeys);
  const { data, error, isPending } = useGeoJson<Point, FeatureProperties>(resource, {
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
  const from = `${dateField}_gte`;
  const to = `${dateField}_lte`;

  return (
    <Card sx={{ mt: { xs: 0, sm: 1 } }}>
      <Title title={title} />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <FilterDate
            name={from}
            label="vigie.filters.from"
            value={filters[from]}
            onChange={(value) => setFilter(from, value)}
          />
          <FilterDate
            name={to}
            label="vigie.filters.to"
            value={filters[to]}
            onChange={(value) => setFilter(to, value)}
          />
          <FilterSelect
            name="area"
            label={`resources.${resource}.fields.area`}
            vocabulary={AREAS}
            value={filters.area}
            onChange={(value) => setFilter('area', value)}
          />
          <FilterSelect
            name={typeField}
            label={`resources.${resource}.fields.${typeField}`}
            vocabulary={vocabulary}
            value={filters[typeField]}
            onChange={(value) => setFilter(typeField, value)}
          />
        </Stack>
        <Typography variant="body2" role="status" sx={{ my: 1 }}>
          {error
            ? translate('vigie.map.error')
            : isPending
              ? translate('vigie.map.loading')
              : translate(countMessage, { smart_count: features.length })}
          {!isPending && features.length >= MAX_FEATURES
            ? ` ${translate('vigie.map.truncated', { max: MAX_FEATURES })}`
            : ''}
        </Typography>
        {isPending ? <LinearProgress /> : null}
        <BaseMap label={translate(title)} height={{ xs: '62vh', md: '70vh' }} fitToCommunes preferCanvas>
          {features.map((feature) => {
            const { id, communeCode } = feature.properties;
            const type = feature.properties[typeField];
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
                  fillColor: colorOf(colors, type),
                  fillOpacity: 0.9,
                }}
              >
                <Popup>
                  <Typography variant="subtitle2" component="p">
                    {typeof type === 'string' ? translate(termKey(vocabulary, type)) : '—'}
                  </Typography>
                  <Typography variant="body2" component="p">
                    {formatParisDateTime(feature.properties[dateField], locale)}
                  </Typography>
                  <Typography variant="body2" component="p">
                    {communeCode ? (communeNames.get(communeCode) ?? communeCode) : '—'}
                  </Typography>
                  <Link to={createPath({ resource, id, type: 'show' })}>
                    {translate('vigie.actions.open')}
                  </Link>
                </Popup>
              </CircleMarker>
            );
          })}
        </BaseMap>
        <Legend vocabulary={vocabulary} colors={colors} />
      </CardContent>
    </Card>
  );
};
