import { useCallback, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-admin';

/**
 * Filters kept in the page's query string (`/map?startedAt_gte=2025-03-01&area=calaisis`), so a
 * filtered map can be bookmarked, shared, or opened from the list with the list's filters.
 */
export function useSearchFilters<K extends string>(
  keys: readonly K[],
): [Partial<Record<K, string>>, (key: K, value: string) => void] {
  const location = useLocation();
  const navigate = useNavigate();
  const filters = useMemo(() => {
    const search = new URLSearchParams(location.search);
    const result: Partial<Record<K, string>> = {};
    for (const key of keys) {
      const value = search.get(key);
      if (value) result[key] = value;
    }
    return result;
  }, [keys, location.search]);
  const setFilter = useCallback(
    (key: K, value: string) => {
      const search = new URLSearchParams(location.search);
      if (value === '') search.delete(key);
      else search.set(key, value);
      const query = search.toString();
      navigate(`${location.pathname}${query ? `?${query}` : ''}`, { replace: true });
    },
    [location.pathname, location.search, navigate],
  );
  return [filters, setFilter];
}
