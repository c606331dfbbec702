/**
 * sharp (libvips, ~20 MB once loaded) is loaded by the first image that needs a copy, not when the
 * API starts: a server that never receives an image, or is busy with an import, does not carry it.
 */
const loadSharp = async () => (await import('sharp')).default;

/** A JPEG made from an evidence image. */
export interface ImageVariant {
  bytes: Buffer;
  width: number;
  height: number;
}

export const PUBLICATION_MAX_PX = 1600;
export const THUMBNAIL_MAX_PX = 320;

/** Decoding stops beyond this many pixels (a "decompression bomb" is refused, not rendered). */
const MAX_INPUT_PIXELS = 100_000_000;

async function variant(path: string, maxPx: number, quality: number): Promise<ImageVariant> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
    .rotate()
    .resize(maxPx, maxPx, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/**
 * The publication copy (upright, within 1600×1600, JPEG, no metadata at all: sharp writes none
 * unless asked) and the console thumbnail. The original file is only read. Null when sharp cannot
 * decode the image (e.g. HEVC-coded HEIC, which the prebuilt libvips does not decode).
 */
export async function makeImageVariants(
  path: string,
): Promise<{ publication: ImageVariant; thumbnail: ImageVariant } | null> {
  try {
    const publication = await variant(path, PUBLICATION_MAX_PX, 85);
    const thumbnail = await variant(path, THUMBNAIL_MAX_PX, 75);
    return { publication, thumbnail };
  } catch {
    return null;
  }
}
