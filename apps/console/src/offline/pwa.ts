import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';

/**
 * The service worker (vite.config.ts `installableApp`), registered from the app's own code (the CSP
 * allows no inline script). A new version of the app is installed in the background and waits:
 * the user is told (« Nouvelle version disponible ») and it takes over only when they accept, after
 * which the page reloads; the forms keep their drafts in IndexedDB (`saveDraft`), the outbox is
 * untouched.
 */
let update: ((reloadPage?: boolean) => Promise<void>) | null = null;
let waiting = false;
const listeners = new Set<() => void>();

/** How often an open app asks the server whether a new version exists. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  update = registerSW({
    immediate: true,
    onNeedRefresh() {
      waiting = true;
      for (const listener of listeners) listener();
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      setInterval(() => {
        if (navigator.onLine) void registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
  });
}

/** Whether a new version is installed and waiting for the user's go-ahead. */
export function useUpdateWaiting(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => waiting,
  );
}

/** Lets the waiting version take over; the page reloads when it does. */
export async function applyUpdate(): Promise<void> {
  await update?.(true);
}
