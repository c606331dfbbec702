import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditAnchorService } from '../../apps/api/src/audit/audit-anchor.service';
import { anchorPaths, appendAnchor, type AnchorPaths } from '../../apps/api/src/audit/audit-anchors';
import { hashAuditEvent } from '../../apps/api/src/audit/audit-chain';
import {
  AUDIT_EVENT_COLUMNS,
  type AuditEventRow,
  storedAuditEvent,
  verifyAuditChain,
} from '../../apps/api/src/audit/audit-verification';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { ScheduledJobs } from '../../apps/api/src/jobs/scheduled-jobs';
import { EXIT_BROKEN, EXIT_INTACT, runAuditVerify } from '../../db/audit-verify';
import { applyAppGrants } from '../../db/database-grants';
import { dropDatabase, ensureDatabase, ensureDatabaseRoles } from '../../db/provision/index.mts';
import { connect } from '../support/given';
import { TEST_ROLE_PASSWORDS, TEST_ROLES } from '../support/global-setup';

/*
 * Issue 10, item 8: the audit chain anchored outside the database. An attacker with the owner's (or a
 * superuser's) database access can rewrite the chain and recompute every hash so that it verifies on
 * its own; a signed anchor written before gives it away. Altering the anchor file breaks a signature.
 */

const audit = new AuditService();

function record(dataSource: DataSource, peopleEvicted: number): Promise<void> {
  return dataSource.transaction((manager) =>
    audit.record(manager, {
      actorId: null,
      action: 'update',
      entity: 'observations',
      entityId: randomUUID(),
      diff: { peopleEvicted: { before: peopleEvicted - 1, after: peopleEvicted } },
    }),
  );
}

/** What verify prints and returns for the database and the anchor files. */
async function verify(url: string, paths: AnchorPaths): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runAuditVerify(
    url,
    (line) => lines.push(line),
    paths,
    (line) => lines.push(line),
  );
  return { code, lines };
}

/** Rewrites event `id`'s diff and recomputes every hash from it on, as an attacker would. */
async function rewriteChainFrom(owner: DataSource, id: string): Promise<void> {
  await owner.transaction(async (manager) => {
    await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    await manager.query(
      `UPDATE audit_events SET diff = jsonb_set(diff, '{peopleEvicted,after}', '0') WHERE id = $1`,
      [id],
    );
    const rows = (await manager.query(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e WHERE e.id >= $1 ORDER BY e.id`,
      [id],
    )) as AuditEventRow[];
    const [before] = (await manager.query(
      `SELECT hash FROM audit_events WHERE id < $1 ORDER BY id DESC LIMIT 1`,
      [id],
    )) as { hash: string }[];
    let prevHash = before?.hash as string;
    for (const row of rows) {
      const { id: rowId, hash: _hash, ...content } = storedAuditEvent(row);
      const hash = hashAuditEvent({ ...content, prevHash });
      await manager.query(`UPDATE audit_events SET prev_hash = $2, hash = $3 WHERE id = $1`, [
        rowId,
        prevHash,
        hash,
      ]);
      prevHash = hash;
    }
    await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
  });
}

describe('audit anchors', () => {
  const adminUrl = (): string => inject('adminDatabaseUrl');
  const name = `vigie_test_anchors_${Date.now()}_${process.pid}`;
  let dir: string;
  let paths: AnchorPaths;
  let appUrl: string;
  let app: DataSource;
  let owner: DataSource;
  let service: AuditAnchorService;

  beforeAll(async () => {
    // A database of its own: the chain is rewritten below, and the run's is shared by every file.
    await ensureDatabase(adminUrl(), name);
    const roles = await ensureDatabaseRoles(adminUrl(), name, TEST_ROLES, TEST_ROLE_PASSWORDS);
    owner = await connect(roles.ownerUrl);
    await owner.runMigrations();
    await applyAppGrants((sql, parameters) => owner.query(sql, parameters), { app: TEST_ROLES.app });
    appUrl = roles.appUrl;
    app = await connect(appUrl);
    dir = mkdtempSync(join(tmpdir(), 'vigie-anchors-'));
    const config = loadConfig({
      DATABASE_URL: appUrl,
      VIGIE_SCHEDULED_JOBS: 'false',
      VIGIE_AUDIT_ANCHOR_FILE: join(dir, 'anchors.jsonl'),
      VIGIE_AUDIT_ANCHOR_KEY: join(dir, 'keys', 'anchor.key'),
    });
    service = new AuditAnchorService(app, config, new ScheduledJobs(config));
    paths = service.paths;
  }, 120_000);

  afterAll(async () => {
    await app?.destroy();
    await owner?.destroy();
    await dropDatabase(adminUrl(), name);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes its files from the configuration, the public keys beside the private key', () => {
    expect(
      anchorPaths({ VIGIE_AUDIT_ANCHOR_KEY: '/srv/keys/a.key', VIGIE_AUDIT_ANCHOR_FILE: '/srv/a.jsonl' }),
    ).toEqual({
      file: '/srv/a.jsonl',
      keyFile: '/srv/keys/a.key',
      publicKeysFile: '/srv/keys/a.key.pub',
    });
  });

  it('anchors the verified head, signed, in files only the server user can read', async () => {
    for (const people of [10, 11, 12]) await record(app, people);
    const first = await service.run();
    for (const people of [13, 14]) await record(app, people);
    const second = await service.run();
    const verdict = await verifyAuditChain(app);

    expect(first).toMatchObject({ count: 3 });
    expect(second).toMatchObject({ count: 5 });
    expect(verdict).toMatchObject({ ok: true, count: 5, headHash: second.headHash });
    expect(statSync(paths.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(paths.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(paths.publicKeysFile, 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
    expect(await verify(appUrl, paths)).toEqual({
      code: EXIT_INTACT,
      lines: [
        `Audit chain OK: 5 events, head ${second.headHash}`,
        `Audit anchors OK: 2 anchor(s) in ${paths.file} match the chain`,
      ],
    });
  });

  it('verify needs the public key only', async () => {
    const publicOnly = { ...paths, keyFile: join(dir, 'absent.key') };
    expect((await verify(appUrl, publicOnly)).code).toBe(EXIT_INTACT);
  });

  it('a line of the anchor file altered: its signature fails', async () => {
    const lines = readFileSync(paths.file, 'utf8').trimEnd().split('\n');
    const altered = JSON.parse(lines[0] as string) as { count: number };
    altered.count = 2;
    const file = join(dir, 'altered.jsonl');
    writeFileSync(file, `${[JSON.stringify(altered), ...lines.slice(1)].join('\n')}\n`);

    const result = await verify(appUrl, { ...paths, file });

    expect(result.code).toBe(EXIT_BROKEN);
    expect(result.lines).toContain(
      `Audit anchor FAILED: line 1 of ${file} has an invalid signature (the line was altered)`,
    );
  });

  it('a line removed from the anchor file shows', async () => {
    const lines = readFileSync(paths.file, 'utf8').trimEnd().split('\n');
    const file = join(dir, 'shortened.jsonl');
    writeFileSync(file, `${lines.slice(1).join('\n')}\n`);

    const result = await verify(appUrl, { ...paths, file });

    expect(result.code).toBe(EXIT_BROKEN);
    expect(result.lines).toContain(
      `Audit anchor FAILED: line 1 of ${file} does not follow the line before it (a line was removed or altered)`,
    );
  });

  it('an anchor signed by another key is refused', async () => {
    const other = mkdtempSync(join(dir, 'other-'));
    const forged = {
      file: join(other, 'anchors.jsonl'),
      keyFile: join(other, 'k.key'),
      publicKeysFile: join(other, 'k.pub'),
    };
    appendAnchor(forged, 5, '0'.repeat(64));

    const result = await verify(appUrl, { ...paths, file: forged.file });

    expect(result.code).toBe(EXIT_BROKEN);
    expect(result.lines.join('\n')).toMatch(/line 1 of .* is signed by an unknown key/);
  });

  it('a count that goes down is reported', async () => {
    const file = join(dir, 'decreasing.jsonl');
    const copy = { ...paths, file };
    writeFileSync(file, readFileSync(paths.file));
    const [{ hash }] = (await app.query(`SELECT hash FROM audit_events ORDER BY id LIMIT 1`)) as {
      hash: string;
    }[];
    appendAnchor(copy, 1, hash);

    const result = await verify(appUrl, copy);

    expect(result.code).toBe(EXIT_BROKEN);
    expect(result.lines).toContain(
      `Audit anchor FAILED: line 3 of ${file} counts 1 events, fewer than the anchor before it (5)`,
    );
  });

  it('the chain rewritten by its owner with every hash recomputed: the chain alone verifies, the anchors do not', async () => {
    const [{ id }] = (await app.query(`SELECT id FROM audit_events ORDER BY id OFFSET 1 LIMIT 1`)) as {
      id: string;
    }[];
    await rewriteChainFrom(owner, id);

    // The attacker's success against the chain on its own…
    expect(await verifyAuditChain(app)).toMatchObject({ ok: true, count: 5 });
    // …is undone by the anchors written before.
    const result = await verify(appUrl, paths);
    expect(result.code).toBe(EXIT_BROKEN);
    expect(result.lines[0]).toMatch(/^Audit chain OK: 5 events/);
    expect(result.lines.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^Audit anchor FAILED: line 1 of .* at 3 events .* the chain was rewritten$`),
      ),
      expect.stringMatching(
        new RegExp(`^Audit anchor FAILED: line 2 of .* at 5 events .* the chain was rewritten$`),
      ),
    ]);
  });

  it('events removed by the owner (the tail cut off): the anchors count more than the chain has', async () => {
    await owner.transaction(async (manager) => {
      await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await manager.query(`DELETE FROM audit_events WHERE id = (SELECT max(id) FROM audit_events)`);
      await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
    });

    const result = await verify(appUrl, paths);

    expect(result.code).toBe(EXIT_BROKEN);
    expect(result.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/line 2 of .* anchors 5 events .* but the intact chain has fewer/),
      ]),
    );
  });

  it('a broken chain is not anchored: the job fails instead of vouching for it', async () => {
    await owner.transaction(async (manager) => {
      await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
      await manager.query(
        `UPDATE audit_events SET action = 'forged' WHERE id = (SELECT min(id) FROM audit_events)`,
      );
      await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
    });
    const before = readFileSync(paths.file, 'utf8');

    await expect(service.run()).rejects.toThrow(
      /Audit chain broken at event \d+ \(hash_mismatch\): not anchored/,
    );
    expect(readFileSync(paths.file, 'utf8')).toBe(before);
  });
});
