import LinkIcon from '@mui/icons-material/Link';
import PolylineIcon from '@mui/icons-material/Polyline';
import SearchIcon from '@mui/icons-material/Search';
import CropFreeIcon from '@mui/icons-material/CropFree';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { LatLngBounds } from 'leaflet';
import { useMemo, useRef, useState } from 'react';
import { CircleMarker, GeoJSON, Tooltip, useMap } from 'react-leaflet';
import {
  Link,
  useDataProvider,
  useGetList,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import {
  OBSERVATION_KINDS,
  REVIEW_STATUSES,
  type GeoPolygonal,
  type ObservationRecord,
  type SiteRecord,
} from '@vigie/domain';
import { useCommunes } from '../../api/hooks';
import { termKey } from '../../common/choices';
import { FilterDate } from '../../common/FilterSelect';
import { formatParisDateTime } from '../../common/parisTime';
import type { VigieDataProvider } from '../../dataProvider';
import { BaseMap } from '../../geo/BaseMap';
import { geoJsonBounds, padBounds } from '../../geo/bounds';
import { PERIMETER_DISPLAY_STYLE } from '../../geo/PerimeterField';
import { toLatLng } from '../../geo/coordinates';
import {
  bboxOf,
  EMPTY_SEARCH,
  linkableIds,
  observationSearchFilter,
  toggled,
  type ObservationSearch,
} from './evidenceSearch';

/** More than any period of a case should hold; the API's page limit is 1000. */
const MAX_RESULTS = 500;

type Query = { mode: 'search'; search: ObservationSearch } | { mode: 'perimeter' } | null;

/** Hands the map's current bounds to the page (for « Chercher dans la zone de la carte »). */
const BoundsReporter = ({ onMap }: { onMap: (bounds: () => LatLngBounds) => void }) => {
  const map = useMap();
  onMap(() => map.getBounds());
  return null;
};

/**
 * Finds observations to link to the case: by period, site and words, or in the area shown on
 * the map, or « Dans le périmètre de l’arrêté » (those inside the challenged act's perimeter
 * while it was in force); ticked ones are linked at once with « Lier la sélection ».
 */
export const ObservationFinder = ({
  caseId,
  perimeter,
  linked,
}: {
  caseId: string;
  perimeter: GeoPolygonal | null;
  /** Ids of the observations linked already. */
  linked: ReadonlySet<string>;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [search, setSearch] = useState<ObservationSearch>(EMPTY_SEARCH);
  const [query, setQuery] = useState<Query>(null);
  const [selection, setSelection] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const [linking, setLinking] = useState(false);
  const mapBounds = useRef<(() => LatLngBounds) | null>(null);

  const sites = useGetList<SiteRecord>('sites', {
    sort: { field: 'name', order: 'ASC' },
    pagination: { page: 1, perPage: 1000 },
    filter: {},
  });
  const siteNames = useMemo(
    () => new Map((sites.data ?? []).map((site) => [site.id, site.name])),
    [sites.data],
  );
  const communes = useCommunes();
  const communeNames = useMemo(
    () =>
      new Map(
        (communes?.features ?? []).map((feature) => [feature.properties.code, feature.properties.name]),
      ),
    [communes],
  );

  const listParams = { pagination: { page: 1, perPage: MAX_RESULTS } };
  const found = useGetList<ObservationRecord>(
    'observations',
    {
      ...listParams,
      sort: { field: 'startedAt', order: 'ASC' },
      filter: query?.mode === 'search' ? observationSearchFilter(query.search) : {},
    },
    { enabled: query?.mode === 'search' },
  );
  const inPerimeter = useGetList<ObservationRecord>(
    `legal-cases/${caseId}/evidence/in-perimeter`,
    { ...listParams, sort: { field: 'startedAt', order: 'ASC' }, filter: {} },
    { enabled: query?.mode === 'perimeter' },
  );
  const result = query?.mode === 'perimeter' ? inPerimeter : query?.mode === 'search' ? found : null;
  const rows = result?.data ?? [];
  const linkable = linkableIds(rows, linked);
  const allSelected = linkable.length > 0 && linkable.every((id) => selection.includes(id));

  const run = (next: Query) => {
    setSelection([]);
    setQuery(next);
  };
  const searchInMapArea = () => {
    const bounds = mapBounds.current?.();
    if (!bounds) return;
    const bbox = bboxOf({
      west: bounds.getWest(),
      south: bounds.getSouth(),
      east: bounds.getEast(),
      north: bounds.getNorth(),
    });
    setSearch((current) => ({ ...current, bbox }));
    run({ mode: 'search', search: { ...search, bbox } });
  };

  const link = async () => {
    setLinking(true);
    try {
      const outcome = await dataProvider.linkEvidenceBatch({ caseId, observationIds: selection, note });
      notify('vigie.legal.evidence.batchLinked', {
        type: 'success',
        messageArgs: { smart_count: outcome.created.length, already: outcome.alreadyLinked.length },
      });
      setSelection([]);
      setNote('');
      refresh();
    } catch (error) {
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
    } finally {
      setLinking(false);
    }
  };

  const fitted = perimeter ? geoJsonBounds(perimeter) : null;
  const bounds = fitted ? padBounds(fitted, 0.3) : null;
  const column = (key: string) => translate(`vigie.legal.evidence.columns.${key}`);

  return (
    <Box
      component="section"
      aria-labelledby="observation-finder-title"
      data-testid="observation-finder"
      sx={{ mt: 3 }}
    >
      <Typography variant="h6" component="h2" id="observation-finder-title">
        {translate('vigie.legal.evidence.find')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('vigie.legal.evidence.findHelp')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 1 }}>
        <FilterDate
          name="from"
          label="vigie.filters.from"
          value={search.from}
          onChange={(from) => setSearch((current) => ({ ...current, from }))}
        />
        <FilterDate
          name="to"
          label="vigie.filters.to"
          value={search.to}
          onChange={(to) => setSearch((current) => ({ ...current, to }))}
        />
        <Autocomplete
          options={sites.data ?? []}
          getOptionLabel={(site) => site.name}
          value={sites.data?.find((site) => site.id === search.siteId) ?? null}
          onChange={(_event, site) => setSearch((current) => ({ ...current, siteId: site?.id ?? '' }))}
          renderInput={(params) => <TextField {...params} label={translate('vigie.legal.evidence.site')} />}
          sx={{ width: { xs: '100%', sm: 260 } }}
        />
        <TextField
          name="q"
          label={translate('vigie.legal.evidence.words')}
          value={search.q}
          onChange={(event) => setSearch((current) => ({ ...current, q: event.target.value }))}
          sx={{ width: { xs: '100%', sm: 220 } }}
        />
      </Stack>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 1 }}>
        <Button
          aria-label={translate('vigie.legal.evidence.search')}
          variant="outlined"
          startIcon={<SearchIcon />}
          onClick={() => run({ mode: 'search', search: { ...search, bbox: '' } })}
        >
          {translate('vigie.legal.evidence.search')}
        </Button>
        <Button
          aria-label={translate('vigie.legal.evidence.searchMapArea')}
          variant="outlined"
          startIcon={<CropFreeIcon />}
          onClick={searchInMapArea}
        >
          {translate('vigie.legal.evidence.searchMapArea')}
        </Button>
        <Button
          aria-label={translate('vigie.legal.evidence.inPerimeter')}
          variant="outlined"
          startIcon={<PolylineIcon />}
          onClick={() => run({ mode: 'perimeter' })}
          disabled={!perimeter}
          title={perimeter ? undefined : translate('vigie.errors.noPerimeter')}
        >
          {translate('vigie.legal.evidence.inPerimeter')}
        </Button>
      </Stack>
      <BaseMap
        label={translate('vigie.legal.evidence.map')}
        height={{ xs: 260, sm: 340 }}
        bounds={bounds ?? undefined}
        scrollWheelZoom={false}
      >
        <BoundsReporter onMap={(getBounds) => (mapBounds.current = getBounds)} />
        {perimeter ? <GeoJSON data={perimeter} style={PERIMETER_DISPLAY_STYLE} /> : null}
        {rows.map((row) => (
          <CircleMarker
            key={row.id}
            center={toLatLng(row.location)}
            radius={7}
            pathOptions={{
              color: '#ffffff',
              weight: 2,
              fillOpacity: 1,
              fillColor: linked.has(row.id) ? '#009E73' : selection.includes(row.id) ? '#D55E00' : '#0072B2',
            }}
          >
            <Tooltip>
              {translate(termKey(OBSERVATION_KINDS, row.kind))} — {formatParisDateTime(row.startedAt, locale)}
            </Tooltip>
          </CircleMarker>
        ))}
      </BaseMap>
      {result?.isPending ? <LinearProgress sx={{ mt: 1 }} /> : null}
      {result?.error ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {translate(result.error instanceof Error ? result.error.message : 'vigie.legal.loadError')}
        </Alert>
      ) : null}
      {query && result && !result.isPending && !result.error ? (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="finder-count">
          {translate(
            query.mode === 'perimeter'
              ? 'vigie.legal.evidence.foundInPerimeter'
              : 'vigie.legal.evidence.found',
            { smart_count: result.total ?? rows.length },
          )}
        </Typography>
      ) : null}
      {rows.length > 0 ? (
        <>
          <TableContainer sx={{ maxHeight: 480 }}>
            <Table size="small" stickyHeader data-testid="finder-results">
              <TableHead>
                <TableRow>
                  <TableCell padding="checkbox">
                    <Checkbox
                      checked={allSelected}
                      indeterminate={selection.length > 0 && !allSelected}
                      disabled={linkable.length === 0}
                      onChange={() => setSelection(allSelected ? [] : linkable)}
                      slotProps={{ input: { 'aria-label': translate('vigie.legal.evidence.selectAll') } }}
                    />
                  </TableCell>
                  {['at', 'what', 'commune', 'site', 'status'].map((key) => (
                    <TableCell key={key}>{column(key)}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((row) => {
                  const already = linked.has(row.id);
                  const label = `${translate(termKey(OBSERVATION_KINDS, row.kind))} — ${formatParisDateTime(row.startedAt, locale)}`;
                  return (
                    <TableRow key={row.id} data-observation-id={row.id} data-linked={already}>
                      <TableCell padding="checkbox">
                        <Checkbox
                          checked={already || selection.includes(row.id)}
                          disabled={already}
                          onChange={() => setSelection((current) => toggled(current, row.id))}
                          slotProps={{ input: { 'aria-label': label } }}
                        />
                      </TableCell>
                      <TableCell>{formatParisDateTime(row.startedAt, locale)}</TableCell>
                      <TableCell>
                        <Link to={`/observations/${row.id}/show`}>
                          {translate(termKey(OBSERVATION_KINDS, row.kind))}
                        </Link>
                        {already ? ` (${translate('vigie.legal.evidence.alreadyLinked')})` : ''}
                      </TableCell>
                      <TableCell>
                        {row.communeCode ? (communeNames.get(row.communeCode) ?? row.communeCode) : '—'}
                      </TableCell>
                      <TableCell>{row.siteId ? (siteNames.get(row.siteId) ?? '—') : '—'}</TableCell>
                      <TableCell>{translate(termKey(REVIEW_STATUSES, row.status))}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableContainer>
          <Stack
            direction={{ xs: 'column', sm: 'row' }}
            spacing={1}
            sx={{ mt: 1, alignItems: { sm: 'center' } }}
          >
            <TextField
              name="note"
              size="small"
              label={translate('vigie.legal.evidence.note')}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              sx={{ flex: 1 }}
            />
            <Button
              variant="contained"
              startIcon={<LinkIcon />}
              disabled={selection.length === 0 || linking}
              onClick={() => void link()}
              data-testid="link-selection"
            >
              {translate('vigie.legal.evidence.linkSelection', { smart_count: selection.length })}
            </Button>
          </Stack>
        </>
      ) : null}
    </Box>
  );
};
