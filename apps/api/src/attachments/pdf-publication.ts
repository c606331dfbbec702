import type { PDFDocument, PDFName, PDFObject } from 'pdf-lib';

/**
 * pdf-lib (~20 MB once loaded) is loaded by the first PDF that needs a copy, not when the API
 * starts: most days none does, and a big import should not carry it.
 */
type PdfLib = typeof import('pdf-lib');
const loadPdfLib = (): Promise<PdfLib> => import('pdf-lib');

/** The names this module looks for, made once pdf-lib is there. */
interface Names {
  metadataKeys: PDFName[];
  filter: PDFName;
  dctDecode: PDFName;
}

/** A PDF could not be rewritten without its metadata; `reason` is said to users. */
export class PdfUnreadableError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string = '',
  ) {
    super(reason);
  }
}

/**
 * Keys naming metadata or an application's private data, on any dictionary (catalog, pages,
 * images, fonts, annotations…): XMP streams, Illustrator/Acrobat private data, the index of a
 * search engine, web capture data, the thumbnail of a page.
 */
const METADATA_KEYS = ['Metadata', 'PieceInfo', 'LastModified', 'SpiderInfo', 'Thumb'];

function namesOf(lib: PdfLib): Names {
  return {
    metadataKeys: METADATA_KEYS.map((key) => lib.PDFName.of(key)),
    filter: lib.PDFName.of('Filter'),
    dctDecode: lib.PDFName.of('DCTDecode'),
  };
}

/** JPEG markers: start of image, start of scan, application segments APP1…APP15 and comments. */
const SOI = 0xd8;
const SOS = 0xda;
const isAppOrComment = (marker: number) => (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;

/**
 * A JPEG without its APP1…APP15 and comment segments (EXIF with GPS and device, XMP, IPTC,
 * Photoshop data): the picture data is kept byte for byte. APP0 (JFIF) says how to read the
 * pixels and stays. Null when the bytes are not a JPEG this simple parser follows (kept as is).
 */
export function stripJpegSegments(bytes: Uint8Array): Uint8Array | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === SOS) {
      kept.push(bytes.subarray(offset));
      return Buffer.concat(kept);
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (length < 2 || offset + 2 + length > bytes.length) return null;
    if (!isAppOrComment(marker)) kept.push(bytes.subarray(offset, offset + 2 + length));
    offset += 2 + length;
  }
  return null;
}

/** Removes the metadata keys from a dictionary and from the dictionaries and arrays written inside it. */
function stripDirect(lib: PdfLib, names: Names, object: PDFObject | undefined): void {
  if (object instanceof lib.PDFDict) {
    for (const key of names.metadataKeys) object.delete(key);
    for (const value of object.values()) stripDirect(lib, names, value);
  } else if (object instanceof lib.PDFArray) {
    for (const value of object.asArray()) stripDirect(lib, names, value);
  } else if (object instanceof lib.PDFStream) {
    stripDirect(lib, names, object.dict);
  }
}

/** The indirect objects reachable from `root`, by their reference's string. */
function reachable(lib: PdfLib, document: PDFDocument, root: PDFObject): Set<string> {
  const seen = new Set<string>();
  const pending: PDFObject[] = [root];
  while (pending.length > 0) {
    const object = pending.pop()!;
    if (object instanceof lib.PDFRef) {
      const tag = object.toString();
      if (seen.has(tag)) continue;
      seen.add(tag);
      const target = document.context.lookup(object);
      if (target) pending.push(target);
    } else if (object instanceof lib.PDFDict) {
      pending.push(...object.values());
    } else if (object instanceof lib.PDFArray) {
      pending.push(...object.asArray());
    } else if (object instanceof lib.PDFStream) {
      pending.push(object.dict);
    }
  }
  return seen;
}

/**
 * A copy of a PDF without its metadata: no document information dictionary (Author, Creator,
 * Producer, dates…), no file identifier, no XMP stream (document, page or object level), no
 * private application data, no EXIF/XMP inside embedded JPEG images, and none of the objects
 * nothing refers to any more (earlier revisions, orphaned metadata). Pages, text, images and
 * fonts are kept. Throws PdfUnreadableError for an encrypted or unreadable PDF, and when the copy
 * would not have the original's page count.
 */
export async function pdfWithoutMetadata(bytes: Uint8Array): Promise<{ bytes: Uint8Array; pages: number }> {
  const lib = await loadPdfLib();
  const names = namesOf(lib);
  let document: PDFDocument;
  let pages: number;
  try {
    document = await lib.PDFDocument.load(bytes, { updateMetadata: false });
    pages = document.getPageCount();
  } catch (error) {
    // pdf-lib may fail on encrypted object streams before it sees the Encrypt entry.
    if (error instanceof lib.EncryptedPDFError || Buffer.from(bytes).includes('/Encrypt')) {
      throw new PdfUnreadableError('the PDF is encrypted: it cannot be rewritten without its metadata');
    }
    throw new PdfUnreadableError(
      'the PDF could not be read (damaged, or not a complete PDF)',
      error instanceof Error ? error.message : String(error),
    );
  }
  const context = document.context;
  const root = context.trailerInfo.Root;
  if (!root) throw new PdfUnreadableError('the PDF has no document catalog');
  context.trailerInfo.Info = undefined;
  context.trailerInfo.ID = undefined;

  for (const [ref, object] of context.enumerateIndirectObjects()) {
    stripDirect(lib, names, object);
    if (object instanceof lib.PDFRawStream && object.dict.get(names.filter) === names.dctDecode) {
      const stripped = stripJpegSegments(object.contents);
      if (stripped) context.assign(ref, lib.PDFRawStream.of(object.dict, stripped));
    }
  }
  const live = reachable(lib, document, root);
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!live.has(ref.toString())) context.delete(ref);
  }

  const copy = await document.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
  });
  let copiedPages: number;
  try {
    copiedPages = (await lib.PDFDocument.load(copy, { updateMetadata: false })).getPageCount();
  } catch (error) {
    throw new PdfUnreadableError(
      'the PDF could not be rewritten',
      error instanceof Error ? error.message : String(error),
    );
  }
  if (copiedPages !== pages) {
    throw new PdfUnreadableError(`the rewritten PDF has ${copiedPages} pages instead of ${pages}`);
  }
  return { bytes: copy, pages };
}
