import 'leaflet/dist/leaflet.css';
import { CircleMarker, Tooltip, useMapEvents } from 'react-leaflet';
import type { GeoPoint } from '@vigie/domain';
import { BaseMap } from '../geo/BaseMap';
import { toLatLng, toPoint } from '../geo/coordinates';
import type { OfflineSite } from '../offline';

/**
 * The fallback when the device gives no position: tap the map. Loaded only when asked for, so that
 * Leaflet is not part of the field screen's first load. The known sites kept on the device are
 * drawn (and can be tapped), so that the map is readable offline, when neither tiles nor commune
 * outlines can be fetched.
 */
export const MapPicker = ({
  point,
  label,
  sites,
  onPick,
  onSite,
}: {
  point: GeoPoint | null;
  label: string;
  sites: readonly OfflineSite[];
  onPick: (point: GeoPoint) => void;
  onSite: (site: OfflineSite) => void;
}) => (
  <BaseMap
    label={label}
    height={300}
    center={point ? toLatLng(point) : undefined}
    zoom={point ? 16 : undefined}
    scrollWheelZoom={false}
  >
    <PickOnTap onPick={onPick} />
    {sites.map((site) => (
      <CircleMarker
        key={site.id}
        center={toLatLng(site.location)}
        radius={9}
        bubblingMouseEvents={false}
        pathOptions={SITE_STYLE}
        eventHandlers={{ click: () => onSite(site) }}
      >
        <Tooltip direction="top">{site.name}</Tooltip>
      </CircleMarker>
    ))}
    {point ? <CircleMarker center={toLatLng(point)} radius={12} pathOptions={POINT_STYLE} /> : null}
  </BaseMap>
);

const SITE_STYLE = { color: '#ffffff', weight: 2, fillColor: '#1565c0', fillOpacity: 0.9 };
const POINT_STYLE = { color: '#ffffff', weight: 3, fillColor: '#c62828', fillOpacity: 1 };

const PickOnTap = ({ onPick }: { onPick: (point: GeoPoint) => void }) => {
  useMapEvents({
    click(event) {
      const { lng, lat } = event.latlng.wrap();
      onPick(toPoint(lng, lat));
    },
  });
  return null;
};
