import { it } from 'vitest';
import { describeRoleAccess, expectRefused } from '../support/acl';

/**
 * DESIGN §4, `legal`: observations and incidents — read all, the restricted testimony included;
 * sites — read; no users, settings or audit trail.
 */
describeRoleAccess(
  'legal',
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
      ['GET /api/observations/:draft', 200],
      ['GET /api/observations/:draft/history', 200],
      ['GET /api/observations/:draft/duplicates', 200],
      ['GET /api/incidents', 200],
      ['GET /api/incidents.geojson', 200],
      ['GET /api/incidents/:draftIncident', 200],
      ['GET /api/incidents/:draftIncident/history', 200],
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
      'POST /api/observations/:draft/duplicates/:submitted/dismiss',
      'POST /api/observations/:draft/merge',
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
    visibleObservations: ['draft', 'submitted', 'validated'],
    visibleIncidents: ['draft', 'submitted', 'validated'],
    readsRestricted: true,
  },
  (acl) => {
    it('refuses a legal user editing a draft observation as well as a validated one', async () => {
      await expectRefused(acl, 'PATCH /api/observations/:draft', 403);
    });
  },
);
