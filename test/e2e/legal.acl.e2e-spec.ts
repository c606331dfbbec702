import { describe, it } from 'vitest';
import {
  type AclCase,
  expectAllowed,
  expectEveryRouteCovered,
  expectHistoriesVisible,
  expectObservationsVisible,
  expectRefused,
  useAclRecords,
} from '../support/acl';
import { useApi } from '../support/e2e-api';

/** DESIGN §4, `legal`: observations — read all; sites — read; no users, settings or audit trail. */
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
  ['GET /api/observations', 200],
  ['GET /api/observations.geojson', 200],
  ['GET /api/observations/:draft', 200],
  ['GET /api/observations/:draft/history', 200],
];

const REFUSED: AclCase[] = [
  ['POST /api/sites', 403],
  ['PUT /api/sites/:site', 403],
  ['PATCH /api/sites/:site', 403],
  ['DELETE /api/sites/:site', 403],
  ['POST /api/sites/:deletedSite/restore', 403],
  ['POST /api/observations', 403],
  ['PUT /api/observations/:validated', 403],
  ['PATCH /api/observations/:validated', 403],
  ['DELETE /api/observations/:validated', 403],
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

describe('legal access (DESIGN §4)', () => {
  const api = useApi({ role: 'legal' });
  const acl = useAclRecords(api);

  it('names every route in its tables', () => {
    expectEveryRouteCovered([...ALLOWED, ...REFUSED]);
  });

  it.each(ALLOWED)('lets a legal user %s (%i)', async (request, status) => {
    await expectAllowed(acl, request, status);
  });

  it.each(REFUSED)('refuses a legal user %s with %i and changes nothing', async (request, status) => {
    await expectRefused(acl, request, status);
  });

  it('lets a legal user read observations of every review status, in lists and GeoJSON too', async () => {
    await expectObservationsVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('lets a legal user read the history of observations of every review status', async () => {
    await expectHistoriesVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('refuses a legal user editing a draft observation as well as a validated one', async () => {
    await expectRefused(acl, 'PATCH /api/observations/:draft', 403);
  });
});
