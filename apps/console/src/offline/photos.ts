/**
 * Large photos made smaller on the phone before they are queued, when the deployment asks for it
 * (`VITE_PHOTO_MAX_PX` at build time: the longest side, in pixels). Off by default: a photo may be
 * evidence, and the server keeps the hash of what it received. Re-encoding also drops the EXIF
 * block (the phone's GPS position, its model), which the server would otherwise store.
 */
export function photoMaxPx(): number | null {
  const raw: unknown = import.meta.env.VITE_PHOTO_MAX_PX;
  const value = typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isInteger(value) && value > 0 ? value : null;
}

const RESIZABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * The photo with its longest side at most `maxPx`, as JPEG; the file itself when it is small
 * enough, not a photo, or when the browser cannot decode it (nothing is lost: it is sent as it is).
 */
export async function resizePhoto(file: Blob, maxPx: number): Promise<Blob> {
  if (!RESIZABLE.has(file.type) || typeof createImageBitmap !== 'function') return file;
  let bitmap: ImageBitmap;
  try {
    // The phone's rotation flag is applied, so the smaller photo stands the right way up.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  try {
    const scale = maxPx / Math.max(bitmap.width, bitmap.height);
    if (scale >= 1) return file;
    const width = Math.round(bitmap.width * scale);
    const height = Math.round(bitmap.height * scale);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    return blob ?? file;
  } finally {
    bitmap.close();
  }
}
