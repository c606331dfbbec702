import { useSyncExternalStore, type ComponentType } from 'react';
import { clearOnLogout, unsentCount, wipeDevice } from './wipe';

/**
 * « Se déconnecter » and « Effacer les données de l'appareil », shared by the console's user menu
 * (`DeviceMenuItems.tsx`, react-admin) and the light field app's menu (`src/field/`, no react-admin):
 * the questions asked, their words, and what happens once the user answers. Each app gives its own
 * sign-out (react-admin's `logout`, or the session's `signOut` and the sign-in screen) and its own
 * confirmation dialog.
 *
 * The dialogs are drawn by `DeviceDialogs`, outside the menu: the menu closes first (two stacked
 * modals leave the page hidden from screen readers).
 */
export type DeviceQuestion = { kind: 'logout'; unsent: number } | { kind: 'wipe' } | null;

/** What the two dialogs say (message keys of `offline/i18n.ts`, under `vigie.offline`). */
export const DEVICE_QUESTIONS = {
  logout: {
    title: 'vigie.offline.logoutTitle',
    content: 'vigie.offline.logoutUnsent',
    confirm: 'vigie.offline.logoutAnyway',
    cancel: 'vigie.offline.cancel',
  },
  wipe: {
    title: 'vigie.offline.wipeTitle',
    content: 'vigie.offline.wipeText',
    confirm: 'vigie.offline.wipeConfirm',
    cancel: 'vigie.offline.cancel',
  },
} as const;

/** The device's side of both actions; the real one is `wipe.ts` (tests give their own). */
export interface DeviceSteps {
  unsentCount(): Promise<number>;
  clearOnLogout(): Promise<void>;
  wipeDevice(): Promise<void>;
}

const ON_DEVICE: DeviceSteps = { unsentCount, clearOnLogout, wipeDevice };

let question: DeviceQuestion = null;
/** The last count asked about: the dialog still says it while it fades out, the question closed. */
let lastUnsent = 0;
const listeners = new Set<() => void>();

function ask(next: DeviceQuestion): void {
  question = next;
  if (next?.kind === 'logout') lastUnsent = next.unsent;
  for (const listener of listeners) listener();
}

/** The question open now, if any. */
export function deviceQuestion(): DeviceQuestion {
  return question;
}

/** The user said no (or closed the dialog): nothing is cleared. */
export function cancelDeviceQuestion(): void {
  ask(null);
}

/**
 * Signing out from a menu: with entries of this user still unsent, asks first (saying how many);
 * otherwise clears what the user left on the device and signs out at once. `closeMenu` runs once
 * the count is known and before any dialog opens.
 */
export async function startSignOut(
  signOut: () => Promise<void>,
  closeMenu: () => void = () => undefined,
  steps: DeviceSteps = ON_DEVICE,
): Promise<void> {
  const unsent = await steps.unsentCount().catch(() => 0);
  closeMenu();
  if (unsent > 0) ask({ kind: 'logout', unsent });
  else await confirmSignOut(signOut, steps);
}

/** Erasing the device always asks first (everyone's unsent entries go). */
export function startWipe(): void {
  ask({ kind: 'wipe' });
}

/**
 * Signs out leaving nothing of the user on the phone: drafts, reference data, cached identity and
 * their unsent entries. The automatic sign-out of an ended session does not come here: it keeps
 * the outbox for the next sign-in.
 */
export async function confirmSignOut(
  signOut: () => Promise<void>,
  steps: DeviceSteps = ON_DEVICE,
): Promise<void> {
  ask(null);
  await steps.clearOnLogout().catch(() => undefined);
  await signOut();
}

/** Erases everything the app keeps on the device (every user's), then signs out. */
export async function confirmWipe(
  signOut: () => Promise<void>,
  onWiped: () => void = () => undefined,
  steps: DeviceSteps = ON_DEVICE,
): Promise<void> {
  ask(null);
  await steps.wipeDevice();
  onWiped();
  await signOut();
}

function useDeviceQuestion(): DeviceQuestion {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => question,
  );
}

/** The confirmation each app draws: react-admin's `Confirm` in the console, the field app's own. */
export interface DeviceConfirmProps {
  isOpen: boolean;
  /** Message keys, translated with `translateOptions`. */
  title: string;
  content: string;
  confirm?: string;
  cancel?: string;
  translateOptions?: Record<string, unknown>;
  confirmColor?: 'warning';
  onConfirm: () => void;
  onClose: () => void;
}

/** The two confirmations (mounted once per app, outside the menu). */
export const DeviceDialogs = ({
  Confirm,
  signOut,
  onWiped,
}: {
  Confirm: ComponentType<DeviceConfirmProps>;
  signOut: () => Promise<void>;
  onWiped?: () => void;
}) => {
  const current = useDeviceQuestion();
  return (
    <>
      <Confirm
        {...DEVICE_QUESTIONS.logout}
        isOpen={current?.kind === 'logout'}
        translateOptions={{ smart_count: current?.kind === 'logout' ? current.unsent : lastUnsent }}
        confirmColor="warning"
        onConfirm={() => void confirmSignOut(signOut)}
        onClose={cancelDeviceQuestion}
      />
      <Confirm
        {...DEVICE_QUESTIONS.wipe}
        isOpen={current?.kind === 'wipe'}
        confirmColor="warning"
        onConfirm={() => void confirmWipe(signOut, onWiped)}
        onClose={cancelDeviceQuestion}
      />
    </>
  );
};
