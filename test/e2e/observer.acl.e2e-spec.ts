import { describe, it } from 'vitest';
import {
  type AclCase,
  expectAllowed,
  expectEveryRouteCovered,
  expectHistoriesVisible,
  expectObservationsVisible,
  expectRefused,
  newObservation,
  useAclRecords,
} from '../support/acl';
import { createSite, signedInAs, useApi } from '../support/e2e-api';

/**
 * DESIGN §4, `observer`: observations — create, edit own until validated, read all; sites — read,
 * create. The `:draft` observation and the `:site` were made by an admin, so they are not the
 * observer's own.
 */
const ALLOWED: AclCase[] = [
  ['GET /api/auth/me', 200],
  ['POST /api/auth/logout', 204],
  ['POST /api/auth/totp/enrol', 200],
  ['GET /api/meta', 200],
  ['GET /api/communes', 200],
  ['GET /api/communes.geojson', 200],
  ['GET /api/communes/:commune', 200],
  ['GET /api/sites', 200],
  ['GET /api/sites.geojson', 200],
  ['GET /api/sites/:site', 200],
  ['GET /api/sites/:site/history', 200],
  ['POST /api/sites', 201],
  ['GET /api/observations', 200],
  ['GET /api/observations.geojson', 200],
  ['GET /api/observations/:draft', 200],
  ['GET /api/observations/:draft/history', 200],
  ['POST /api/observations', 201],
];

const REFUSED: AclCase[] = [
  ['PUT /api/sites/:site', 403],
  ['PATCH /api/sites/:site', 403],
  ['DELETE /api/sites/:site', 403],
  ['POST /api/sites/:deletedSite/restore', 403],
  ['PUT /api/observations/:draft', 403],
  ['PATCH /api/observations/:draft', 403],
  ['DELETE /api/observations/:draft', 403],
  ['POST /api/observations/:deleted/restore', 403],
  ['GET /api/users', 403],
  ['GET /api/users/:user', 403],
  ['GET /api/users/:user/history', 403],
  ['POST /api/users', 403],
  ['PUT /api/users/:user', 403],
  ['PATCH /api/users/:user', 403],
  ['DELETE /api/users/:user', 403],
  ['POST /api/users/:user/restore', 403],
  ['POST /api/users/:user/reset-password', 403],
  ['POST /api/users/:user/unlock', 403],
  ['POST /api/users/:user/totp/reset', 403],
  ['GET /api/settings/security', 403],
  ['PUT /api/settings/security', 403],
  ['GET /api/audit-events', 403],
  ['GET /api/audit-events/verify', 403],
];

describe('observer access (DESIGN §4)', () => {
  const api = useApi({ role: 'observer' });
  const acl = useAclRecords(api);

  it('names every route in its tables', () => {
    expectEveryRouteCovered([...ALLOWED, ...REFUSED]);
  });

  it.each(ALLOWED)('lets an observer %s (%i)', async (request, status) => {
    await expectAllowed(acl, request, status);
  });

  it.each(REFUSED)('refuses an observer %s with %i and changes nothing', async (request, status) => {
    await expectRefused(acl, request, status);
  });

  it('lets an observer read observations of every review status, in lists and GeoJSON too', async () => {
    await expectObservationsVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('lets an observer read the history of observations of every review status', async () => {
    await expectHistoriesVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('lets an observer edit its own draft observation', async () => {
    const { id } = await newObservation(acl, 'draft', api);
    await expectAllowed(acl, `PATCH /api/observations/${id}`, 200);
    await expectAllowed(acl, `PUT /api/observations/${id}`, 200);
  });

  it('lets an observer edit its own submitted observation (not validated yet)', async () => {
    const { id } = await newObservation(acl, 'submitted', api);
    await expectAllowed(acl, `PATCH /api/observations/${id}`, 200);
  });

  it('refuses an observer editing its own observation once validated', async () => {
    const { id } = await newObservation(acl, 'validated', api);
    await expectRefused(acl, `PATCH /api/observations/${id}`, 403);
    await expectRefused(acl, `PUT /api/observations/${id}`, 403);
  });

  it("refuses an observer editing another observer's draft", async () => {
    const { id } = await newObservation(acl, 'draft', await signedInAs(api, 'observer'));
    await expectRefused(acl, `PATCH /api/observations/${id}`, 403);
    await expectRefused(acl, `PUT /api/observations/${id}`, 403);
  });

  it('refuses an observer deleting even its own draft observation', async () => {
    const { id } = await newObservation(acl, 'draft', api);
    await expectRefused(acl, `DELETE /api/observations/${id}`, 403);
  });

  it('refuses an observer editing or deleting even a site it created', async () => {
    const { id } = await createSite(api);
    await expectRefused(acl, `PATCH /api/sites/${id}`, 403);
    await expectRefused(acl, `PUT /api/sites/${id}`, 403);
    await expectRefused(acl, `DELETE /api/sites/${id}`, 403);
  });
});
