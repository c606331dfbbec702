import { randomBytes } from 'node:crypto';

/** What a backup holds, as signed (contract: docs of issue 15). */
export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  id: string;
  createdAt: string;
  appVersion: string;
  /** The last migration applied: a restore into older code would not know the schema. */
  schemaVersion: string;
  recipient: string;
  database: { sha256: string; sizeBytes: number };
  anchors: { sha256: string; sizeBytes: number };
  files: { sha256: string; sizeBytes: number }[];
  rowCounts: Record<string, number>;
  audit: { count: number; headHash: string };
  signingKeyId: string;
}

export const MANIFEST_FORMAT = 'vigie-backup/1';

/** Objects of a backup at the destination. */
export const backupPaths = (id: string) => ({
  directory: `backups/${id}/`,
  database: `backups/${id}/database.dump.age`,
  anchors: `backups/${id}/anchors.jsonl.age`,
  manifest: `backups/${id}/manifest.json.age`,
  signature: `backups/${id}/manifest.sig`,
  /** The SHA-256s of the files the backup needs, for pruning (docs/decisions.md, "Backup retention"). */
  fileList: `backups/${id}/files.sha256`,
});

export const fileObjectPath = (sha256: string): string => `files/${sha256}.age`;

const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/** `YYYYMMDDTHHMMSSZ-<6 hex>`: sorts by time, unique enough for two backups in one second. */
export function newBackupId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function isBackupId(value: string): boolean {
  return ID.test(value);
}

/** Backups at the destination, from a listing of `backups/`: complete (signed) and not. */
export function backupsInListing(paths: readonly string[]): { complete: string[]; incomplete: string[] } {
  const all = new Set<string>();
  const signed = new Set<string>();
  for (const path of paths) {
    const match = /^backups\/([^/]+)\/(.+)$/.exec(path);
    if (!match || !isBackupId(match[1] as string)) continue;
    all.add(match[1] as string);
    if (match[2] === 'manifest.sig') signed.add(match[1] as string);
  }
  const sorted = [...all].sort();
  return {
    complete: sorted.filter((id) => signed.has(id)),
    incomplete: sorted.filter((id) => !signed.has(id)),
  };
}

const SHA256 = /^[0-9a-f]{64}$/;

function isContent(value: unknown): value is { sha256: string; sizeBytes: number } {
  const record = value as { sha256?: unknown; sizeBytes?: unknown } | null;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.sha256 === 'string' &&
    SHA256.test(record.sha256) &&
    Number.isSafeInteger(record.sizeBytes) &&
    (record.sizeBytes as number) >= 0
  );
}

/** Parses a (signature-checked) manifest; throws on anything this version does not understand. */
export function parseManifest(bytes: Buffer): BackupManifest {
  const manifest = JSON.parse(bytes.toString('utf8')) as BackupManifest;
  if (manifest?.format !== MANIFEST_FORMAT) {
    throw new Error(
      `unknown manifest format ${JSON.stringify(manifest?.format)} (expected ${MANIFEST_FORMAT})`,
    );
  }
  if (
    !isBackupId(manifest.id) ||
    !isContent(manifest.database) ||
    !isContent(manifest.anchors) ||
    !Array.isArray(manifest.files) ||
    !manifest.files.every(isContent) ||
    typeof manifest.rowCounts !== 'object' ||
    !Number.isSafeInteger(manifest.audit?.count) ||
    typeof manifest.audit?.headHash !== 'string'
  ) {
    throw new Error('the manifest is incomplete');
  }
  return manifest;
}
