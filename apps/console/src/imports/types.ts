import type {
  ImportMappingRecord,
  KoboFeedRecord,
  KoboSubmissionRecord,
  NewKoboFeedRecord,
} from '@vigie/domain';

/** The wire shapes of `/api/import-mappings` and `/api/kobo-feeds`, as `@vigie/domain` types them. */
export type SavedMapping = ImportMappingRecord;
export type KoboFeed = KoboFeedRecord;
export type NewKoboFeed = NewKoboFeedRecord;
export type KoboSubmission = KoboSubmissionRecord;
export type { KoboSubmissionStatus } from '@vigie/domain';

/** A page of a list read with `_start`/`_end`, its total from `X-Total-Count`. */
export interface Page<T> {
  data: T[];
  total: number;
}
