import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { Readable } from 'node:stream';
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

/** A new key pair: the identity (`AGE-SECRET-KEY-1…`, kept offline) and its recipient (`age1…`). */
export async function generateBackupIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

export function encryptStream(source: Readable, recipient: string): Readable {
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient); // throws now on a malformed recipient
  return transformLazily(source, (input) => encrypter.encrypt(input));
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
