import { describe, it } from 'vitest';
import {
  type AclCase,
  expectAllowed,
  expectEveryRouteCovered,
  expectHistoriesVisible,
  expectObservationsVisible,
  useAclRecords,
} from '../support/acl';
import { useApi } from '../support/e2e-api';

/** DESIGN §4, `admin`: everything, users, settings and the audit trail included. */
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
  ['PUT /api/sites/:fresh', 200],
  ['PATCH /api/sites/:fresh', 200],
  ['DELETE /api/sites/:fresh', 200],
  ['POST /api/sites/:fresh/restore', 200],
  ['GET /api/observations', 200],
  ['GET /api/observations.geojson', 200],
  ['GET /api/observations/:draft', 200],
  ['GET /api/observations/:draft/history', 200],
  ['POST /api/observations', 201],
  ['PUT /api/observations/:fresh', 200],
  ['PATCH /api/observations/:fresh', 200],
  ['DELETE /api/observations/:fresh', 200],
  ['POST /api/observations/:fresh/restore', 200],
  ['GET /api/users', 200],
  ['GET /api/users/:user', 200],
  ['GET /api/users/:user/history', 200],
  ['POST /api/users', 201],
  ['PUT /api/users/:fresh', 200],
  ['PATCH /api/users/:fresh', 200],
  ['DELETE /api/users/:fresh', 200],
  ['POST /api/users/:fresh/restore', 200],
  ['POST /api/users/:fresh/reset-password', 200],
  ['POST /api/users/:fresh/unlock', 200],
  ['POST /api/users/:fresh/totp/reset', 200],
  ['GET /api/settings/security', 200],
  ['PUT /api/settings/security', 200],
  ['GET /api/audit-events', 200],
  ['GET /api/audit-events/verify', 200],
];

describe('admin access (DESIGN §4)', () => {
  const api = useApi({ role: 'admin' });
  const acl = useAclRecords(api);

  it('names every route in its table', () => {
    expectEveryRouteCovered(ALLOWED);
  });

  it.each(ALLOWED)('lets an admin %s (%i)', async (request, status) => {
    await expectAllowed(acl, request, status);
  });

  it('lets an admin read observations of every review status, in lists and GeoJSON too', async () => {
    await expectObservationsVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('lets an admin read the history of observations of every review status', async () => {
    await expectHistoriesVisible(acl, ['draft', 'submitted', 'validated']);
  });
});
