import { expect, it } from 'vitest';
import { describeRoleAccess, expectRefused, newIncident, IMPORT_ROUTES } from '../support/acl';
import { expectApiError } from '../support/e2e-api';

/**
 * DESIGN §4, `communication`: observations and incidents — read validated ones (an incident's
 * public summary only with publication consent, never its testimony); sites — read; evidence files
 * — read those with publication consent on validated records (others "not visible": 404), and of
 * an image the publication copy and thumbnail, not the original (403); no users, settings or audit
 * trail. It may read them, so an unvalidated one is "not visible": 404.
 */
describeRoleAccess(
  'communication',
  {
    allowed: [
      ['GET /api/legal-cases', 200],
      ['GET /api/legal-cases/:legalCase', 200],
      ['GET /api/legal-cases/:legalCase/history', 200],
      ['GET /api/legal-cases/:legalCase/hearings.ics', 200],
      ['GET /api/legal-cases/:legalCase/events', 200],
      ['GET /api/legal-cases/:legalCase/events/:legalEvent', 200],
      ['GET /api/legal-cases/:legalCase/events/:legalEvent/history', 200],
      ['GET /api/auth/calendar-feed', 200],
      ['POST /api/auth/calendar-feed', 201],
      ['DELETE /api/auth/calendar-feed', 204],
      ['GET /api/auth/me', 200],
      ['POST /api/auth/logout', 204],
      ['GET /api/auth/tokens', 200],
      ['POST /api/auth/tokens', 201],
      ['DELETE /api/auth/tokens/:fresh', 204],
      ['POST /api/auth/totp/enrol', 200],
      ['GET /api/meta', 200],
      ['GET /api/stats/summary?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/stats/series?from=2025-03-01&to=2025-03-31&interval=week&metric=evictions', 200],
      ['GET /api/exports/observations.csv?from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/exports/observations.geojson?from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/exports/observations.xlsx?from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/exports/incidents.csv?from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/exports/incidents.xlsx?from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/exports/datapackage.zip?from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/exports/observations.csv?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/exports/observations.geojson?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/exports/observations.xlsx?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/exports/incidents.csv?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/exports/incidents.xlsx?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/exports/datapackage.zip?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/exports/estimate?file=observations.csv&from=2025-03-01&to=2025-03-31&level=internal', 200],
      ['GET /api/reports', 200],
      ['GET /api/reports/preview?kind=monthly-note&from=2025-03-01&to=2025-03-31&lang=fr', 200],
      ['GET /api/reports/:report', 200],
      ['GET /api/reports/:report/pdf', 200],
      ['POST /api/reports', 202],
      ['POST /api/reports/:fresh/retry', 202],
      ['GET /api/communes', 200],
      ['GET /api/communes.geojson', 200],
      ['GET /api/communes/:commune', 200],
      ['GET /api/sites', 200],
      ['GET /api/sites.geojson', 200],
      ['GET /api/sites/:site', 200],
      ['GET /api/sites/:site/history', 200],
      ['GET /api/observations', 200],
      ['GET /api/observations.geojson', 200],
      ['GET /api/observations/tiles/0/0/0.mvt', 200],
      ['GET /api/observations/:validated', 200],
      ['GET /api/observations/:validated/history', 200],
      ['GET /api/observations/:validated/duplicates', 200],
      ['GET /api/incidents', 200],
      ['GET /api/incidents.geojson', 200],
      ['GET /api/incidents/tiles/0/0/0.mvt', 200],
      ['GET /api/incidents/:validatedIncident', 200],
      ['GET /api/incidents/:validatedIncident/history', 200],
      ['GET /api/attachments', 200],
      ['GET /api/attachments/:publicAttachment', 200],
      ['GET /api/attachments/:publicAttachment/publication', 200],
      ['GET /api/attachments/:publicAttachment/thumbnail', 200],
      ['GET /api/attachments/:publicAttachment/history', 200],
    ],
    notVisible: [
      'DELETE /api/auth/tokens/:othersToken',
      'GET /api/legal-cases/:preparingCase',
      'GET /api/legal-cases/:deletedCase',
      'GET /api/legal-cases/:preparingCase/history',
      'GET /api/legal-cases/:preparingCase/events',
      'GET /api/legal-cases/:preparingCase/hearings.ics',
      'GET /api/attachments/:caseAttachment',
      'GET /api/observations/:draft',
      'GET /api/observations/:submitted',
      'GET /api/observations/:draft/history',
      'GET /api/observations/:draft/duplicates',
      'GET /api/observations/:submitted/history',
      'GET /api/incidents/:draftIncident',
      'GET /api/incidents/:submittedIncident',
      'GET /api/incidents/:draftIncident/history',
      'GET /api/incidents/:submittedIncident/history',
      'GET /api/attachments/:attachment',
      'GET /api/attachments/:attachment/content',
      'GET /api/attachments/:attachment/publication',
      'GET /api/attachments/:attachment/thumbnail',
      'GET /api/attachments/:attachment/history',
      // Deleted records are not theirs to read (issue 10, item 5).
      'GET /api/sites/:deletedSite',
      'GET /api/sites/:deletedSite/history',
    ],
    refused: [
      ...IMPORT_ROUTES,
      'POST /api/legal-cases',
      'PUT /api/legal-cases/:legalCase',
      'PATCH /api/legal-cases/:legalCase',
      'DELETE /api/legal-cases/:legalCase',
      'POST /api/legal-cases/:deletedCase/restore',
      'POST /api/legal-cases/:legalCase/events',
      'PATCH /api/legal-cases/:legalCase/events/:legalEvent',
      'DELETE /api/legal-cases/:legalCase/events/:legalEvent',
      'POST /api/legal-cases/:legalCase/events/:legalEvent/restore',
      'GET /api/legal-cases.geojson',
      'GET /api/legal-cases/:legalCase/deadlines',
      'GET /api/legal-cases/:legalCase/deadlines/:deadline',
      'GET /api/legal-cases/:legalCase/deadlines/:deadline/history',
      'POST /api/legal-cases/:legalCase/deadlines',
      'PATCH /api/legal-cases/:legalCase/deadlines/:deadline',
      'DELETE /api/legal-cases/:legalCase/deadlines/:deadline',
      'POST /api/legal-cases/:legalCase/deadlines/:deadline/restore',
      'GET /api/legal-cases/:legalCase/evidence',
      'GET /api/legal-cases/:legalCase/evidence/in-perimeter',
      'GET /api/legal-cases/:legalCase/evidence/:evidence',
      'GET /api/legal-cases/:legalCase/evidence/:evidence/history',
      'POST /api/legal-cases/:legalCase/evidence',
      'POST /api/legal-cases/:legalCase/evidence/batch',
      'PATCH /api/legal-cases/:legalCase/evidence/:evidence',
      'DELETE /api/legal-cases/:legalCase/evidence/:evidence',
      'POST /api/legal-cases/:legalCase/evidence/:evidence/restore',
      'GET /api/deadlines',
      'GET /api/deadlines.ics',
      'GET /api/deadlines/:deadline',
      'GET /api/legal-rules',
      'GET /api/legal-rules/echr_application',
      'POST /api/legal-rules/echr_application/confirm',
      'DELETE /api/legal-rules/echr_application/confirm',
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
      'GET /api/attachments/:publicAttachment/content',
      'POST /api/attachments',
      'PATCH /api/attachments/:publicAttachment',
      'DELETE /api/attachments/:publicAttachment',
      'POST /api/attachments/:deletedAttachment/restore',
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
      'GET /api/backups',
      'GET /api/backups/status',
      'POST /api/backups',
      'GET /api/audit-events',
      'GET /api/audit-events/verify',
      'GET /api/audit-events/:auditEvent',
      'GET /api/stats/summary?from=2025-03-01&to=2025-03-31&includeUnvalidated=true',
    ],
    visibleObservations: ['validated'],
    visibleIncidents: ['validated'],
    readsRestricted: false,
    listedAttachments: ['publicAttachment'],
  },
  (acl) => {
    it('refuses a communication user editing a draft with the same 403 as a validated one, so ids do not leak', async () => {
      await expectRefused(acl, 'PATCH /api/observations/:draft', 403);
      await expectRefused(acl, 'DELETE /api/observations/:draft', 403);
      await expectRefused(acl, 'PATCH /api/incidents/:draftIncident', 403);
      await expectRefused(acl, 'DELETE /api/incidents/:draftIncident', 403);
    });

    it('refuses a communication user the original of a consented image, saying the copy is what it may have', async () => {
      const { publicAttachment } = acl.records;
      const response = await acl.client.get(`/api/attachments/${publicAttachment.id}/content`);
      expect(expectApiError(response, 403).code).toBe('attachment_original_restricted');
    });

    it('refuses a communication user changing a file it may not see with the same 403 as a visible one, so ids do not leak', async () => {
      await expectRefused(acl, 'PATCH /api/attachments/:attachment', 403);
      await expectRefused(acl, 'DELETE /api/attachments/:attachment', 403);
    });

    it('gives a communication user the public summary of an incident only with publication consent', async () => {
      const without = await newIncident(acl, 'validated');
      const response = await acl.client.get<{ publicSummary: string | null }>(`/api/incidents/${without.id}`);
      expect(response.status).toBe(200);
      expect(without.publicSummary).not.toBeNull();
      expect(response.body.publicSummary).toBeNull();
    });
  },
);
