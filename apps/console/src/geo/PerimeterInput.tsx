import Box from '@mui/material/Box';
import FormHelperText from '@mui/material/FormHelperText';
import Typography from '@mui/material/Typography';
import type { Geometry } from 'geojson';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  FieldTitle,
  InputHelperText,
  useInput,
  useLocaleState,
  useTranslate,
  type Validator,
} from 'react-admin';
import { useMap } from 'react-leaflet';
import type { GeoPolygonal } from '@vigie/domain';
import { BaseMap } from './BaseMap';
import { geoJsonBounds, padBounds } from './bounds';
import type * as Leaflet from 'leaflet';
import { attachGeoman, loadGeoman } from './geoman';
import { isPolygonal, perimeterFromShapes, polygonsOf } from './perimeter';

export const PERIMETER_STYLE = { color: '#6a1b9a', weight: 2, fillColor: '#ab47bc', fillOpacity: 0.25 };

export interface PerimeterInputProps {
  source: string;
  label?: string;
  helperText?: string;
  validate?: Validator | Validator[];
}

const validPerimeter: Validator = (value: unknown) =>
  value == null || isPolygonal(value) ? undefined : 'vigie.perimeter.invalid';

/**
 * A Polygon or MultiPolygon drawn on the base map with leaflet-geoman: draw a polygon (or a
 * rectangle), move its corners, drag it, remove it. Several polygons make one MultiPolygon;
 * removing them all empties the field.
 */
export const PerimeterInput = ({
  source,
  label,
  helperText,
  validate = validPerimeter,
}: PerimeterInputProps) => {
  const translate = useTranslate();
  const { field, fieldState, isRequired } = useInput({ source, validate, defaultValue: null });
  const initial = useRef<GeoPolygonal | null>(isPolygonal(field.value) ? field.value : null);
  const bounds = useMemo(() => {
    const fitted = initial.current ? geoJsonBounds(initial.current) : null;
    return fitted ? padBounds(fitted, 0.3) : null;
  }, []);
  const errorMessage = fieldState.invalid ? fieldState.error?.message : undefined;
  const drawn = isPolygonal(field.value) ? polygonsOf(field.value).length : 0;

  return (
    <Box
      component="fieldset"
      sx={{ border: 0, p: 0, m: 0, mb: 2, width: '100%', minWidth: 0 }}
      data-perimeter-input={source}
      data-polygons={drawn}
    >
      <Typography component="legend" variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
        <FieldTitle label={label} source={source} isRequired={isRequired} />
      </Typography>
      <BaseMap
        label={translate(label ?? 'vigie.perimeter.label')}
        height={{ xs: 320, sm: 420 }}
        bounds={bounds ?? undefined}
        scrollWheelZoom={false}
      >
        <GeomanDrawing
          initial={initial.current}
          onChange={(perimeter) => {
            field.onChange(perimeter);
            field.onBlur();
          }}
        />
      </BaseMap>
      <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 0.5 }}>
        {translate('vigie.perimeter.help')}
        {helperText ? ` ${translate(helperText)}` : ''}
      </Typography>
      <Typography variant="body2" component="p" aria-live="polite" data-testid="perimeter-state">
        {drawn === 0
          ? translate('vigie.perimeter.none')
          : translate('vigie.perimeter.polygons', { smart_count: drawn })}
      </Typography>
      {errorMessage ? (
        <FormHelperText error>
          <InputHelperText error={errorMessage} />
        </FormHelperText>
      ) : null}
    </Box>
  );
};

const LANGS = ['fr', 'en'] as const;

/** geoman's toolbar on the map: polygons and rectangles, edit, drag, remove. */
const GeomanDrawing = ({
  initial,
  onChange,
}: {
  initial: GeoPolygonal | null;
  onChange: (perimeter: GeoPolygonal | null) => void;
}) => {
  const map = useMap();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [L, setL] = useState<typeof Leaflet | null>(null);
  // The latest callback, without setting the toolbar up again on every render.
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    let active = true;
    loadGeoman().then(
      (loaded) => {
        if (active) setL(() => loaded);
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    if (!L) return;
    const lang = LANGS.find((code) => code === locale) ?? 'fr';
    attachGeoman(L, map).setLang(lang, {
      buttonTitles: {
        drawPolyButton: translate('vigie.perimeter.tools.polygon'),
        drawRectButton: translate('vigie.perimeter.tools.rectangle'),
        editButton: translate('vigie.perimeter.tools.edit'),
        dragButton: translate('vigie.perimeter.tools.drag'),
        deleteButton: translate('vigie.perimeter.tools.remove'),
      },
    });
  }, [L, map, locale, translate]);

  useEffect(() => {
    if (!L) return undefined;
    const pm = attachGeoman(L, map);
    const emit = () => {
      const shapes: Geometry[] = pm
        .getGeomanLayers()
        .filter((layer): layer is Leaflet.Polygon => layer instanceof L.Polygon)
        .map((layer) => layer.toGeoJSON().geometry);
      changed.current(perimeterFromShapes(shapes));
    };
    const follow = (layer: Leaflet.Layer) => {
      layer.on('pm:edit', emit);
      layer.on('pm:dragend', emit);
    };
    const loaded = polygonsOf(initial).map((rings) =>
      L.polygon(L.GeoJSON.coordsToLatLngs(rings, 1) as Leaflet.LatLng[][], {
        ...PERIMETER_STYLE,
        pmIgnore: false,
      }).addTo(map),
    );
    loaded.forEach(follow);

    pm.setGlobalOptions({
      pathOptions: { ...PERIMETER_STYLE, pmIgnore: false },
      snappable: false,
      allowSelfIntersection: false,
    });
    pm.addControls({
      position: 'topleft',
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawCircle: false,
      drawText: false,
      cutPolygon: false,
      rotateMode: false,
      drawPolygon: true,
      drawRectangle: true,
      editMode: true,
      dragMode: true,
      removalMode: true,
    });
    const created = (event: { layer: Leaflet.Layer }) => {
      follow(event.layer);
      emit();
    };
    map.on('pm:create', created);
    map.on('pm:remove', emit);
    return () => {
      map.off('pm:create', created);
      map.off('pm:remove', emit);
      // Each is turned off only when on: turning off a mode that is off unbinds nothing, noisily.
      if (pm.globalDrawModeEnabled()) pm.disableDraw();
      if (pm.globalEditModeEnabled()) pm.disableGlobalEditMode();
      if (pm.globalDragModeEnabled()) pm.disableGlobalDragMode();
      if (pm.globalRemovalModeEnabled()) pm.disableGlobalRemovalMode();
      pm.removeControls();
      pm.getGeomanLayers().forEach((layer) => layer.remove());
    };
    // The record's perimeter is drawn once; afterwards the map is the source of the value.
  }, [L, map, initial]);

  return null;
};
