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
import { useApi } from '../support/e2e-api';

/** DESIGN §4, `coordinator`: all field data (observations, sites), delete and restore included. */
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
];

/** … and no users, settings or audit trail (`–` in the "users, audit" column). */
const REFUSED: AclCase[] = [
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

describe('coordinator access (DESIGN §4)', () => {
  const api = useApi({ role: 'coordinator' });
  const acl = useAclRecords(api);

  it('names every route in its tables', () => {
    expectEveryRouteCovered([...ALLOWED, ...REFUSED]);
  });

  it.each(ALLOWED)('lets a coordinator %s (%i)', async (request, status) => {
    await expectAllowed(acl, request, status);
  });

  it.each(REFUSED)('refuses a coordinator %s with %i and changes nothing', async (request, status) => {
    await expectRefused(acl, request, status);
  });

  it('lets a coordinator read observations of every review status, in lists and GeoJSON too', async () => {
    await expectObservationsVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('lets a coordinator read the history of observations of every review status', async () => {
    await expectHistoriesVisible(acl, ['draft', 'submitted', 'validated']);
  });

  it('lets a coordinator edit, delete and restore an observation someone else validated', async () => {
    const { id: validated } = await newObservation(acl, 'validated');
    await expectAllowed(acl, `PATCH /api/observations/${validated}`, 200);
    await expectAllowed(acl, `DELETE /api/observations/${validated}`, 200);
    await expectAllowed(acl, `POST /api/observations/${validated}/restore`, 200);
  });
});
