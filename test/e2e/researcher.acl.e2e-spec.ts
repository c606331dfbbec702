import { it } from 'vitest';
import { describeRoleAccess, expectRefused } from '../support/acl';

/**
 * DESIGN §4, `researcher`: `–` for observations, sites and users/audit (it gets research-level
 * exports and statistics, not wired yet); of today's routes, only its session and the reference
 * data (communes, installation facts). It may not read observations at all, so it sees none.
 */
describeRoleAccess(
  'researcher',
  {
    allowed: [
      ['GET /api/auth/me', 200],
      ['POST /api/auth/logout', 204],
      ['POST /api/auth/totp/enrol', 200],
      ['GET /api/meta', 200],
      ['GET /api/communes', 200],
      ['GET /api/communes.geojson', 200],
      ['GET /api/communes/:commune', 200],
    ],
    refused: [
      'GET /api/sites',
      'GET /api/sites.geojson',
      'GET /api/sites/:site',
      'GET /api/sites/:site/history',
      'POST /api/sites',
      'PUT /api/sites/:site',
      'PATCH /api/sites/:site',
      'DELETE /api/sites/:site',
      'POST /api/sites/:deletedSite/restore',
      'GET /api/observations',
      'GET /api/observations.geojson',
      'GET /api/observations/:validated',
      'GET /api/observations/:validated/history',
      'POST /api/observations',
      'PUT /api/observations/:validated',
      'PATCH /api/observations/:validated',
      'DELETE /api/observations/:validated',
      'POST /api/observations/:deleted/restore',
      'POST /api/observations/:draft/submit',
      'POST /api/observations/:submitted/validate',
      'POST /api/observations/:submitted/return',
      'GET /api/observations/:draft/duplicates',
      'POST /api/observations/:draft/duplicates/:submitted/dismiss',
      'POST /api/observations/:draft/merge',
      'GET /api/incidents',
      'GET /api/incidents.geojson',
      'GET /api/incidents/:validatedIncident',
      'GET /api/incidents/:validatedIncident/history',
      'POST /api/incidents',
      'PUT /api/incidents/:validatedIncident',
      'PATCH /api/incidents/:validatedIncident',
      'DELETE /api/incidents/:validatedIncident',
      'POST /api/incidents/:deletedIncident/restore',
      'POST /api/incidents/:draftIncident/submit',
      'POST /api/incidents/:submittedIncident/validate',
      'POST /api/incidents/:submittedIncident/return',
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
  },
  (acl) => {
    it('refuses a researcher a draft observation with the same 403 as a validated one', async () => {
      await expectRefused(acl, 'GET /api/observations/:draft', 403);
    });
  },
);
