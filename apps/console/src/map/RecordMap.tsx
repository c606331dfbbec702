import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Point } from 'geojson';
import type { LatLng } from 'leaflet';
import { useEffect, useMemo, useState } from 'react';
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
import { vectorTileTemplate } from '../dataProvider';
import type { TileProperties } from './PointTileLayer';
import { TiledPoints } from './TiledPoints';
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

/**
 * The API's limit for one map request. Beyond it the map draws the API's vector tiles instead of
 * one marker per record, so that the whole history stays fluid.
 */
const MAX_FEATURES = 5000;

/** What a point's popup says: its type, date and commune, and a link to the record. */
const PointPopupContent = ({
  config,
  properties,
  communeNames,
}: {
  config: RecordMapConfig;
  properties: Record<string, unknown>;
  communeNames: Map<string, string>;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const createPath = useCreatePath();
  const { resource, dateField, typeField, vocabulary } = config;
  const type = properties[typeField];
  const communeCode = typeof properties.communeCode === 'string' ? properties.communeCode : null;
  const id = String(properties.id ?? '');
  return (
    <>
      <Typography variant="subtitle2" component="p">
        {typeof type === 'string' ? translate(termKey(vocabulary, type)) : '—'}
      </Typography>
      <Typography variant="body2" component="p">
        {formatParisDateTime(properties[dateField], locale)}
      </Typography>
      <Typography variant="body2" component="p">
        {communeCode ? (communeNames.get(communeCode) ?? communeCode) : '—'}
      </Typography>
      {id ? (
        <Link to={createPath({ resource, id, type: 'show' })}>{translate('vigie.actions.open')}</Link>
      ) : null}
    </>
  );
};

export const RecordMap = ({ config }: { config: RecordMapConfig }) => {
  const { resource, title, dateField, typeField, vocabulary, colors, countMessage, filterKeys } = config;
  const translate = useTranslate();
  const [filters, setFilter] = useSearchFilters(filterKeys);
  const [selected, setSelected] = useState<{ latlng: LatLng; properties: TileProperties } | null>(null);
  const [tileErrors, setTileErrors] = useState(0);
  const [cappedTiles, setCappedTiles] = useState(0);
  // The count first (no feature): above the limit the map shows the API's vector tiles and never
  // downloads the thousands of points it would not draw (a phone on a weak network).
  const counted = useGeoJson<Point, FeatureProperties>(resource, { filter: { ...filters }, range: [0, 0] });
  // While a new count is asked, the last one keeps the map as it is (no flash of the other mode).
  const total = counted.data?.total ?? 0;
  const tiled = counted.data !== undefined && total > MAX_FEATURES;
  const points = useGeoJson<Point, FeatureProperties>(
    resource,
    { filter: { ...filters }, range: [0, MAX_FEATURES] },
    { enabled: !counted.isPending && counted.data !== undefined && !tiled },
  );
  const error = counted.error ?? points.error;
  const isPending = !error && (counted.isPending || (!tiled && points.isPending));
  const communes = useCommunes();
  const communeNames = useMemo(
    () =>
      new Map(
        (communes?.features ?? []).map((feature) => [feature.properties.code, feature.properties.name]),
      ),
    [communes],
  );
  // Above the limit the API's vector tiles show every record; below it, markers.
  const features = tiled ? [] : (points.data?.features ?? []);
  const template = useMemo(() => vectorTileTemplate(resource, filters), [resource, filters]);
  useEffect(() => {
    setSelected(null);
    setTileErrors(0);
  }, [template, tiled]);
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
        <Typography
          variant="body2"
          role="status"
          sx={{ my: 1 }}
          data-map-mode={tiled ? 'tiles' : 'markers'}
          data-total={isPending ? undefined : total}
        >
          {error
            ? translate('vigie.map.error')
            : isPending
              ? translate('vigie.map.loading')
              : translate(countMessage, { smart_count: tiled ? total : features.length })}
          {tiled ? ` ${translate('vigie.map.tiled')}` : ''}
          {tiled && cappedTiles > 0 ? ` ${translate('vigie.map.tilesCapped')}` : ''}
          {tileErrors > 0 ? ` ${translate('vigie.map.tileErrors', { smart_count: tileErrors })}` : ''}
        </Typography>
        {isPending ? <LinearProgress /> : null}
        <BaseMap label={translate(title)} height={{ xs: '62vh', md: '70vh' }} fitToCommunes preferCanvas>
          {tiled ? (
            <TiledPoints
              template={template}
              colorOf={(properties) => colorOf(colors, properties[typeField])}
              onSelect={setSelected}
              onTileError={() => setTileErrors((count) => count + 1)}
              onCappedChange={setCappedTiles}
            />
          ) : null}
          {tiled && selected ? (
            <Popup position={selected.latlng} eventHandlers={{ remove: () => setSelected(null) }}>
              <PointPopupContent
                config={config}
                properties={selected.properties}
                communeNames={communeNames}
              />
            </Popup>
          ) : null}
          {features.map((feature) => {
            const { id } = feature.properties;
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
                  <PointPopupContent
                    config={config}
                    properties={feature.properties}
                    communeNames={communeNames}
                  />
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
