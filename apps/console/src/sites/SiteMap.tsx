import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Point } from 'geojson';
import { Fragment } from 'react';
import { CircleMarker, Polygon, Popup } from 'react-leaflet';
import { Link, Title, useCreatePath, useTranslate } from 'react-admin';
import { AREAS, SITE_KINDS, SITE_STATUSES, type SiteRecord } from '@vigie/domain';
import { useGeoJson } from '../api/hooks';
import { termKey } from '../common/choices';
import { FilterSelect } from '../common/FilterSelect';
import { useSearchFilters } from '../common/useSearchFilters';
import { BaseMap } from '../geo/BaseMap';
import { colorOf, SITE_STATUS_COLORS } from '../geo/colors';
import { Legend } from '../geo/Legend';

/** `GET /api/sites.geojson`: the properties are the record without its location. */
export type SiteFeatureProperties = Omit<SiteRecord, 'location'>;

const SITE_MAP_FILTERS = ['area', 'kind', 'status'] as const;

/** Leaflet wants `[latitude, longitude]` rings. */
function toLatLngRings(coordinates: number[][][]): [number, number][][] {
  return coordinates.map((ring) => ring.map(([longitude = 0, latitude = 0]) => [latitude, longitude]));
}

export const SiteMap = () => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const [filters, setFilter] = useSearchFilters(SITE_MAP_FILTERS);
  const { data, error, isPending } = useGeoJson<Point, SiteFeatureProperties>('sites', {
    filter: { ...filters },
  });
  const features = data?.features ?? [];

  return (
    <Card sx={{ mt: { xs: 0, sm: 1 } }}>
      <Title title="vigie.menu.sitesMap" />
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <FilterSelect
            name="area"
            label="resources.sites.fields.area"
            vocabulary={AREAS}
            value={filters.area}
            onChange={(value) => setFilter('area', value)}
          />
          <FilterSelect
            name="kind"
            label="resources.sites.fields.kind"
            vocabulary={SITE_KINDS}
            value={filters.kind}
            onChange={(value) => setFilter('kind', value)}
          />
          <FilterSelect
            name="status"
            label="resources.sites.fields.status"
            vocabulary={SITE_STATUSES}
            value={filters.status}
            onChange={(value) => setFilter('status', value)}
          />
        </Stack>
        <Typography variant="body2" role="status" sx={{ my: 1 }}>
          {error
            ? translate('vigie.map.error')
            : isPending
              ? translate('vigie.map.loading')
              : translate('vigie.map.sitesCount', { smart_count: features.length })}
        </Typography>
        <BaseMap label={translate('vigie.menu.sitesMap')} height={{ xs: '62vh', md: '70vh' }} fitToCommunes>
          {features.map((feature) => {
            const site = feature.properties;
            const [longitude, latitude] = feature.geometry.coordinates;
            if (longitude === undefined || latitude === undefined) return null;
            const color = colorOf(SITE_STATUS_COLORS, site.status);
            const details = (
              <Popup>
                <Typography variant="subtitle2" component="p">
                  {site.name}
                </Typography>
                {site.aliases.length > 0 ? (
                  <Typography variant="body2" component="p">
                    {site.aliases.join(', ')}
                  </Typography>
                ) : null}
                <Typography variant="body2" component="p">
                  {translate(termKey(SITE_KINDS, site.kind))} ·{' '}
                  {translate(termKey(SITE_STATUSES, site.status))}
                </Typography>
                <Link to={createPath({ resource: 'sites', id: site.id, type: 'show' })}>
                  {translate('vigie.actions.open')}
                </Link>
              </Popup>
            );
            return (
              <Fragment key={site.id}>
                {site.perimeter ? (
                  <Polygon
                    positions={toLatLngRings(site.perimeter.coordinates)}
                    pathOptions={{ color, weight: 2, fillOpacity: 0.15 }}
                  />
                ) : null}
                <CircleMarker
                  center={[latitude, longitude]}
                  radius={9}
                  pathOptions={{ color: '#ffffff', weight: 2, fillColor: color, fillOpacity: 0.95 }}
                >
                  {details}
                </CircleMarker>
              </Fragment>
            );
          })}
        </BaseMap>
        <Legend vocabulary={SITE_STATUSES} colors={SITE_STATUS_COLORS} />
      </CardContent>
    </Card>
  );
};
