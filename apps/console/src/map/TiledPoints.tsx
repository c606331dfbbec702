import type { LatLng } from 'leaflet';
import { useEffect, useRef } from 'react';
import { useMap } from 'react-leaflet';
import { PointTileLayer, type TileProperties } from './PointTileLayer';

export interface TiledPointsProps {
  /** `vectorTileTemplate(resource, filters)`: a new template loads new tiles. */
  template: string;
  colorOf: (properties: TileProperties) => string;
  /** A click on a drawn point. */
  onSelect: (selection: { latlng: LatLng; properties: TileProperties }) => void;
  onTileError?: (error: Error) => void;
  /** How many loaded tiles hold only the newest of their points (zooming in shows the rest). */
  onCappedChange?: (capped: number) => void;
}

/** The records of a map as vector tiles from the API (see `PointTileLayer`), inside a `BaseMap`. */
export const TiledPoints = ({
  template,
  colorOf,
  onSelect,
  onTileError,
  onCappedChange,
}: TiledPointsProps) => {
  const map = useMap();
  // The callbacks may change on every render; the layer is only rebuilt for a new template.
  const callbacks = useRef({ colorOf, onSelect, onTileError, onCappedChange });
  callbacks.current = { colorOf, onSelect, onTileError, onCappedChange };
  useEffect(() => {
    const layer = new PointTileLayer({
      template,
      pane: 'overlayPane',
      colorOf: (properties) => callbacks.current.colorOf(properties),
      onTileError: (error) => callbacks.current.onTileError?.(error),
      onCappedChange: (capped) => callbacks.current.onCappedChange?.(capped),
    });
    layer.addTo(map);
    const click = (event: { latlng: LatLng }) => {
      const hit = layer.pointAt(event.latlng);
      if (hit) callbacks.current.onSelect(hit);
    };
    map.on('click', click);
    return () => {
      map.off('click', click);
      layer.remove();
      callbacks.current.onCappedChange?.(0);
    };
  }, [map, template]);
  return null;
};
