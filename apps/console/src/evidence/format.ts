import type { Consent } from '@vigie/domain';
import { intlLocale } from '../common/parisTime';

/** What the console shows in place of a file it cannot preview. */
export type FileKind = 'image' | 'video' | 'audio' | 'pdf' | 'other';

export function fileKind(mimeType: unknown): FileKind {
  if (typeof mimeType !== 'string') return 'other';
  const type = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (type === 'application/pdf') return 'pdf';
  return 'other';
}

const UNITS: Record<'fr' | 'en', readonly string[]> = {
  fr: ['o', 'Ko', 'Mo', 'Go'],
  en: ['B', 'KB', 'MB', 'GB'],
};

/** `1,2 Mo` / `1.2 MB` (binary multiples, as the upload limit is counted). */
export function formatBytes(bytes: unknown, lang: string = 'fr'): string {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
  const units = lang === 'en' ? UNITS.en : UNITS.fr;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(intlLocale(lang), {
    maximumFractionDigits: unit === 0 || value >= 100 ? 0 : 1,
  }).format(value);
  return `${number} ${units[unit]}`;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** `3f2a9c1b…e4d07a12`: enough to tell files apart at a glance; the full value stays one click away. */
export function shortHash(sha256: unknown): string {
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) return '';
  return `${sha256.slice(0, 8)}…${sha256.slice(-8)}`;
}

/** Nothing is published, used in litigation or given to research unless it is ticked. */
export const NO_CONSENT: Consent = { publication: false, litigation: false, research: false };

export const CONSENT_KEYS = [
  'publication',
  'litigation',
  'research',
] as const satisfies readonly (keyof Consent)[];

/** The consents given, in a stable order (for badges). */
export function givenConsents(consent: unknown): (keyof Consent)[] {
  if (typeof consent !== 'object' || consent === null) return [];
  const record = consent as Partial<Record<keyof Consent, unknown>>;
  return CONSENT_KEYS.filter((key) => record[key] === true);
}

/** The owner of an evidence file, as the API names it in forms and filters. */
export type OwnerType = 'observation' | 'incident' | 'legalCase';

const OWNER_FIELDS = {
  observation: 'observationId',
  incident: 'incidentId',
  legalCase: 'legalCaseId',
} as const satisfies Record<OwnerType, string>;

export function ownerField(ownerType: OwnerType): (typeof OWNER_FIELDS)[OwnerType] {
  return OWNER_FIELDS[ownerType];
}

/** What the phone's file picker offers: what the API accepts (DESIGN §3 Attachment). */
export const ACCEPTED_FILES = 'image/*,video/*,audio/*,application/pdf';

/**
 * Which bytes of a file the role may download (DESIGN §4): communication gets the publication copy
 * of any file (an image, a video, a sound or a PDF without position, dates, device or author),
 * never its original, and nothing while there is no copy (`null`: the console says "original
 * réservé" instead of a link the API would refuse with 403); the other roles get the original.
 */
export function downloadVariant(
  attachment: { mimeType?: unknown; publication: unknown },
  role: string | null,
): 'content' | 'publication' | null {
  if (role !== 'communication') return 'content';
  return attachment.publication ? 'publication' : null;
}
