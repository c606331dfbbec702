import { describe, it } from 'vitest';
import {
  type AclCase,
  expectAllowed,
  expectEveryRouteCovered,
  expectRefused,
  useAclRecords,
} from '../support/acl';
import { useApi } from '../support/e2e-api';

/**
 * DESIGN §4, `researcher`: `–` for observations, sites and users/audit (it gets research-level
 * exports and statistics, not wired yet); of today's routes, only its session and the reference
 * data (communes, installation facts).
 */
const ALLOWED: AclCase[] = [
  ['GET /api/auth/me', 200],
  ['POST /api/auth/logout', 204],
  ['POST /api/auth/totp/enrol', 200],
  ['GET /api/meta', 200],
  ['GET /api/communes', 200],
  ['GET /api/communes.geojson', 200],
  ['GET /api/communes/:commune', 200],
];

const REFUSED: AclCase[] = [
  ['GET /api/sites', 403],
  ['GET /api/sites.geojson', 403],
  ['GET /api/sites/:site', 403],
  ['GET /api/sites/:site/history', 403],
  ['POST /api/sites', 403],
  ['PUT /api/sites/:site', 403],
  ['PATCH /api/sites/:site', 403],
  ['DELETE /api/sites/:site', 403],
  ['POST /api/sites/:deletedSite/restore', 403],
  ['GET /api/observations', 403],
  ['GET /api/observations.geojson', 403],
  ['GET /api/observations/:validated', 403],
  ['GET /api/observations/:validated/history', 403],
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

describe('researcher access (DESIGN §4)', () => {
  const api = useApi({ role: 'researcher' });
  const acl = useAclRecords(api);

  it('names every route in its tables', () => {
    expectEveryRouteCovered([...ALLOWED, ...REFUSED]);
  });

  it.each(ALLOWED)('lets a researcher %s (%i)', async (request, status) => {
    await expectAllowed(acl, request, status);
  });

  it.each(REFUSED)('refuses a researcher %s with %i and changes nothing', async (request, status) => {
    await expectRefused(acl, request, status);
  });

  it('refuses a researcher a draft observation with the same 403 as a validated one', async () => {
    await expectRefused(acl, 'GET /api/observations/:draft', 403);
  });
});
