import type { ObservationRecord } from '@vigie/domain';
import { apiJson, postJson } from '../evidence/api';
import type { DuplicateCandidate } from './comparison';

const observationUrl = (id: string) => `/api/observations/${encodeURIComponent(id)}`;

/** `GET /api/observations/:id/duplicates`: possible and dismissed duplicates, with distance and gap. */
export async function fetchDuplicates(id: string, signal?: AbortSignal): Promise<DuplicateCandidate[]> {
  const json = await apiJson<unknown>(`${observationUrl(id)}/duplicates`, 'read', { signal });
  return Array.isArray(json) ? (json as DuplicateCandidate[]) : [];
}

/** `POST /api/observations/:id/duplicates/:otherId/dismiss`: "not a duplicate". */
export function dismissDuplicate(id: string, otherId: string): Promise<DuplicateCandidate> {
  return postJson(`${observationUrl(id)}/duplicates/${encodeURIComponent(otherId)}/dismiss`);
}

/**
 * `POST /api/observations/:keptId/merge`: keeps `keptId` (whose version was seen), soft-deletes
 * the duplicate and moves its incidents and files. A stale version is a 409, said as such.
 */
export function mergeObservations(
  keptId: string,
  duplicateId: string,
  keptVersion: number,
): Promise<ObservationRecord> {
  return postJson(`${observationUrl(keptId)}/merge`, { duplicateId, version: keptVersion }, 'update');
}
