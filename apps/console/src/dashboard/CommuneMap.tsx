import type { Feature, Geometry } from 'geojson';
import type { Layer, PathOptions } from 'leaflet';
import { useMemo } from 'react';
import { GeoJSON } from 'react-leaflet';
import { useCommunes, type CommuneFeatureProperties } from '../api/hooks';
import { BaseMap } from '../geo/BaseMap';

export interface CommuneCount {
  code: string;
  name: string;
  count: number;
}

/**
 * The period's evictions per commune over the commune outlines: the same per-commune counts as the
 * table beside it (the statistics summary), so the map never disagrees with the figures.
 */
export const CommuneMap = ({
  counts,
  label,
  format,
}: {
  counts: CommuneCount[];
  label: string;
  format: (n: number) => string;
}) => {
  const communes = useCommunes();
  const byCode = useMemo(() => new Map(counts.map((row) => [row.code, row.count])), [counts]);
  const max = Math.max(1, ...counts.map((row) => row.count));
  const data = useMemo(
    () =>
      communes
        ? { ...communes, features: communes.features.filter((f) => byCode.has(f.properties.code)) }
        : undefined,
    [communes, byCode],
  );
  const style = (feature?: Feature<Geometry, CommuneFeatureProperties>): PathOptions => {
    const count = feature ? (byCode.get(feature.properties.code) ?? 0) : 0;
    return { color: '#b71c1c', weight: 1.5, fillColor: '#c62828', fillOpacity: 0.15 + 0.7 * (count / max) };
  };
  const onEach = (feature: Feature<Geometry, CommuneFeatureProperties>, layer: Layer) => {
    const count = byCode.get(feature.properties.code) ?? 0;
    layer.bindTooltip(`${feature.properties.name} — ${format(count)}`, { sticky: true, direction: 'top' });
  };
  return (
    <BaseMap label={label} height={{ xs: 300, md: 400 }} fitToCommunes scrollWheelZoom={false}>
      {data ? (
        <GeoJSON key={JSON.stringify(counts)} data={data} style={style} onEachFeature={onEach} />
      ) : null}
    </BaseMap>
  );
};
