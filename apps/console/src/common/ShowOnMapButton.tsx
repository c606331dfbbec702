import MapIcon from '@mui/icons-material/Map';
import { Button, useListContext, useNavigate } from 'react-admin';

/** Opens a map page (`path`) with the list's filters that the map understands (period, area, type). */
export const ShowOnMapButton = ({ path, keys }: { path: string; keys: readonly string[] }) => {
  const { filterValues } = useListContext();
  const navigate = useNavigate();
  const search = new URLSearchParams();
  for (const key of keys) {
    const raw: unknown = filterValues[key];
    // A map filters on one value: a list filter on several types is left for the map's own select.
    const value: unknown = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
    if (typeof value === 'string' && value !== '') search.set(key, value);
  }
  return (
    <Button label="vigie.filters.showOnMap" onClick={() => navigate(`${path}?${search.toString()}`)}>
      <MapIcon />
    </Button>
  );
};
