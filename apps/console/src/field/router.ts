import { useSyncExternalStore } from 'react';
import { OUTBOX_PATH, TERRAIN_PATH } from '../terrain/paths';

/** The light app's screens, from the hash (`#/terrain`, `#/outbox`, `#/outbox/<id>`). */
export type FieldRoute = { screen: 'terrain' } | { screen: 'outbox' } | { screen: 'entry'; id: string };

export function routeOf(hash: string): FieldRoute {
  const path = hash.replace(/^#/, '') || '/';
  if (path === OUTBOX_PATH) return { screen: 'outbox' };
  if (path.startsWith(`${OUTBOX_PATH}/`)) {
    return { screen: 'entry', id: decodeURIComponent(path.slice(OUTBOX_PATH.length + 1)) };
  }
  return { screen: 'terrain' };
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

/** A hash router is all the light app needs: three screens, one level of parameters. */
export function useHashRoute(): FieldRoute {
  return routeOf(useSyncExternalStore(subscribe, () => window.location.hash));
}

/** The same paths as the console's routes, so that the shared screens navigate alike. */
export function navigate(path: string): void {
  window.location.hash = path === TERRAIN_PATH ? '#/' : `#${path}`;
  window.scrollTo(0, 0);
}
