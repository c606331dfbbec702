import MapIcon from '@mui/icons-material/Map';
import MyLocationIcon from '@mui/icons-material/MyLocation';
import PlaceIcon from '@mui/icons-material/Place';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useFieldEnvironment, useLocaleState, useTranslate } from './fieldContext';
import type { GeoPoint } from '@vigie/domain';
import { toPoint } from '../geo/coordinates';
import { referenceData, refreshReferenceData, type OfflineSite, type ReferenceData } from '../offline';
import type { TerrainObservation } from './form';
import { formatDistance, matchSites, suggestSites } from './sites';
import { FieldError, TOUCH_PX } from './widgets';

const MapPicker = lazy(() => import('./MapPicker').then((module) => ({ default: module.MapPicker })));

type PositionPatch = Partial<
  Pick<TerrainObservation, 'location' | 'locationAccuracyM' | 'locationSource' | 'siteId' | 'siteName'>
>;

/** The sites kept on the device; fetched once when the device has none and the network is there. */
function useReferenceData(): ReferenceData | null | undefined {
  const [data, setData] = useState<ReferenceData | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = async () => {
      let found = await referenceData().catch(() => null);
      if (!found && navigator.onLine) {
        await refreshReferenceData().catch(() => undefined);
        found = await referenceData().catch(() => null);
      }
      if (live) setData(found);
    };
    void load();
    return () => {
      live = false;
    };
  }, []);
  return data;
}

const big = { minHeight: TOUCH_PX, justifyContent: 'flex-start', textTransform: 'none', fontSize: '1rem' };

/**
 * Where: the device's fix with its accuracy, or a tap on the map, or a known site; the known sites
 * nearest to the position are offered (from the reference data kept on the device).
 */
export const PositionSection = ({
  observation,
  onChange,
  error,
}: {
  observation: TerrainObservation;
  onChange: (patch: PositionPatch) => void;
  error?: string;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const reference = useReferenceData();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const { MapFrame } = useFieldEnvironment();
  const [query, setQuery] = useState('');
  const { location } = observation;

  const nearby = useMemo(
    () => (location && reference ? suggestSites(location.coordinates, reference.sites) : []),
    [location, reference],
  );
  const found = useMemo(() => (reference ? matchSites(query, reference.sites) : []), [query, reference]);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setProblem('vigie.terrain.locationUnsupported');
      return;
    }
    setLocating(true);
    setProblem(null);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        onChange({
          location: toPoint(position.coords.longitude, position.coords.latitude),
          locationAccuracyM: Math.round(position.coords.accuracy),
          locationSource: 'device',
        });
      },
      (failure) => {
        setLocating(false);
        setProblem(
          failure.code === failure.PERMISSION_DENIED
            ? 'vigie.terrain.locationDenied'
            : 'vigie.terrain.locationUnavailable',
        );
      },
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  };

  const chooseSite = (site: OfflineSite) => {
    setQuery('');
    onChange({
      siteId: site.id,
      siteName: site.name,
      // A site chosen without a fix gives its own point; a fix is more precise than a site's point.
      ...(location && observation.locationSource !== 'site'
        ? {}
        : { location: site.location, locationAccuracyM: null, locationSource: 'site' as const }),
    });
  };

  const pick = (point: GeoPoint) =>
    onChange({ location: point, locationAccuracyM: null, locationSource: 'map' });

  const distance = (metres: number) => {
    const { key, value } = formatDistance(metres, locale);
    return translate(key === 'm' ? 'vigie.terrain.distance' : 'vigie.terrain.distanceKm', {
      distance: value,
    });
  };

  const siteButton = (site: OfflineSite, testId: string, metres?: number) => (
    <Button
      key={site.id}
      data-testid={testId}
      variant={observation.siteId === site.id ? 'contained' : 'outlined'}
      aria-pressed={observation.siteId === site.id}
      startIcon={<PlaceIcon />}
      onClick={() => chooseSite(site)}
      fullWidth
      sx={{ ...big, mb: 1 }}
    >
      <Box component="span" sx={{ flex: 1, textAlign: 'left', overflowWrap: 'anywhere' }}>
        {site.name}
      </Box>
      {metres !== undefined ? (
        <Box component="span" sx={{ ml: 1, whiteSpace: 'nowrap', opacity: 0.8 }}>
          {distance(metres)}
        </Box>
      ) : null}
    </Button>
  );

  return (
    <Box>
      <Button
        variant="contained"
        size="large"
        fullWidth
        startIcon={<MyLocationIcon />}
        onClick={locate}
        disabled={locating}
        aria-busy={locating}
        data-testid="terrain-locate"
        sx={{ minHeight: TOUCH_PX, fontSize: '1.05rem' }}
      >
        {translate(locating ? 'vigie.terrain.locating' : 'vigie.terrain.locate')}
      </Button>
      <Box sx={{ my: 1 }} data-testid="terrain-position" aria-live="polite">
        {location ? (
          <>
            <Typography>
              {translate('vigie.terrain.position', {
                latitude: location.coordinates[1].toFixed(5),
                longitude: location.coordinates[0].toFixed(5),
              })}
            </Typography>
            {observation.locationAccuracyM !== null ? (
              <Typography data-testid="terrain-accuracy" sx={{ fontWeight: 600 }}>
                {translate('vigie.terrain.accuracy', { metres: observation.locationAccuracyM })}
              </Typography>
            ) : (
              <Typography color="text.secondary">
                {translate(
                  observation.locationSource === 'site'
                    ? 'vigie.terrain.positionFromSite'
                    : 'vigie.terrain.positionFromMap',
                )}
              </Typography>
            )}
          </>
        ) : (
          <Typography color="text.secondary">{translate('vigie.terrain.noPosition')}</Typography>
        )}
      </Box>
      {problem ? (
        <Alert severity="warning" sx={{ mb: 1 }} data-testid="terrain-location-problem">
          {translate(problem)}
        </Alert>
      ) : null}
      <FieldError error={error} testId="terrain-location-error" />

      <Button
        variant="outlined"
        fullWidth
        startIcon={<MapIcon />}
        onClick={() => setMapOpen((open) => !open)}
        aria-expanded={mapOpen}
        data-testid="terrain-map-toggle"
        sx={{ ...big, justifyContent: 'center', mb: 1 }}
      >
        {translate(mapOpen ? 'vigie.terrain.closeMap' : 'vigie.terrain.chooseOnMap')}
      </Button>
      {mapOpen ? (
        <Box sx={{ mb: 1 }} data-testid="terrain-map">
          <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
            {translate('vigie.terrain.mapHelp')}
          </Typography>
          <Suspense fallback={<Typography>{translate('vigie.terrain.mapLoading')}</Typography>}>
            <MapFrame>
              <MapPicker
                point={location}
                label={translate('vigie.terrain.mapLabel')}
                sites={reference?.sites ?? []}
                onPick={pick}
                onSite={chooseSite}
              />
            </MapFrame>
          </Suspense>
        </Box>
      ) : null}

      {observation.siteId ? (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, my: 1 }} data-testid="terrain-chosen-site">
          <Typography sx={{ flex: 1, fontWeight: 600, overflowWrap: 'anywhere' }}>
            {translate('vigie.terrain.site', {
              name:
                observation.siteName ??
                reference?.sites.find((site) => site.id === observation.siteId)?.name ??
                observation.siteId,
            })}
          </Typography>
          <Button
            variant="text"
            onClick={() => onChange({ siteId: null, siteName: null })}
            data-testid="terrain-clear-site"
            sx={{ minHeight: TOUCH_PX }}
          >
            {translate('vigie.terrain.clearSite')}
          </Button>
        </Box>
      ) : null}

      {reference === null ? (
        <Alert severity="info" sx={{ my: 1 }} data-testid="terrain-no-reference">
          {translate('vigie.terrain.noReferenceData')}
        </Alert>
      ) : null}
      {reference && location ? (
        <Box sx={{ mt: 1 }} data-testid="terrain-nearby">
          <Typography sx={{ mb: 0.5 }}>{translate('vigie.terrain.nearbySites')}</Typography>
          {nearby.length === 0 ? (
            <Typography color="text.secondary">{translate('vigie.terrain.noNearbySites')}</Typography>
          ) : (
            nearby.map(({ site, distanceM }) => siteButton(site, `terrain-nearby-site-${site.id}`, distanceM))
          )}
        </Box>
      ) : null}
      {reference ? (
        <Box sx={{ mt: 1 }}>
          <TextField
            label={translate('vigie.terrain.searchSite')}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            fullWidth
            slotProps={{ htmlInput: { 'data-testid': 'terrain-site-search', autoComplete: 'off' } }}
            sx={{ mb: 1, '& .MuiInputBase-root': { minHeight: TOUCH_PX } }}
          />
          {query.trim() !== '' && found.length === 0 ? (
            <Typography color="text.secondary">{translate('vigie.terrain.noSiteFound')}</Typography>
          ) : null}
          {found.map((site) => siteButton(site, `terrain-site-${site.id}`))}
        </Box>
      ) : null}
    </Box>
  );
};
