import type { AttachmentRecord } from '@vigie/domain';
import type { Actor } from '../auth/actor';
import { PUBLISHABLE_CONDITION } from './attachments.sql';

/**
 * Which files a role reads (DESIGN §4): admin and legal all of them; a coordinator all the files of
 * field records, not those of legal cases, which it may not read; an observer the ones it uploaded;
 * communication those with publication consent on validated records. Researchers have no
 * attachment permission at all (403 before this applies).
 */
export type AttachmentScope =
  { kind: 'all' } | { kind: 'field' } | { kind: 'own'; userId: string } | { kind: 'publishable' };

export function scopeOf(actor: Actor): AttachmentScope {
  switch (actor.role) {
    case 'observer':
      return { kind: 'own', userId: actor.id };
    case 'communication':
      return { kind: 'publishable' };
    case 'coordinator':
      return { kind: 'field' };
    default:
      return { kind: 'all' };
  }
}

/** The scope as a SQL condition on alias `a`; `next` is the number of the next `$n` placeholder. */
export function scopeCondition(scope: AttachmentScope, next: number): { sql: string; params: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: [] };
    case 'field':
      return { sql: 'a.legal_case_id IS NULL', params: [] };
    case 'own':
      return { sql: `a.created_by = $${next}`, params: [scope.userId] };
    case 'publishable':
      return { sql: PUBLISHABLE_CONDITION, params: [] };
  }
}

/**
 * What communication is not told about an original (it gets the copy without metadata only): where
 * and when it was taken, the name the phone gave it (often its date and time), and its hash and
 * size, which would identify the original outside.
 */
export const ORIGINAL_FIELDS_WITHHELD = [
  'exifLocation',
  'capturedAt',
  'originalName',
  'sha256',
  'sizeBytes',
] as const satisfies readonly (keyof AttachmentRecord)[];

/** The record as the actor may read it: communication gets none of the original's metadata. */
export function presentAttachment(actor: Actor, record: AttachmentRecord): AttachmentRecord {
  if (scopeOf(actor).kind !== 'publishable') return record;
  const presented: Partial<AttachmentRecord> = { ...record };
  for (const field of ORIGINAL_FIELDS_WITHHELD) delete presented[field];
  // The domain type keeps these fields required for the roles that get them (see its comment).
  return presented as AttachmentRecord;
}
