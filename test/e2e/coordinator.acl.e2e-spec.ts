import { it } from 'vitest';
import { describeRoleAccess, expectAllowed, newObservation } from '../support/acl';

/**
 * DESIGN §4, `coordinator`: all field data (observations, incidents, sites), delete and restore
 * included, but not the restricted fields (an incident's testimony); no users, settings or audit
 * trail (`–` in the "users, audit" column).
 */
describeRoleAccess(
  'coordinator',
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
      ['POST /api/observations/:fresh/submit', 200],
      ['POST /api/observations/:fresh/validate', 200],
      ['POST /api/observations/:fresh/return', 200],
      ['GET /api/observations/:draft/duplicates', 200],
      ['POST /api/observations/:fresh/duplicates/:draft/dismiss', 200],
      ['POST /api/observations/:fresh/merge', 200],
      ['GET /api/incidents', 200],
      ['GET /api/incidents.geojson', 200],
      ['GET /api/incidents/:draftIncident', 200],
      ['GET /api/incidents/:draftIncident/history', 200],
      ['POST /api/incidents', 201],
      ['PUT /api/incidents/:fresh', 200],
      ['PATCH /api/incidents/:fresh', 200],
      ['DELETE /api/incidents/:fresh', 200],
      ['POST /api/incidents/:fresh/restore', 200],
      ['POST /api/incidents/:fresh/submit', 200],
      ['POST /api/incidents/:fresh/validate', 200],
      ['POST /api/incidents/:fresh/return', 200],
    ],
    refused: [
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
    readsRestricted: false,
  },
  (acl) => {
    it('lets a coordinator edit, delete and restore an observation someone else validated', async () => {
      const { id: validated } = await newObservation(acl, 'validated');
      await expectAllowed(acl, `PATCH /api/observations/${validated}`, 200);
      await expectAllowed(acl, `DELETE /api/observations/${validated}`, 200);
      await expectAllowed(acl, `POST /api/observations/${validated}/restore`, 200);
    });
  },
);
