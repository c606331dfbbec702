import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { projectRoot } from '../../../../db/project-root';
import type { DataSource } from 'typeorm';
import { type ChainVerdict, GENESIS_HASH } from './audit-chain';
import { VERIFY_BATCH_SIZE, verifyAuditChain } from './audit-verification';

/*
 * Anchors of the audit chain outside the database (issue 10, item 8): a line per anchor in an
 * append-only JSON-lines file, each giving the chain's event count and head hash at a time, signed
 * with an Ed25519 key kept in a file (never in the database). Whoever rewrites the chain in the
 * database, even recomputing every hash, cannot make it match an anchor written before without the
 * private key; `npm run audit:verify` checks every anchor with the public key(s) only.
 */

export interface AnchorPaths {
  /** The append-only anchor file (JSON lines). */
  file: string;
  /** The Ed25519 private key (PKCS#8 PEM, 0600), made when first needed. */
  keyFile: string;
  /** The public keys that may have signed anchors (PEM blocks; each new key is appended). */
  publicKeysFile: string;
}

export interface AnchorSettings {
  VIGIE_AUDIT_ANCHOR_FILE?: string;
  VIGIE_AUDIT_ANCHOR_KEY?: string;
  VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS?: string;
}

/** Defaults under `<project>/.data/`, beside the private cluster and the stored files. */
export function anchorPaths(settings: AnchorSettings): AnchorPaths {
  const dataRoot = join(projectRoot(), '.data');
  const keyFile = resolve(settings.VIGIE_AUDIT_ANCHOR_KEY ?? join(dataRoot, 'audit-anchor.key'));
  return {
    file: resolve(settings.VIGIE_AUDIT_ANCHOR_FILE ?? join(dataRoot, 'audit-anchors.jsonl')),
    keyFile,
    publicKeysFile: resolve(settings.VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS ?? `${keyFile}.pub`),
  };
}

/** What an anchor states and signs. */
export interface AnchorContent {
  /** Events in the chain at the anchor. */
  count: number;
  /** The hash of the chain's last event then (GENESIS_HASH for an empty chain). */
  headHash: string;
  at: string;
  /** Which key signed: SHA-256 of its public key (DER), 16 hex digits. */
  keyId: string;
  /** SHA-256 of the previous line of the file (64 zeros for the first): a removed line shows. */
  prev: string;
}

export interface Anchor extends AnchorContent {
  /** Ed25519 signature of `signedBytes(content)`, base64. */
  signature: string;
}

export const FIRST_PREV = '0'.repeat(64);

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** The bytes signed: the content's fields in a fixed order. */
export function signedBytes(content: AnchorContent): Buffer {
  const { count, headHash, at, keyId, prev } = content;
  return Buffer.from(JSON.stringify({ count, headHash, at, keyId, prev }), 'utf8');
}

export function lineHash(line: string): string {
  return createHash('sha256').update(line, 'utf8').digest('hex');
}

/**
 * The signing key: read from `keyFile`, or made there (0600) when missing, its public key appended
 * to the public keys file. Rotation: move the key file away; the next anchor makes a new one.
 */
export function loadOrCreateAnchorKey(paths: AnchorPaths): { privateKey: KeyObject; keyId: string } {
  if (existsSync(paths.keyFile)) {
    chmodSync(paths.keyFile, 0o600);
    const privateKey = createPrivateKey(readFileSync(paths.keyFile));
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`${paths.keyFile} is not an Ed25519 private key.`);
    }
    return { privateKey, keyId: keyIdOf(createPublicKey(privateKey)) };
  }
  mkdirSync(dirname(paths.keyFile), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(paths.keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  mkdirSync(dirname(paths.publicKeysFile), { recursive: true, mode: 0o700 });
  appendFileSync(paths.publicKeysFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { privateKey, keyId: keyIdOf(publicKey) };
}

/** The public keys in a file of PEM blocks, by key id. */
export function readPublicKeys(file: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  const text = readFileSync(file, 'utf8');
  for (const block of text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? []) {
    const key = createPublicKey(block);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/** Lines of the anchor file, without the empty last one. */
export function readAnchorLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

/** Appends a signed anchor of (count, headHash) to the file (made 0600 when missing); returns it. */
export function appendAnchor(paths: AnchorPaths, count: number, headHash: string, at = new Date()): Anchor {
  const { privateKey, keyId } = loadOrCreateAnchorKey(paths);
  mkdirSync(dirname(paths.file), { recursive: true, mode: 0o700 });
  const lines = existsSync(paths.file) ? readAnchorLines(paths.file) : [];
  const last = lines[lines.length - 1];
  const content: AnchorContent = {
    count,
    headHash,
    at: at.toISOString(),
    keyId,
    prev: last === undefined ? FIRST_PREV : lineHash(last),
  };
  const anchor: Anchor = {
    ...content,
    signature: sign(null, signedBytes(content), privateKey).toString('base64'),
  };
  // 'a': O_APPEND, so that a line is never written over another.
  appendFileSync(paths.file, `${JSON.stringify(anchor)}\n`, { mode: 0o600, flag: 'a' });
  return anchor;
}

export type AnchorProblem = { line: number; message: string };

/**
 * Checks the file's lines on their own: each parses, is signed by a trusted key, follows the line
 * before it, and never counts fewer events than it. Returns the valid anchors and the problems.
 */
export function checkAnchorLines(
  lines: readonly string[],
  publicKeys: ReadonlyMap<string, KeyObject>,
): { anchors: Anchor[]; lineOf: Map<Anchor, number>; problems: AnchorProblem[] } {
  const anchors: Anchor[] = [];
  const lineOf = new Map<Anchor, number>();
  const problems: AnchorProblem[] = [];
  let prev = FIRST_PREV;
  let lastCount = 0;
  lines.forEach((line, index) => {
    const number = index + 1;
    const expectedPrev = prev;
    prev = lineHash(line);
    let anchor: Anchor;
    try {
      anchor = JSON.parse(line) as Anchor;
    } catch {
      problems.push({ line: number, message: 'is not JSON' });
      return;
    }
    if (
      !Number.isInteger(anchor.count) ||
      typeof anchor.headHash !== 'string' ||
      typeof anchor.signature !== 'string' ||
      typeof anchor.keyId !== 'string'
    ) {
      problems.push({ line: number, message: 'is not an anchor' });
      return;
    }
    const key = publicKeys.get(anchor.keyId);
    if (key === undefined) {
      problems.push({ line: number, message: `is signed by an unknown key (${anchor.keyId})` });
      return;
    }
    if (!verify(null, signedBytes(anchor), key, Buffer.from(anchor.signature, 'base64'))) {
      problems.push({ line: number, message: 'has an invalid signature (the line was altered)' });
      return;
    }
    if (anchor.prev !== expectedPrev) {
      problems.push({
        line: number,
        message: 'does not follow the line before it (a line was removed or altered)',
      });
    }
    if (anchor.count < lastCount) {
      problems.push({
        line: number,
        message: `counts ${anchor.count} events, fewer than the anchor before it (${lastCount})`,
      });
    }
    lastCount = Math.max(lastCount, anchor.count);
    anchors.push(anchor);
    lineOf.set(anchor, number);
  });
  return { anchors, lineOf, problems };
}

/**
 * Checks valid anchors against the chain: `headAt(count)` is the hash of the chain's `count`-th
 * event as verified (undefined when the chain is shorter or broken before it).
 */
export function checkAnchorsAgainstChain(
  anchors: readonly Anchor[],
  lineOf: (anchor: Anchor) => number,
  headAt: (count: number) => string | undefined,
): AnchorProblem[] {
  const problems: AnchorProblem[] = [];
  for (const anchor of anchors) {
    const head = anchor.count === 0 ? GENESIS_HASH : headAt(anchor.count);
    if (head === undefined) {
      problems.push({
        line: lineOf(anchor),
        message: `anchors ${anchor.count} events (${anchor.at}) but the intact chain has fewer`,
      });
    } else if (head !== anchor.headHash) {
      problems.push({
        line: lineOf(anchor),
        message: `anchors head ${anchor.headHash} at ${anchor.count} events (${anchor.at}) but the chain has ${head} there: the chain was rewritten`,
      });
    }
  }
  return problems;
}

export interface AnchoredVerdict {
  chain: ChainVerdict;
  /** Anchors in the file (0 when there is no file). */
  anchors: number;
  /** Whether the anchor file exists. */
  anchorFile: boolean;
  problems: AnchorProblem[];
}

/**
 * The chain verified on its own and against every anchor of the file (with the public keys only):
 * what `npm run audit:verify` reports.
 */
export async function verifyChainAndAnchors(
  dataSource: DataSource,
  paths: AnchorPaths,
): Promise<AnchoredVerdict> {
  if (!existsSync(paths.file)) {
    return { chain: await verifyAuditChain(dataSource), anchors: 0, anchorFile: false, problems: [] };
  }
  const lines = readAnchorLines(paths.file);
  if (!existsSync(paths.publicKeysFile)) {
    throw new Error(
      `No public key to check the anchors with: ${paths.publicKeysFile} is missing (VIGIE_AUDIT_ANCHOR_PUBLIC_KEYS).`,
    );
  }
  const { anchors, lineOf, problems } = checkAnchorLines(lines, readPublicKeys(paths.publicKeysFile));
  const wanted = new Set(anchors.map((anchor) => anchor.count));
  const heads = new Map<number, string>();
  const chain = await verifyAuditChain(dataSource, VERIFY_BATCH_SIZE, (count, hash) => {
    if (wanted.has(count)) heads.set(count, hash);
  });
  problems.push(
    ...checkAnchorsAgainstChain(
      anchors,
      (anchor) => lineOf.get(anchor) ?? 0,
      (count) => heads.get(count),
    ),
  );
  problems.sort((a, b) => a.line - b.line);
  return { chain, anchors: lines.length, anchorFile: true, problems };
}
