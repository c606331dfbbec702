import 'leaflet/dist/leaflet.css';
import Box from '@mui/material/Box';
import type { Layer, LatLngBoundsExpression, PathOptions } from 'leaflet';
import { useEffect, useRef, type ReactNode } from 'react';
import { GeoJSON, MapContainer, Pane, TileLayer, useMap } from 'react-leaflet';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { useCommunes, useMeta, type CommuneFeatureProperties } from '../api/hooks';
import { geoJsonBounds } from './bounds';

/** The Calaisis and the Dunkerquois, between Boulogne and the Belgian border. */
export const DEFAULT_CENTER: [number, number] = [50.87, 2.05];
export const DEFAULT_ZOOM = 9;

export interface BaseMapProps {
  children?: ReactNode;
  /** CSS height; the map takes the whole width. */
  height?: number | string | Record<string, number | string>;
  center?: [number, number];
  zoom?: number;
  bounds?: LatLngBoundsExpression;
  /** Accessible name of the map region. */
  label: string;
  scrollWheelZoom?: boolean;
  /** Draw vector layers on a canvas: much faster with thousands of points. */
  preferCanvas?: boolean;
  /** Once the commune outlines arrive, zoom to the whole territory (overview maps). */
  fitToCommunes?: boolean;
}

/**
 * Every map of the console: the commune outlines from the API as base layer (so the map works
 * without internet), a raster tile layer only when the server provides one, and the geodata
 * attribution from `/api/meta`.
 */
export const BaseMap = ({
  children,
  height = 420,
  center = DEFAULT_CENTER,
  zoom = DEFAULT_ZOOM,
  bounds,
  label,
  scrollWheelZoom = true,
  preferCanvas = false,
  fitToCommunes = false,
}: BaseMapProps) => {
  const meta = useMeta();
  const communes = useCommunes();
  const hasTiles = meta.tileUrl != null && meta.tileUrl !== '';
  return (
    <Box
      role="region"
      aria-label={label}
      sx={{
        height,
        width: '100%',
        isolation: 'isolate',
        borderRadius: 1,
        overflow: 'hidden',
        '& .leaflet-container': { height: '100%', width: '100%', font: 'inherit' },
      }}
    >
      <MapContainer
        center={bounds ? undefined : center}
        zoom={bounds ? undefined : zoom}
        bounds={bounds}
        scrollWheelZoom={scrollWheelZoom}
        preferCanvas={preferCanvas}
      >
        {hasTiles ? <TileLayer url={meta.tileUrl ?? ''} attribution={meta.tileAttribution ?? ''} /> : null}
        {/* Below the overlay pane (400): points drawn before the outlines arrive stay on top. */}
        <Pane name="communes" style={{ zIndex: 350 }}>
          {communes ? (
            <GeoJSON
              key={hasTiles ? 'over-tiles' : 'alone'}
              data={communes}
              style={hasTiles ? COMMUNE_OVER_TILES : COMMUNE_ALONE}
              onEachFeature={bindCommuneName}
            />
          ) : null}
        </Pane>
        {fitToCommunes && communes ? <FitOnce collection={communes} /> : null}
        <MapAttribution text={meta.geodataAttribution} />
        <InvalidateOnResize />
        {children}
      </MapContainer>
    </Box>
  );
};

const COMMUNE_ALONE: PathOptions = {
  color: '#546e7a',
  weight: 1,
  fillColor: '#eceff1',
  fillOpacity: 0.6,
};

const COMMUNE_OVER_TILES: PathOptions = {
  color: '#37474f',
  weight: 1,
  fillOpacity: 0,
};

function bindCommuneName(feature: Feature<Geometry, CommuneFeatureProperties>, layer: Layer): void {
  const name = feature.properties?.name;
  if (name) layer.bindTooltip(name, { sticky: true, direction: 'top' });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Adds a plain-text attribution to the map's attribution control. */
const MapAttribution = ({ text }: { text: string }) => {
  const map = useMap();
  useEffect(() => {
    const control = map.attributionControl;
    if (!control || text === '') return undefined;
    const html = escapeHtml(text);
    control.addAttribution(html);
    return () => {
      control.removeAttribution(html);
    };
  }, [map, text]);
  return null;
};

/** Leaflet measures its container once; a form or a drawer that resizes it needs a new measure. */
const InvalidateOnResize = () => {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(container);
    return () => observer.disconnect();
  }, [map]);
  return null;
};

/** Fits the map to a collection the first time it is available, then leaves the user in control. */
const FitOnce = ({ collection }: { collection: FeatureCollection }) => {
  const map = useMap();
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    const bounds = geoJsonBounds(collection);
    if (!bounds) return;
    done.current = true;
    map.fitBounds(bounds, { padding: [8, 8] });
  }, [map, collection]);
  return null;
};
