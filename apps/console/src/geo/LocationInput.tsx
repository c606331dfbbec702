import MyLocationIcon from '@mui/icons-material/MyLocation';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import {
  FieldTitle,
  InputHelperText,
  required,
  useInput,
  useNotify,
  useResourceContext,
  useTranslate,
  type Validator,
} from 'react-admin';
import { useFormContext, useWatch } from 'react-hook-form';
import { Circle, CircleMarker, useMap, useMapEvents } from 'react-leaflet';
import type { GeoPoint } from '@vigie/domain';
import { BaseMap } from './BaseMap';
import { formatCoordinate, isGeoPoint, parseCoordinate, toLatLng, toPoint, type Axis } from './coordinates';

export interface LocationInputProps {
  source?: string;
  /** Where "Ma position" writes the fix accuracy in metres; omitted for records without one. */
  accuracySource?: string;
  label?: string;
  /** Replaces the default rule (required, a valid point), e.g. for a position that may be inherited. */
  validate?: Validator | Validator[];
  helperText?: string;
}

export const validPoint: Validator = (value: unknown) =>
  value == null || isGeoPoint(value) ? undefined : 'vigie.location.invalid';

export const requiredPoint = [required(), validPoint];

/** Zoom used when a point is placed: close enough to see a camp, far enough to see the streets. */
const POINT_ZOOM = 16;

/**
 * A GeoJSON Point input: tap the map, use the phone's position, or type the coordinates.
 * The two text fields and the map always show the same point.
 */
export const LocationInput = ({
  source = 'location',
  accuracySource,
  label,
  validate = requiredPoint,
  helperText,
}: LocationInputProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const resource = useResourceContext();
  const { setValue } = useFormContext();
  const { field, fieldState, isRequired, id } = useInput({
    source,
    validate,
    defaultValue: null,
  });
  const point: GeoPoint | null = isGeoPoint(field.value) ? field.value : null;
  const accuracyValue: unknown = useWatch({ name: accuracySource ?? '__noAccuracy__' });
  const accuracy = typeof accuracyValue === 'number' && accuracyValue > 0 ? accuracyValue : null;

  const [texts, setTexts] = useState<Record<Axis, string>>(() => ({
    longitude: formatCoordinate(point?.coordinates[0]),
    latitude: formatCoordinate(point?.coordinates[1]),
  }));
  // Bumped when the point moves from outside the map, so that the map follows it.
  const [recenter, setRecenter] = useState(0);
  const [locating, setLocating] = useState(false);

  // Keep the text fields in step with a value set elsewhere (map tap, reset, record loaded),
  // without overwriting what is being typed.
  useEffect(() => {
    setTexts((current) => {
      const typed = [
        parseCoordinate(current.longitude, 'longitude'),
        parseCoordinate(current.latitude, 'latitude'),
      ];
      if (point === null) {
        return typed[0] === null || typed[1] === null ? current : { longitude: '', latitude: '' };
      }
      if (typed[0] === point.coordinates[0] && typed[1] === point.coordinates[1]) return current;
      return {
        longitude: formatCoordinate(point.coordinates[0]),
        latitude: formatCoordinate(point.coordinates[1]),
      };
    });
  }, [point]);

  const setPoint = (next: GeoPoint | null, nextAccuracy: number | null) => {
    field.onChange(next);
    field.onBlur();
    if (accuracySource) {
      setValue(accuracySource, nextAccuracy, { shouldDirty: true, shouldValidate: true });
    }
  };

  const onType = (axis: Axis) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const next = { ...texts, [axis]: event.target.value };
    setTexts(next);
    const longitude = parseCoordinate(next.longitude, 'longitude');
    const latitude = parseCoordinate(next.latitude, 'latitude');
    setPoint(longitude !== null && latitude !== null ? toPoint(longitude, latitude) : null, null);
    if (longitude !== null && latitude !== null) setRecenter((count) => count + 1);
  };

  const locate = () => {
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      notify('vigie.location.unsupported', { type: 'warning' });
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setPoint(
          toPoint(position.coords.longitude, position.coords.latitude),
          Math.round(position.coords.accuracy),
        );
        setRecenter((count) => count + 1);
      },
      (error) => {
        setLocating(false);
        notify(
          error.code === error.PERMISSION_DENIED ? 'vigie.location.denied' : 'vigie.location.unavailable',
          { type: 'warning' },
        );
      },
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  };

  const textError = (axis: Axis) => texts[axis] !== '' && parseCoordinate(texts[axis], axis) === null;
  const errorMessage = fieldState.invalid ? fieldState.error?.message : undefined;

  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mb: 2, width: '100%', minWidth: 0 }}>
      <Typography component="legend" variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
        <FieldTitle label={label} source={source} isRequired={isRequired} />
      </Typography>
      <BaseMap
        label={translate(label ?? `resources.${resource}.fields.${source}`)}
        height={{ xs: 260, sm: 340 }}
        center={point ? toLatLng(point) : undefined}
        zoom={point ? POINT_ZOOM : undefined}
        scrollWheelZoom={false}
      >
        <PickOnClick onPick={(longitude, latitude) => setPoint(toPoint(longitude, latitude), null)} />
        <FollowPoint point={point} revision={recenter} />
        {point && accuracy ? (
          <Circle center={toLatLng(point)} radius={accuracy} pathOptions={ACCURACY_STYLE} />
        ) : null}
        {point ? <CircleMarker center={toLatLng(point)} radius={10} pathOptions={POINT_STYLE} /> : null}
      </BaseMap>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
        {translate('vigie.location.mapHelp')}
        {helperText ? ` ${translate(helperText)}` : ''}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ mt: 1, alignItems: 'stretch' }}>
        <Button
          variant="outlined"
          size="large"
          startIcon={<MyLocationIcon />}
          onClick={locate}
          disabled={locating}
          aria-label={translate('vigie.location.myPosition')}
          aria-busy={locating}
          sx={{ minHeight: 48, whiteSpace: 'nowrap' }}
        >
          {translate(locating ? 'vigie.location.locating' : 'vigie.location.myPosition')}
        </Button>
        {(['longitude', 'latitude'] as const).map((axis) => (
          <TextField
            key={axis}
            id={`${id}-${axis}`}
            label={translate(`vigie.location.${axis}`)}
            value={texts[axis]}
            onChange={onType(axis)}
            onBlur={field.onBlur}
            error={textError(axis) || (fieldState.invalid && texts[axis] === '')}
            helperText={textError(axis) ? translate(`vigie.location.invalid${capitalize(axis)}`) : ' '}
            fullWidth
            slotProps={{
              htmlInput: {
                'aria-label': axis === 'longitude' ? 'Longitude' : 'Latitude',
                name: `${source}.${axis}`,
                inputMode: 'decimal',
                autoComplete: 'off',
              },
            }}
          />
        ))}
      </Stack>
      {accuracy ? (
        <Typography variant="caption" color="text.secondary" component="p">
          {translate('vigie.location.accuracy', { metres: accuracy })}
        </Typography>
      ) : null}
      {errorMessage ? (
        <FormHelperText error>
          <InputHelperText error={errorMessage} />
        </FormHelperText>
      ) : null}
    </Box>
  );
};

const POINT_STYLE = { color: '#ffffff', weight: 3, fillColor: '#c62828', fillOpacity: 1 };
const ACCURACY_STYLE = { color: '#c62828', weight: 1, fillOpacity: 0.1 };

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const PickOnClick = ({ onPick }: { onPick: (longitude: number, latitude: number) => void }) => {
  useMapEvents({
    click(event) {
      const { lng, lat } = event.latlng.wrap();
      onPick(lng, lat);
    },
  });
  return null;
};

/** Moves the map to the point when it was set from outside the map (GPS fix, typed). */
const FollowPoint = ({ point, revision }: { point: GeoPoint | null; revision: number }) => {
  const map = useMap();
  const followed = useRef(0);
  useEffect(() => {
    if (revision === followed.current || !point) return;
    followed.current = revision;
    map.setView(toLatLng(point), Math.max(map.getZoom(), POINT_ZOOM));
  }, [map, point, revision]);
  return null;
};
