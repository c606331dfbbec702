import { it } from 'vitest';
import { describeRoleAccess, expectRefused } from '../support/acl';

/**
 * DESIGN §4, `communication`: observations — read validated ones; sites — read; no users,
 * settings or audit trail. It may read observations, so an unvalidated one is "not visible": 404.
 */
describeRoleAccess(
  'communication',
  {
    allowed: [
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
      ['GET /api/observations/:validated', 200],
      ['GET /api/observations/:validated/history', 200],
    ],
    notVisible: [
      'GET /api/observations/:draft',
      'GET /api/observations/:submitted',
      'GET /api/observations/:draft/history',
      'GET /api/observations/:submitted/history',
    ],
    refused: [
      'POST /api/sites',
      'PUT /api/sites/:site',
      'PATCH /api/sites/:site',
      'DELETE /api/sites/:site',
      'POST /api/sites/:deletedSite/restore',
      'POST /api/observations',
      'PUT /api/observations/:validated',
      'PATCH /api/observations/:validated',
      'DELETE /api/observations/:validated',
      'POST /api/observations/:deleted/restore',
      'POST /api/observations/:draft/submit',
      'POST /api/observations/:submitted/validate',
      'POST /api/observations/:submitted/return',
      'GET /api/users',
      'GET /api/users/:user',
      'GET /api/users/:user/history',
      'POST /api/users',
      'PUT /api/users/:user',
      'PATCH /api/users/:user',
      'DELETE /api/users/:user',
      'POST /api/users/:user/restore',
      'POST /api/users/:user/reset-password',
      'POST /api/users/:user/unlock',
      'POST /api/users/:user/totp/reset',
      'GET /api/settings/security',
      'PUT /api/settings/security',
      'GET /api/audit-events',
      'GET /api/audit-events/verify',
    ],
    visibleObservations: ['validated'],
  },
  (acl) => {
    it('refuses a communication user editing a draft with the same 403 as a validated one, so ids do not leak', async () => {
      await expectRefused(acl, 'PATCH /api/observations/:draft', 403);
      await expectRefused(acl, 'DELETE /api/observations/:draft', 403);
    });
  },
);
