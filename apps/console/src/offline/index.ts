/**
 * The offline field capture's public face (issue 13); `types.ts` has the contract. The screens
 * (« Terrain », the outbox, the conflict screen) and the layout use only what is exported here.
 */
export type * from './types';
export type { OutboxView } from './useOutbox';

export { enqueue, listOutbox, retryEntry, resolveConflict, discardEntry } from './outbox';
export { useOutbox } from './useOutbox';
export { startSender, signInNeeded } from './sender';
export { wipeDevice, unsentCount, clearOnLogout } from './wipe';
export { referenceData, refreshReferenceData, nearestSites, distanceM } from './reference';
export { saveDraft, loadDraft, clearDraft } from './drafts';
export { resizePhoto, photoMaxPx } from './photos';
// `useKeepOnDevice` (react-admin) is imported from './KeepOnDevice' by the edit forms, so that the
// light field app (src/field/), which uses this module, does not bring react-admin in.
export { offlineUpdate, serverUnreachable } from './edit';
