/**
 * The offline field capture's shared vocabulary (issue 13): what the device keeps and what the
 * outbox sends. `offline/index.ts` is the module's public face; the « Terrain » screens, the outbox
 * page and the layout's badge use only what it exports.
 *
 * Public functions of `offline/index.ts` (implemented in `offline/`):
 * - `enqueue(entry: NewOutboxEntry): Promise<OutboxEntry>`: stores the entry on the device first
 *   (IndexedDB), then wakes the sender. Rejects only when the device cannot store it.
 * - `listOutbox(): Promise<OutboxEntry[]>` the signed-in user's entries, oldest first.
 * - `useOutbox(): { entries: OutboxEntry[]; pending: number; online: boolean }` (React hook, live):
 *   `pending` counts every entry not yet `sent` (the badge).
 * - `retryEntry(id: string, body?: Record<string, unknown>): Promise<void>`: a refused entry fixed
 *   by the observer (new body) or a waiting one sent now.
 * - `resolveConflict(id: string, body: Record<string, unknown>): Promise<void>`: the observer's
 *   chosen result of a conflict; sent again with the server's current version.
 * - `discardEntry(id: string): Promise<void>` (asks nothing: the UI confirms first).
 * - `startSender(): () => void` starts sending (on load, on `online`, with back-off), returns stop.
 * - `wipeDevice(): Promise<void>` « Effacer les données de l'appareil »: every store, every cache.
 * - `referenceData(): Promise<ReferenceData | null>` and `refreshReferenceData(): Promise<void>`.
 * - `nearestSites(position: [lon, lat], sites: OfflineSite[], limit?: number): NearbySite[]`.
 * - `saveDraft(key: string, value: unknown)`, `loadDraft<T>(key: string): Promise<T | null>`,
 *   `clearDraft(key: string)`: a half-filled form, kept across reloads and app updates.
 * - `useKeepOnDevice(resource)` (React hook, `KeepOnDevice.tsx`): an edit form's `mutationOptions`
 *   and dialog; a save with no answer from the server is offered to be kept as an `update` entry
 *   (`offlineUpdate` in `edit.ts`), merged into an unsent entry of the same record.
 */
import type { Area, Consent, GeoPoint } from '@vigie/domain';

/** Where an entry is on its way to the server. */
export type OutboxState = 'waiting' | 'sending' | 'sent' | 'refused' | 'conflict';

/** The resources the field capture writes. */
export type OutboxResource = 'observations' | 'incidents';

/** What an entry asks the API to do. Every id is chosen on the device (idempotent create). */
export type OutboxOperation =
  | {
      type: 'create';
      resource: OutboxResource;
      /** The record to create, with its client-generated `id`. */
      body: Record<string, unknown> & { id: string };
    }
  | {
      type: 'update';
      resource: OutboxResource;
      id: string;
      /** The record's version when the edit started (If-Match / `version`). */
      version: number;
      /** The changed fields' values as the server gave them when the edit started. */
      base: Record<string, unknown>;
      /** The fields the observer changed, and only those. */
      changes: Record<string, unknown>;
    }
  | {
      type: 'upload';
      /** The attachment's client-generated id (`id` of the multipart form). */
      id: string;
      parent: { observationId: string } | { incidentId: string };
      file: Blob;
      filename: string;
      caption: string | null;
      consent: Consent;
    };

export interface OutboxEntry {
  /** The entry's id: the id of the record (or attachment) it creates or changes. */
  id: string;
  /** The user who made it: a device shared between observers sends nobody else's entries. */
  ownerId: string;
  createdAt: string;
  /** Entries that must be `sent` before this one (the observation before its incidents/photos). */
  dependsOn: string[];
  operation: OutboxOperation;
  state: OutboxState;
  attempts: number;
  /** Epoch ms of the next try after a failure (back-off), or null. */
  nextAttemptAt: number | null;
  /** `refused`: the server's message and its field errors (field → message). */
  message: string | null;
  fieldErrors: Record<string, string>;
  /** `conflict`: the record as the server has it now. */
  server: Record<string, unknown> | null;
  /** What the outbox list shows: « Expulsion — Calais, 06/12 08:10 ». */
  label: string;
}

/** What a screen gives `enqueue`: the rest is filled in by the outbox. */
export type NewOutboxEntry = Pick<OutboxEntry, 'id' | 'operation' | 'label'> & {
  dependsOn?: string[];
};

/** A known living site, as kept on the device for offline suggestions. */
export interface OfflineSite {
  id: string;
  name: string;
  aliases: string[];
  location: GeoPoint;
  communeCode: string | null;
  area: Area | null;
}

/** A commune, as kept on the device (no boundary: the server sets communeCode from the point). */
export interface OfflineCommune {
  code: string;
  name: string;
  area: Area | null;
}

/** The reference data a field capture needs offline, with when it was fetched. */
export interface ReferenceData {
  fetchedAt: string;
  sites: OfflineSite[];
  communes: OfflineCommune[];
  /**
   * `GET /api/communes.geojson` as the API gave it: the base layer of every map, so that
   * « Choisir sur la carte » shows the communes offline too. Absent for a role that cannot read
   * communes.
   */
  outlines?: { fetchedAt: string; collection: unknown };
}

export interface NearbySite {
  site: OfflineSite;
  distanceM: number;
}
