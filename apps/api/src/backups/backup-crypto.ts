import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { readFileSync } from 'node:fs';
import { createCipheriv, createPublicKey, hkdfSync, type KeyObject, sign, verify } from 'node:crypto';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { keyIdOf } from '../audit/audit-anchors';

/*
 * Encryption of backups with age (X25519 recipients `age1…`): the server holds only the public
 * recipient, so a stolen server or destination reveals nothing. age's STREAM format authenticates
 * each 64 KiB chunk and the last one, so a flipped byte, a truncation or a wrong key is an error,
 * never silently wrong plaintext. Streams are processed chunk by chunk: memory stays flat.
 *
 * Manifests are signed with the audit anchor key (Ed25519): whoever can write to the destination
 * cannot forge a backup that a restore would accept.
 */

/**
 * The age identity (`AGE-SECRET-KEY-1…`) in a key file, as `npm run backup:keygen` or age-keygen
 * write it (comment lines around it). The messages name the file, never its content.
 */
export function readIdentityFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      {
        cause: error,
      },
    );
  }
  const line = text
    .split('\n')
    .map((entry) => entry.trim())
    .find((entry) => entry.startsWith('AGE-SECRET-KEY-1'));
  if (line === undefined) throw new Error(`${file} holds no age identity (AGE-SECRET-KEY-1…).`);
  return line;
}

/** A new key pair: the identity (`AGE-SECRET-KEY-1…`, kept offline) and its recipient (`age1…`). */
export async function generateBackupIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/**
 * age's payload encryption: the header (the recipient's stanza, its MAC) comes from age-encryption,
 * the payload (STREAM: ChaCha20-Poly1305 per 64 KiB chunk) from Node's native crypto. The library
 * encrypts in JavaScript at ~35 MiB/s on one core of the server, in the API's event loop when
 * the API runs the backup: a 2 GiB backup kept it busy for a minute and slowed every request down
 * (bench/results/backups.md). Native, the same bytes take a few seconds; the output is the same
 * format, decrypted by age-encryption (and `age -d`).
 */
export function encryptStream(source: Readable, recipient: string): Readable {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient); // throws now on a malformed recipient
  let fileKey: Uint8Array | undefined;
  // Sees the file key age draws for the header; adds no stanza of its own.
  encrypter.addRecipient({
    wrapFileKey: (key: Uint8Array) => {
      fileKey = key;
      return [];
    },
  });
  // An empty plaintext gives the header, the payload nonce and one empty final chunk (16 bytes).
  const prefix = encrypter.encrypt(new Uint8Array(0)).then((empty) => {
    const nonce = empty.subarray(
      empty.length - STREAM_TAG_BYTES - PAYLOAD_NONCE_BYTES,
      empty.length - STREAM_TAG_BYTES,
    );
    const key = Buffer.from(hkdfSync('sha256', fileKey as Uint8Array, nonce, 'payload', 32));
    return { prefix: Buffer.from(empty.subarray(0, empty.length - STREAM_TAG_BYTES)), key };
  });
  const output = new AgePayloadStream(prefix);
  // An error on either side destroys both: a failed source is never a complete ciphertext, and
  // a consumer that gives up stops the source.
  pipeline(source, output, () => undefined);
  return output;
}

const STREAM_CHUNK_BYTES = 64 * 1024;
const STREAM_TAG_BYTES = 16;
const PAYLOAD_NONCE_BYTES = 16;

/**
 * age's STREAM (age-encryption.org/v1): chunks of 64 KiB, each sealed with ChaCha20-Poly1305 under
 * the nonce counter‖last-flag (11 bytes big-endian, 1 byte); the last chunk carries the flag and may
 * be full, and is empty only for an empty plaintext. The header and payload nonce go first.
 */
class AgePayloadStream extends Transform {
  private key: Buffer | undefined;
  private counter = 0;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly ready: Promise<{ prefix: Buffer; key: Buffer }>) {
    super();
  }

  private async start(): Promise<void> {
    if (this.key) return;
    const { prefix, key } = await this.ready;
    this.key = key;
    this.push(prefix);
  }

  private seal(plaintext: Buffer, last: boolean): Buffer {
    const nonce = Buffer.alloc(12);
    nonce.writeUIntBE(this.counter, 5, 6);
    if (last) nonce[11] = 1;
    this.counter += 1;
    const cipher = createCipheriv('chacha20-poly1305', this.key as Buffer, nonce, {
      authTagLength: STREAM_TAG_BYTES,
    });
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.start().then(() => {
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      // A full chunk is sealed only once more bytes follow: the last one must carry the flag.
      while (this.pendingBytes > STREAM_CHUNK_BYTES) {
        const all = Buffer.concat(this.pending);
        this.pending.length = 0;
        let offset = 0;
        while (all.length - offset > STREAM_CHUNK_BYTES) {
          this.push(this.seal(all.subarray(offset, offset + STREAM_CHUNK_BYTES), false));
          offset += STREAM_CHUNK_BYTES;
        }
        const rest = all.subarray(offset);
        this.pending.push(rest);
        this.pendingBytes = rest.length;
      }
      callback();
    }, callback);
  }

  override _flush(callback: TransformCallback): void {
    this.start().then(() => {
      this.push(this.seal(Buffer.concat(this.pending), true));
      callback();
    }, callback);
  }
}

/** The output errors on a wrong identity, a tampered or a truncated input. */
export function decryptStream(source: Readable, identity: string): Readable {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity); // throws now on a malformed identity
  return transformLazily(source, (input) => decrypter.decrypt(input));
}

/**
 * age returns its output stream only once the header is done (a promise); callers want a Readable
 * at once. This web stream asks age for its output on the first read and forwards it; cancelling
 * it (the Readable destroyed) cancels age's stream and so the source.
 */
function transformLazily(
  source: Readable,
  transform: (input: ReadableStream<Uint8Array>) => Promise<ReadableStream<Uint8Array>>,
): Readable {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const output = new ReadableStream<Uint8Array>({
    async pull(controller) {
      reader ??= (await transform(Readable.toWeb(source) as ReadableStream<Uint8Array>)).getReader();
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel(reason) {
      if (reader) await reader.cancel(reason);
      else source.destroy();
    },
  });
  return Readable.fromWeb(output as WebReadableStream<Uint8Array>);
}

interface ManifestSignature {
  algorithm: 'ed25519';
  keyId: string;
  signature: string;
}

/** The text of manifest.sig: the base64 Ed25519 signature of the manifest's bytes and the key id. */
export function signManifest(bytes: Buffer, privateKey: KeyObject, keyId: string): string {
  if (keyIdOf(createPublicKey(privateKey)) !== keyId) {
    throw new Error(`The key id ${keyId} is not the one of the signing key.`);
  }
  const content: ManifestSignature = {
    algorithm: 'ed25519',
    keyId,
    signature: sign(null, bytes, privateKey).toString('base64'),
  };
  return `${JSON.stringify(content)}\n`;
}

/** True only for a well-formed signature of exactly these bytes by one of the trusted keys. */
export function verifyManifest(
  bytes: Buffer,
  signature: string,
  publicKeys: ReadonlyMap<string, KeyObject>,
): boolean {
  let parsed: Partial<ManifestSignature>;
  try {
    parsed = JSON.parse(signature) as Partial<ManifestSignature>;
  } catch {
    return false;
  }
  if (parsed?.algorithm !== 'ed25519' || typeof parsed.signature !== 'string') return false;
  const key = typeof parsed.keyId === 'string' ? publicKeys.get(parsed.keyId) : undefined;
  if (key?.asymmetricKeyType !== 'ed25519') return false;
  return verify(null, bytes, key, Buffer.from(parsed.signature, 'base64'));
}
