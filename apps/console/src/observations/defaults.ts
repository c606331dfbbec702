import type { ObservationRecord } from '@vigie/domain';
import { newId } from '../api/uuid';
import { fromParisInputValue, nowParisInputValue } from '../common/parisTime';

export type ObservationDraft = Omit<
  ObservationRecord,
  | 'kind'
  | 'location'
  | 'communeCode'
  | 'area'
  | 'status'
  | 'reviewComment'
  | 'possibleDuplicateIds'
  | 'createdAt'
  | 'updatedAt'
  | 'createdBy'
  | 'updatedBy'
  | 'version'
  | 'deletedAt'
> & { kind: ObservationRecord['kind'] | null; location: ObservationRecord['location'] | null };

/**
 * A new observation: its id is chosen now, once per form, so that a submission retried after a
 * network failure reaches the API with the same id and cannot create a duplicate. It starts now
 * (to the minute, Paris time); every "not known" field starts as null, never as false or 0,
 * except arrests (0 by default, DESIGN §3) and countsReliable.
 */
export function newObservationDraft(now: Date = new Date()): ObservationDraft {
  return {
    id: newId(),
    kind: null,
    startedAt: fromParisInputValue(nowParisInputValue(now)) ?? now.toISOString(),
    endedAt: null,
    location: null,
    locationAccuracyM: null,
    siteId: null,
    forces: [],
    seizures: [],
    peopleEvicted: null,
    minorsSeen: null,
    arrests: 0,
    legalBasis: null,
    legalBasisDetails: null,
    interpretersPresent: null,
    bailiffPresent: null,
    contractorPresent: null,
    contractorName: null,
    shelterOffered: null,
    shelterBuses: null,
    peopleSheltered: null,
    observationObstructed: null,
    countsReliable: true,
    description: null,
  };
}
