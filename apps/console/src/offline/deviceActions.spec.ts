import { afterEach, describe, expect, it } from 'vitest';
import {
  cancelDeviceQuestion,
  confirmSignOut,
  confirmWipe,
  deviceQuestion,
  startSignOut,
  startWipe,
  type DeviceSteps,
} from './deviceActions';

/** A device with `unsent` entries of the user, writing down what is done to it, in order. */
function device(unsent: number | Error) {
  const done: string[] = [];
  const steps: DeviceSteps = {
    unsentCount: () => (unsent instanceof Error ? Promise.reject(unsent) : Promise.resolve(unsent)),
    clearOnLogout: () => {
      done.push('clear');
      return Promise.resolve();
    },
    wipeDevice: () => {
      done.push('wipe');
      return Promise.resolve();
    },
  };
  const signOut = () => {
    done.push('signOut');
    return Promise.resolve();
  };
  return { done, steps, signOut };
}

describe('signing out and wiping the device (console menu and field app)', () => {
  afterEach(cancelDeviceQuestion);

  it('signs out at once when nothing is unsent, clearing the user’s data first', async () => {
    const { done, steps, signOut } = device(0);
    const closed: string[] = [];
    await startSignOut(signOut, () => closed.push('menu'), steps);
    expect(deviceQuestion()).toBeNull();
    expect(closed).toEqual(['menu']);
    expect(done).toEqual(['clear', 'signOut']);
  });

  it('says how many entries are unsent and clears nothing until the user agrees', async () => {
    const { done, steps, signOut } = device(2);
    await startSignOut(signOut, undefined, steps);
    expect(deviceQuestion()).toEqual({ kind: 'logout', unsent: 2 });
    expect(done).toEqual([]);

    cancelDeviceQuestion();
    expect(deviceQuestion()).toBeNull();
    expect(done).toEqual([]);

    await startSignOut(signOut, undefined, steps);
    await confirmSignOut(signOut, steps);
    expect(deviceQuestion()).toBeNull();
    expect(done).toEqual(['clear', 'signOut']);
  });

  it('still signs out when the device cannot count (no IndexedDB)', async () => {
    const { done, steps, signOut } = device(new Error('no IndexedDB'));
    await startSignOut(signOut, undefined, steps);
    expect(done).toEqual(['clear', 'signOut']);
  });

  it('asks before wiping, then wipes, says so and signs out', async () => {
    const { done, steps, signOut } = device(3);
    startWipe();
    expect(deviceQuestion()).toEqual({ kind: 'wipe' });
    expect(done).toEqual([]);
    await confirmWipe(signOut, () => done.push('told'), steps);
    expect(deviceQuestion()).toBeNull();
    expect(done).toEqual(['wipe', 'told', 'signOut']);
  });
});
