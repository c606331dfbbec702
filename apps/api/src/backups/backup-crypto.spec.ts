import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { keyIdOf } from '../audit/audit-anchors';
import {
  decryptStream,
  encryptStream,
  generateBackupIdentity,
  signManifest,
  verifyManifest,
} from './backup-crypto';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Chunks of 1 MiB, made as they are read. */
function generated(mebibytes: number): Readable {
  const block = randomBytes(1024 * 1024);
  return Readable.from(
    (function* () {
      for (let i = 0; i < mebibytes; i += 1) {
        block[0] = i % 256; // each chunk differs
        yield Buffer.from(block);
      }
    })(),
    { objectMode: false },
  );
}

describe('backup encryption', () => {
  it('makes an X25519 identity and its recipient', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(recipient).toMatch(/^age1[0-9a-z]+$/);
  });

  it('round-trips a multi-megabyte stream', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const plaintext = randomBytes(5 * 1024 * 1024 + 123);
    const ciphertext = await collect(encryptStream(Readable.from([plaintext]), recipient));
    expect(ciphertext.length).toBeGreaterThan(plaintext.length);
    expect(ciphertext.includes(plaintext.subarray(0, 64))).toBe(false);
    const decrypted = await collect(decryptStream(Readable.from([ciphertext]), identity));
    expect(decrypted.equals(plaintext)).toBe(true);
  });

  it('writes age’s chunks at every boundary: empty, one byte, one and two full chunks, one more byte', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const chunk = 64 * 1024;
    const sizes = [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk, 2 * chunk + 5];
    const header = (await collect(encryptStream(Readable.from([Buffer.alloc(0)]), recipient))).length - 16;
    for (const size of sizes) {
      const plaintext = randomBytes(size);
      // Split unevenly, as a file read arrives.
      const pieces = [
        plaintext.subarray(0, 1000),
        plaintext.subarray(1000, 70_000),
        plaintext.subarray(70_000),
      ];
      const ciphertext = await collect(
        encryptStream(Readable.from(pieces.filter((piece) => piece.length > 0)), recipient),
      );
      // age: one 16-byte tag per 64 KiB chunk, the last one full when the size is a multiple.
      expect(ciphertext.length, `size ${size}`).toBe(
        header + size + 16 * Math.max(1, Math.ceil(size / chunk)),
      );
      const decrypted = await collect(decryptStream(Readable.from([ciphertext]), identity));
      expect(decrypted.equals(plaintext), `size ${size}`).toBe(true);
    }
  });

  it('fails, without a complete ciphertext, when its source fails', async () => {
    const { recipient } = await generateBackupIdentity();
    const source = new Readable({ read() {} });
    source.push(randomBytes(100_000));
    setImmediate(() => source.destroy(new Error('disk read error')));
    await expect(collect(encryptStream(source, recipient))).rejects.toThrow(/disk read error/);
  });

  it('refuses a wrong identity', async () => {
    const { recipient } = await generateBackupIdentity();
    const other = await generateBackupIdentity();
    const ciphertext = await collect(encryptStream(Readable.from([Buffer.from('secret')]), recipient));
    await expect(collect(decryptStream(Readable.from([ciphertext]), other.identity))).rejects.toThrow(
      /no identity matched/,
    );
  });

  it('refuses a flipped byte and a truncation', async () => {
    const { identity, recipient } = await generateBackupIdentity();
    const ciphertext = await collect(encryptStream(Readable.from([randomBytes(200_000)]), recipient));
    const flipped = Buffer.from(ciphertext);
    flipped[flipped.length - 70_000]! ^= 0x01;
    await expect(collect(decryptStream(Readable.from([flipped]), identity))).rejects.toThrow();
    const truncated = ciphertext.subarray(0, ciphertext.length - 1000);
    await expect(collect(decryptStream(Readable.from([truncated]), identity))).rejects.toThrow();
    const intact = await collect(decryptStream(Readable.from([ciphertext]), identity));
    expect(intact.length).toBe(200_000);
  });

  it('throws at once on a malformed recipient or identity', () => {
    expect(() => encryptStream(Readable.from([]), 'age1nope')).toThrow();
    expect(() => decryptStream(Readable.from([]), 'AGE-SECRET-KEY-1NOPE')).toThrow();
  });

  it('keeps memory flat for a 200 MB stream', { timeout: 120_000 }, async () => {
    const { identity, recipient } = await generateBackupIdentity();
    // A first small run settles the allocator's pools, which would otherwise count as growth.
    await pipeline(decryptStream(encryptStream(generated(20), recipient), identity), async (chunks) => {
      for await (const chunk of chunks as AsyncIterable<Buffer>) void chunk;
    });
    const expected = createHash('sha256');
    const source = generated(200).on('data', (chunk: Buffer) => expected.update(chunk));
    const actual = createHash('sha256');
    let bytes = 0;
    const before = process.memoryUsage().rss;
    let peak = before;
    await pipeline(decryptStream(encryptStream(source, recipient), identity), async (chunks) => {
      for await (const chunk of chunks as AsyncIterable<Buffer>) {
        actual.update(chunk);
        bytes += chunk.length;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    });
    expect(bytes).toBe(200 * 1024 * 1024);
    expect(actual.digest('hex')).toBe(expected.digest('hex'));
    // Holding the stream would take 200 MB at least. What remains is buffers of 64 KiB to 1 MiB the
    // garbage collector has not reclaimed yet (measured: 10 to 60 MB whatever the stream's size).
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('manifest signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  const keys = new Map([[keyId, publicKey]]);
  const manifest = Buffer.from(JSON.stringify({ format: 'vigie-backup/1', id: '20250101T023000Z-abcdef' }));

  it('verifies a signature made with a trusted key', () => {
    const signature = signManifest(manifest, privateKey, keyId);
    expect(JSON.parse(signature)).toMatchObject({ algorithm: 'ed25519', keyId });
    expect(verifyManifest(manifest, signature, keys)).toBe(true);
  });

  it('refuses a manifest with one byte flipped', () => {
    const signature = signManifest(manifest, privateKey, keyId);
    const flipped = Buffer.from(manifest);
    flipped[10]! ^= 0x01;
    expect(verifyManifest(flipped, signature, keys)).toBe(false);
  });

  it('refuses a signature by an unknown key, or altered, or malformed', () => {
    const other = generateKeyPairSync('ed25519');
    const otherId = keyIdOf(other.publicKey);
    expect(verifyManifest(manifest, signManifest(manifest, other.privateKey, otherId), keys)).toBe(false);
    const signature = JSON.parse(signManifest(manifest, privateKey, keyId)) as { signature: string };
    const bytes = Buffer.from(signature.signature, 'base64');
    bytes[0]! ^= 0x01;
    const altered = JSON.stringify({ ...signature, signature: bytes.toString('base64') });
    expect(verifyManifest(manifest, altered, keys)).toBe(false);
    expect(verifyManifest(manifest, 'not json', keys)).toBe(false);
    expect(verifyManifest(manifest, JSON.stringify({ keyId }), keys)).toBe(false);
  });

  it('will not sign under the key id of another key', () => {
    const other = keyIdOf(generateKeyPairSync('ed25519').publicKey);
    expect(() => signManifest(manifest, privateKey, other)).toThrow(/key id/);
  });
});
