import { expect, it } from 'vitest';
import {
  describeRoleAccess,
  expectAllowed,
  expectRefused,
  imageUpload,
  newIncident,
  newObservation,
  IMPORT_ROUTES,
} from '../support/acl';
import { uploadOk } from '../support/attachments';
import { createSite, idFilter, idsOf, signedInAs } from '../support/e2e-api';

/**
 * DESIGN §4, `observer`: observations and incidents — create, edit own until validated, read all
 * (not the restricted testimony); sites — read, create; evidence files — upload, read its own
 * uploads only (another's file is "not visible": 404), never change, delete or restore one. The
 * `:draft` observation, the `:draftIncident`, the `:site` and the attachments were made by an
 * admin, so they are not the observer's own.
 */
describeRoleAccess(
  'observer',
  {
    allowed: [
      ['GET /api/auth/me', 200],
      ['POST /api/auth/logout', 204],
      ['GET /api/auth/tokens', 200],
      ['POST /api/auth/tokens', 201],
      ['DELETE /api/auth/tokens/:fresh', 204],
      ['POST /api/auth/totp/enrol', 200],
      ['GET /api/meta', 200],
      ['GET /api/stats/summary?from=2025-03-01&to=2025-03-31', 200],
      ['GET /api/stats/series?from=2025-03-01&to=2025-03-31&interval=week&metric=evictions', 200],
      ['GET /api/reports', 200],
      ['GET /api/reports/preview?kind=monthly-note&from=2025-03-01&to=2025-03-31&lang=fr', 200],
      ['GET /api/reports/:report', 200],
      ['GET /api/reports/:report/pdf', 200],
      ['GET /api/stats/summary?from=2025-03-01&to=2025-03-31&includeUnvalidated=true', 200],
      ['GET /api/communes', 200],
      ['GET /api/communes.geojson', 200],
      ['GET /api/communes/:commune', 200],
      ['GET /api/sites', 200],
      ['GET /api/sites.geojson', 200],
      ['GET /api/sites/:site', 200],
      ['GET /api/sites/:site/history', 200],
      ['POST /api/sites', 201],
      ['GET /api/observations', 200],
      ['GET /api/observations.geojson', 200],
      ['GET /api/observations/tiles/0/0/0.mvt', 200],
      ['GET /api/observations/:draft', 200],
      ['GET /api/observations/:draft/history', 200],
      ['GET /api/observations/:draft/duplicates', 200],
      ['POST /api/observations', 201],
      ['GET /api/incidents', 200],
      ['GET /api/incidents.geojson', 200],
      ['GET /api/incidents/tiles/0/0/0.mvt', 200],
      ['GET /api/incidents/:draftIncident', 200],
      ['GET /api/incidents/:draftIncident/history', 200],
      ['POST /api/incidents', 201],
      ['GET /api/attachments', 200],
      ['POST /api/attachments', 201],
    ],
    notVisible: [
      'DELETE /api/auth/tokens/:othersToken',
      'GET /api/attachments/:caseAttachment',
      'GET /api/attachments/:attachment',
      'GET /api/attachments/:attachment/content',
      'GET /api/attachments/:attachment/publication',
      'GET /api/attachments/:attachment/thumbnail',
      'GET /api/attachments/:attachment/history',
    ],
    refused: [
      ...IMPORT_ROUTES,
      'GET /api/exports/observations.csv?from=2025-03-01&to=2025-03-31',
      'GET /api/exports/observations.geojson?from=2025-03-01&to=2025-03-31',
      'GET /api/exports/observations.xlsx?from=2025-03-01&to=2025-03-31',
      'GET /api/exports/incidents.csv?from=2025-03-01&to=2025-03-31',
      'GET /api/exports/incidents.xlsx?from=2025-03-01&to=2025-03-31',
      'GET /api/exports/datapackage.zip?from=2025-03-01&to=2025-03-31',
      'GET /api/exports/estimate?file=observations.csv&from=2025-03-01&to=2025-03-31',
      'GET /api/legal-cases',
      'GET /api/legal-cases/:legalCase',
      'GET /api/legal-cases/:legalCase/history',
      'GET /api/legal-cases/:legalCase/hearings.ics',
      'GET /api/legal-cases/:legalCase/events',
      'GET /api/legal-cases/:legalCase/events/:legalEvent',
      'GET /api/legal-cases/:legalCase/events/:legalEvent/history',
      'GET /api/auth/calendar-feed',
      'POST /api/auth/calendar-feed',
      'DELETE /api/auth/calendar-feed',
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
      'POST /api/reports',
      'POST /api/reports/:report/retry',
      'PUT /api/sites/:site',
      'PATCH /api/sites/:site',
      'DELETE /api/sites/:site',
      'POST /api/sites/:deletedSite/restore',
      'PUT /api/observations/:draft',
      'PATCH /api/observations/:draft',
      'DELETE /api/observations/:draft',
      'POST /api/observations/:deleted/restore',
      'POST /api/observations/:draft/submit',
      'POST /api/observations/:submitted/validate',
      'POST /api/observations/:submitted/return',
      'POST /api/observations/:draft/duplicates/:submitted/dismiss',
      'POST /api/observations/:draft/merge',
      'PUT /api/incidents/:draftIncident',
      'PATCH /api/incidents/:draftIncident',
      'DELETE /api/incidents/:draftIncident',
      'POST /api/incidents/:deletedIncident/restore',
      'POST /api/incidents/:draftIncident/submit',
      'POST /api/incidents/:submittedIncident/validate',
      'POST /api/incidents/:submittedIncident/return',
      'PATCH /api/attachments/:attachment',
      'DELETE /api/attachments/:attachment',
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
    ],
    visibleObservations: ['draft', 'submitted', 'validated'],
    visibleIncidents: ['draft', 'submitted', 'validated'],
    readsRestricted: false,
    listedAttachments: [],
  },
  (acl) => {
    /** The observer under test, as the author of records. */
    const self = acl.client;

    it('lets an observer edit its own draft observation', async () => {
      const { id } = await newObservation(acl, 'draft', self);
      await expectAllowed(acl, `PATCH /api/observations/${id}`, 200);
      await expectAllowed(acl, `PUT /api/observations/${id}`, 200);
    });

    it('lets an observer edit its own submitted observation (not validated yet)', async () => {
      const { id } = await newObservation(acl, 'submitted', self);
      await expectAllowed(acl, `PATCH /api/observations/${id}`, 200);
    });

    it('refuses an observer editing its own observation once validated', async () => {
      const { id } = await newObservation(acl, 'validated', self);
      await expectRefused(acl, `PATCH /api/observations/${id}`, 403);
      await expectRefused(acl, `PUT /api/observations/${id}`, 403);
    });

    it('lets an observer submit its own draft observation', async () => {
      const { id } = await newObservation(acl, 'draft', self);
      const response = await expectAllowed(acl, `POST /api/observations/${id}/submit`, 200);
      expect((response.body as { status: string }).status).toBe('submitted');
    });

    it("refuses an observer submitting another observer's draft", async () => {
      const { id } = await newObservation(acl, 'draft', await signedInAs(self, 'observer'));
      await expectRefused(acl, `POST /api/observations/${id}/submit`, 403);
    });

    it('refuses an observer validating or returning even its own submitted observation', async () => {
      const { id } = await newObservation(acl, 'submitted', self);
      await expectRefused(acl, `POST /api/observations/${id}/validate`, 403);
      await expectRefused(acl, `POST /api/observations/${id}/return`, 403);
    });

    it("refuses an observer editing another observer's draft", async () => {
      const { id } = await newObservation(acl, 'draft', await signedInAs(self, 'observer'));
      await expectRefused(acl, `PATCH /api/observations/${id}`, 403);
      await expectRefused(acl, `PUT /api/observations/${id}`, 403);
    });

    it('refuses an observer deleting even its own draft observation', async () => {
      const { id } = await newObservation(acl, 'draft', self);
      await expectRefused(acl, `DELETE /api/observations/${id}`, 403);
    });

    it('lets an observer edit and submit its own draft incident, until it is validated', async () => {
      const { id } = await newIncident(acl, 'draft', self);
      await expectAllowed(acl, `PATCH /api/incidents/${id}`, 200);
      await expectAllowed(acl, `PUT /api/incidents/${id}`, 200);
      const response = await expectAllowed(acl, `POST /api/incidents/${id}/submit`, 200);
      expect((response.body as { status: string }).status).toBe('submitted');
      await expectAllowed(acl, `PATCH /api/incidents/${id}`, 200);
      const validated = await newIncident(acl, 'validated', self);
      await expectRefused(acl, `PATCH /api/incidents/${validated.id}`, 403);
      await expectRefused(acl, `PUT /api/incidents/${validated.id}`, 403);
    });

    it("refuses an observer editing or submitting another observer's draft incident", async () => {
      const { id } = await newIncident(acl, 'draft', await signedInAs(self, 'observer'));
      await expectRefused(acl, `PATCH /api/incidents/${id}`, 403);
      await expectRefused(acl, `POST /api/incidents/${id}/submit`, 403);
    });

    it('refuses an observer deleting, validating or returning even its own incident', async () => {
      const { id } = await newIncident(acl, 'submitted', self);
      await expectRefused(acl, `DELETE /api/incidents/${id}`, 403);
      await expectRefused(acl, `POST /api/incidents/${id}/validate`, 403);
      await expectRefused(acl, `POST /api/incidents/${id}/return`, 403);
    });

    it('lets an observer read the file it uploaded, its bytes, copies and history, and find it in the list', async () => {
      const own = await uploadOk(self, imageUpload(acl.records.validated.id));
      for (const part of ['', '/content', '/publication', '/thumbnail', '/history']) {
        await expectAllowed(acl, `GET /api/attachments/${own.id}${part}`, 200);
      }
      const list = await self.get(`/api/attachments?${idFilter([own.id, acl.records.attachment.id])}`);
      expect(idsOf(list)).toEqual([own.id]);
    });

    it('refuses an observer changing, deleting or restoring even a file it uploaded', async () => {
      const own = await uploadOk(self, imageUpload(acl.records.validated.id));
      await expectRefused(acl, `PATCH /api/attachments/${own.id}`, 403);
      await expectRefused(acl, `DELETE /api/attachments/${own.id}`, 403);
      expect((await acl.admin.delete(`/api/attachments/${own.id}`)).status).toBe(200);
      await expectRefused(acl, `POST /api/attachments/${own.id}/restore`, 403);
    });

    it('refuses an observer editing or deleting even a site it created', async () => {
      const { id } = await createSite(self);
      await expectRefused(acl, `PATCH /api/sites/${id}`, 403);
      await expectRefused(acl, `PUT /api/sites/${id}`, 403);
      await expectRefused(acl, `DELETE /api/sites/${id}`, 403);
    });
  },
);
