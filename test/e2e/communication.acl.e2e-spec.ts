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

/**
 * DESIGN §4, `communication`: observations — read validated ones; sites — read; no users,
 * settings or audit trail. It may read observations, so an unvalidated one is "not visible": 404.
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
  ['GET /api/observations', 200],
  ['GET /api/observations.geojson', 200],
  ['GET /api/observations/:validated', 200],
  ['GET /api/observations/:validated/history', 200],
];

const REFUSED: AclCase[] = [
  ['GET /api/observations/:draft', 404],
  ['GET /api/observations/:submitted', 404],
  ['GET /api/observations/:draft/history', 404],
  ['GET /api/observations/:submitted/history', 404],
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

describe('communication access (DESIGN §4)', () => {
  const api = useApi({ role: 'communication' });
  const acl = useAclRecords(api);

  it('names every route in its tables', () => {
    expectEveryRouteCovered([...ALLOWED, ...REFUSED]);
  });

  it.each(ALLOWED)('lets a communication user %s (%i)', async (request, status) => {
    await expectAllowed(acl, request, status);
  });

  it.each(REFUSED)('refuses a communication user %s with %i and changes nothing', async (request, status) => {
    await expectRefused(acl, request, status);
  });

  it('shows a communication user validated observations only: drafts and submitted ones are 404 and absent from lists and GeoJSON', async () => {
    await expectObservationsVisible(acl, ['validated']);
  });

  it('shows a communication user the history of validated observations only: 404 for the others', async () => {
    await expectHistoriesVisible(acl, ['validated']);
  });

  it('refuses a communication user editing a draft with the same 403 as a validated one, so ids do not leak', async () => {
    await expectRefused(acl, 'PATCH /api/observations/:draft', 403);
    await expectRefused(acl, 'DELETE /api/observations/:draft', 403);
  });
});
