import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { GeoJSON } from 'react-leaflet';
import { useFieldValue, useTranslate, type FieldProps } from 'react-admin';
import type { GeoPolygonal } from '@vigie/domain';
import { BaseMap } from './BaseMap';
import { geoJsonBounds, padBounds } from './bounds';
import { isPolygonal, polygonsOf } from './perimeter';

export const PERIMETER_DISPLAY_STYLE = {
  color: '#6a1b9a',
  weight: 2,
  fillColor: '#ab47bc',
  fillOpacity: 0.25,
};

/** A perimeter on a map fitted to it; `children` add layers (observations inside it…). */
export const PerimeterMap = ({
  perimeter,
  label,
  height = { xs: 260, sm: 360 },
  children,
}: {
  perimeter: GeoPolygonal;
  label: string;
  height?: number | string | Record<string, number | string>;
  children?: React.ReactNode;
}) => {
  const fitted = geoJsonBounds(perimeter);
  const bounds = fitted ? padBounds(fitted, 0.2) : null;
  return (
    <BaseMap label={label} height={height} bounds={bounds ?? undefined} scrollWheelZoom={false}>
      <GeoJSON key={JSON.stringify(perimeter)} data={perimeter} style={PERIMETER_DISPLAY_STYLE} />
      {children}
    </BaseMap>
  );
};

/** A Polygon or MultiPolygon field (an act's perimeter) on a map; nothing when empty. */
export const PerimeterField = (props: FieldProps) => {
  const value = useFieldValue(props);
  const translate = useTranslate();
  if (!isPolygonal(value)) {
    return (
      <Typography component="span" variant="body2">
        {props.emptyText ?? '—'}
      </Typography>
    );
  }
  const count = polygonsOf(value).length;
  return (
    <Box sx={{ width: '100%' }} data-perimeter-field>
      <PerimeterMap perimeter={value} label={translate('vigie.perimeter.label')} />
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        {translate('vigie.perimeter.polygons', { smart_count: count })}
      </Typography>
    </Box>
  );
};
