import L from 'leaflet';

let loading: Promise<typeof L> | null = null;

/**
 * Loads leaflet-geoman once, on the first page that draws. The plugin extends the global `L`
 * that Leaflet's build sets on `window` (the default import is that very object): loading it
 * after Leaflet, on demand, keeps that order whatever the bundler does, and keeps the plugin out
 * of the pages that never draw.
 */
export function loadGeoman(): Promise<typeof L> {
  loading ??= (async () => {
    const global = window as unknown as { L?: typeof L };
    global.L ??= L;
    await import('@geoman-io/leaflet-geoman-free');
    await import('@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css');
    // Opt-in: only the layers that say `pmIgnore: false` (the perimeter being drawn) can be
    // edited, dragged or removed; the commune outlines of the base map stay untouched.
    L.PM.setOptIn(true);
    return L;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/**
 * Gives an existing map its geoman controller. Maps made after the plugin loaded get one from
 * the plugin's own hook, but only with `pmIgnore: false` in opt-in mode; the base map was made
 * before, so it gets one here.
 */
export function attachGeoman(leaflet: typeof L, map: L.Map): L.PM.PMMap {
  const withPm = map as L.Map & { pm?: L.PM.PMMap };
  if (!withPm.pm) {
    // The plugin's types do not declare its map controller's constructor.
    const { Map: GeomanMap } = leaflet.PM as unknown as { Map: new (target: L.Map) => L.PM.PMMap };
    withPm.pm = new GeomanMap(map);
    withPm.pm.setGlobalOptions({});
  }
  return withPm.pm;
}
