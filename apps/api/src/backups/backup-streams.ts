import { createHash } from 'node:crypto';
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** What a stream's bytes must be: checked when it ends, so a stream that does not match fails. */
export interface ExpectedContent {
  sha256: string;
  sizeBytes: number;
  /** Named in the error ("stored file 3f…", "the database dump"). */
  label: string;
}

/**
 * Passes bytes through, hashing (SHA-256) and counting them. Given `expected`, it fails at the end
 * of the stream when the bytes differ, so that whatever consumes it (an atomic write) never keeps
 * the result; given `beforeEnd`, it waits for it (a child process's exit) and fails if it rejects.
 */
export class HashMeter extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  sha256 = '';

  constructor(
    private readonly options: { expected?: ExpectedContent; beforeEnd?: () => Promise<void> } = {},
  ) {
    super();
    // Its error reaches whoever consumes it (pipeline, an encryption stream); once that consumer
    // gave up and left, an unheard 'error' event would crash the process.
    this.on('error', () => undefined);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    const { expected, beforeEnd } = this.options;
    const mismatch = expected ? contentMismatch(expected, this.sha256, this.bytes) : undefined;
    if (mismatch) {
      callback(new Error(mismatch));
      return;
    }
    if (!beforeEnd) {
      callback();
      return;
    }
    beforeEnd().then(
      () => callback(),
      (error: unknown) => callback(error as Error),
    );
  }
}

/** Why the bytes read are not the expected ones, or undefined when they are. */
export function contentMismatch(
  expected: ExpectedContent,
  sha256: string,
  sizeBytes: number,
): string | undefined {
  if (sizeBytes !== expected.sizeBytes) {
    return `${expected.label} has ${sizeBytes} bytes where ${expected.sizeBytes} were expected`;
  }
  if (sha256 !== expected.sha256) {
    return `${expected.label} has SHA-256 ${sha256} where ${expected.sha256} was expected`;
  }
  return undefined;
}

/** Reads a whole (small) stream into memory: manifests, signatures, anchor files, lists. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
