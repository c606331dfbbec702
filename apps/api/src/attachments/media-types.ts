/**
 * The file types accepted as evidence (what phones and cameras record, and documents), as
 * `file-type` names them when it reads the bytes. Each family lists the names a client may declare
 * for it: a declared type outside the sniffed type's family is refused.
 */
interface MediaFamily {
  /** Types `file-type` returns for this family. */
  sniffed: readonly string[];
  /** Other names clients use for the same thing. */
  aliases: readonly string[];
  /** File extension used for download names. */
  extension: string;
  /** sharp can read it: EXIF is read and a publication copy and a thumbnail are made. */
  image: boolean;
}

const FAMILIES: readonly MediaFamily[] = [
  { sniffed: ['image/jpeg'], aliases: ['image/jpg', 'image/pjpeg'], extension: 'jpg', image: true },
  { sniffed: ['image/png'], aliases: ['image/x-png'], extension: 'png', image: true },
  { sniffed: ['image/webp'], aliases: [], extension: 'webp', image: true },
  {
    sniffed: ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'],
    aliases: [],
    extension: 'heic',
    image: true,
  },
  { sniffed: ['image/gif'], aliases: [], extension: 'gif', image: true },
  {
    sniffed: ['video/mp4', 'audio/mp4', 'audio/x-m4a', 'video/x-m4v'],
    aliases: ['audio/m4a', 'audio/x-mp4', 'video/x-mp4'],
    extension: 'mp4',
    image: false,
  },
  { sniffed: ['video/quicktime'], aliases: ['video/mov'], extension: 'mov', image: false },
  { sniffed: ['video/webm'], aliases: ['audio/webm'], extension: 'webm', image: false },
  {
    sniffed: ['video/3gpp', 'video/3gpp2'],
    aliases: ['audio/3gpp', 'audio/3gpp2'],
    extension: '3gp',
    image: false,
  },
  {
    sniffed: ['audio/mpeg'],
    aliases: ['audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3'],
    extension: 'mp3',
    image: false,
  },
  { sniffed: ['audio/aac'], aliases: ['audio/x-aac', 'audio/aacp'], extension: 'aac', image: false },
  {
    sniffed: ['audio/ogg', 'audio/ogg; codecs=opus', 'video/ogg', 'application/ogg'],
    aliases: ['audio/opus'],
    extension: 'ogg',
    image: false,
  },
  {
    sniffed: ['audio/wav'],
    aliases: ['audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    extension: 'wav',
    image: false,
  },
  { sniffed: ['audio/amr'], aliases: ['audio/amr-nb'], extension: 'amr', image: false },
  { sniffed: ['application/pdf'], aliases: ['application/x-pdf'], extension: 'pdf', image: false },
];

/** Declared types that say nothing about the content: they are not compared with the bytes. */
const UNSPECIFIC = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

function familyOf(sniffed: string): MediaFamily | undefined {
  return FAMILIES.find((family) => family.sniffed.includes(sniffed));
}

/** `image/JPEG; charset=x` → `image/jpeg`. */
function essence(type: string): string {
  return type.split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Whether the sniffed type is on the allow-list. */
export function isAllowedType(sniffed: string): boolean {
  return familyOf(sniffed) !== undefined;
}

/**
 * Whether the type a client declared for the file part agrees with the bytes. A generic
 * `application/octet-stream` (or none) declares nothing and always agrees.
 */
export function declaredTypeMatches(declared: string | undefined, sniffed: string): boolean {
  const type = essence(declared ?? '');
  if (UNSPECIFIC.has(type)) return true;
  const family = familyOf(sniffed);
  if (!family) return false;
  return family.sniffed.some((name) => essence(name) === type) || family.aliases.includes(type);
}

export function isImageType(sniffed: string): boolean {
  return familyOf(sniffed)?.image ?? false;
}

export function extensionOf(sniffed: string): string {
  return familyOf(sniffed)?.extension ?? 'bin';
}

/** The allow-list, for messages and documentation. */
export const ALLOWED_TYPES_TEXT =
  'JPEG, PNG, WebP, HEIC/HEIF, GIF, MP4, QuickTime, WebM, 3GP, MP3, M4A/AAC, Ogg/Opus, WAV, AMR, PDF';
