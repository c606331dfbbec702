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
  /**
   * How a video or a sound is remuxed without metadata by ffmpeg: the demuxer forced on the
   * input (never ffmpeg's own guess) and the muxer of the copy, in the same container.
   */
  remux?: MediaRemux;
}

/** ffmpeg's names for the input and output formats of a remuxed copy. */
export interface MediaRemux {
  demuxer: string;
  muxer: string;
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
    remux: { demuxer: 'mov', muxer: 'mp4' },
  },
  {
    sniffed: ['video/quicktime'],
    aliases: ['video/mov'],
    extension: 'mov',
    image: false,
    remux: { demuxer: 'mov', muxer: 'mov' },
  },
  {
    sniffed: ['video/webm'],
    aliases: ['audio/webm'],
    extension: 'webm',
    image: false,
    remux: { demuxer: 'matroska', muxer: 'webm' },
  },
  {
    sniffed: ['video/3gpp', 'video/3gpp2'],
    aliases: ['audio/3gpp', 'audio/3gpp2'],
    extension: '3gp',
    image: false,
    remux: { demuxer: 'mov', muxer: '3gp' },
  },
  {
    sniffed: ['audio/mpeg'],
    aliases: ['audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3'],
    extension: 'mp3',
    image: false,
    remux: { demuxer: 'mp3', muxer: 'mp3' },
  },
  {
    sniffed: ['audio/aac'],
    aliases: ['audio/x-aac', 'audio/aacp'],
    extension: 'aac',
    image: false,
    remux: { demuxer: 'aac', muxer: 'adts' },
  },
  {
    sniffed: ['audio/ogg', 'audio/ogg; codecs=opus', 'video/ogg', 'application/ogg'],
    aliases: ['audio/opus'],
    extension: 'ogg',
    image: false,
    remux: { demuxer: 'ogg', muxer: 'ogg' },
  },
  {
    sniffed: ['audio/wav'],
    aliases: ['audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    extension: 'wav',
    image: false,
    remux: { demuxer: 'wav', muxer: 'wav' },
  },
  {
    sniffed: ['audio/amr'],
    aliases: ['audio/amr-nb'],
    extension: 'amr',
    image: false,
    remux: { demuxer: 'amr', muxer: 'amr' },
  },
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

/** How to remux a video or a sound without its metadata; undefined for images and documents. */
export function remuxOf(sniffed: string): MediaRemux | undefined {
  return familyOf(sniffed)?.remux;
}

export function isPdfType(sniffed: string): boolean {
  return familyOf(sniffed)?.extension === 'pdf';
}

/** The sniffed types of which a copy without metadata is made by ffmpeg or the PDF rewriter. */
export const MEDIA_COPY_TYPES: readonly string[] = FAMILIES.filter(
  (family) => family.remux !== undefined || family.extension === 'pdf',
).flatMap((family) => family.sniffed);

export function extensionOf(sniffed: string): string {
  return familyOf(sniffed)?.extension ?? 'bin';
}

/** The allow-list, for messages and documentation. */
export const ALLOWED_TYPES_TEXT =
  'JPEG, PNG, WebP, HEIC/HEIF, GIF, MP4, QuickTime, WebM, 3GP, MP3, M4A/AAC, Ogg/Opus, WAV, AMR, PDF';
