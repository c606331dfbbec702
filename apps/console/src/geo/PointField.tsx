import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { CircleMarker } from 'react-leaflet';
import { useFieldValue, useResourceContext, useTranslate, type FieldProps } from 'react-admin';
import { BaseMap } from './BaseMap';
import { formatCoordinate, isGeoPoint, toLatLng } from './coordinates';

/** A GeoJSON Point on a small map, with its coordinates written out. */
export const PointField = (props: FieldProps) => {
  const value = useFieldValue(props);
  const translate = useTranslate();
  const resource = useResourceContext(props);
  if (!isGeoPoint(value)) return null;
  const [longitude, latitude] = value.coordinates;
  return (
    <Box sx={{ width: '100%' }}>
      <BaseMap
        label={translate(`resources.${resource}.fields.${props.source}`)}
        height={{ xs: 220, sm: 300 }}
        center={toLatLng(value)}
        zoom={15}
        scrollWheelZoom={false}
      >
        <CircleMarker
          center={toLatLng(value)}
          radius={9}
          pathOptions={{ color: '#ffffff', weight: 3, fillColor: '#c62828', fillOpacity: 1 }}
        />
      </BaseMap>
      <Typography variant="body2" sx={{ mt: 0.5 }}>
        {translate('vigie.location.latitude')} {formatCoordinate(latitude)},{' '}
        {translate('vigie.location.longitude')} {formatCoordinate(longitude)}
      </Typography>
    </Box>
  );
};
