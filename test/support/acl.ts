import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AttachmentRecord,
  DeadlineRecord,
  IncidentRecord,
  LegalCaseEventRecord,
  LegalCaseRecord,
  LegalEvidenceRecord,
  ObservationRecord,
  ImportDetail,
  ReportRecord,
  Role,
  SiteRecord,
} from '@vigie/domain';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type FormPart, formOf, uploadOk } from './attachments';
import {
  type ApiClient,
  CALAIS_PERIMETER,
  createIncident,
  createLegalCase,
  createObservation,
  createSite,
  expectApiError,
  idFilter,
  incidentInput,
  legalCaseInput,
  observationInput,
  signedInAs,
  siteInput,
  uniqueWord,
  useApi,
} from './e2e-api';
import { type JsonResponse, request } from './http';
import { createUser } from './users';

/*
 * Access-control end-to-end tests (`*.acl.e2e-spec.ts`): each role's file holds tables, written
 * from DESIGN §4 by hand, of what the role may do and what it may not, for every route below, and
 * hands them to `describeRoleAccess`, which runs them; the file adds the tests proper to the role.
 *
 * A request in a table is `METHOD /path`, where the path names the record it acts on:
 *   :draft :submitted :validated   observations of that review status, created by an admin
 *   :deleted                       a soft-deleted observation
 *   :draftIncident :submittedIncident :validatedIncident :deletedIncident
 *                                  incidents of that review status (or soft-deleted), created by an
 *                                  admin, each with a testimony
 *   :site :deletedSite             a site, a soft-deleted site
 *   :attachment :publicAttachment  images an admin uploaded to the `:validated` observation, without
 *                                  and with publication consent
 *   :deletedAttachment             a soft-deleted image of the `:validated` observation
 *   :user                          an observer's account
 *   :report                        a done monthly note (its PDF in the file's data directory)
 *   :commune                       Calais (62193)
 *   :legalCase                     a filed case of the admin's (public fields visible to
 *                                  communication), with a restricted note, a perimeter, and
 *   :legalEvent :deadline :evidence  an event (a hearing), a deadline added by hand and an evidence
 *                                  link (the `:submitted` observation) of that case
 *   :preparingCase :deletedCase    a case in preparation, a soft-deleted case
 *   :deletedCaseDeadline           a deadline added by hand to `:deletedCase` before it was deleted
 *   :auditEvent                    the audit event of `:site`'s creation
 *   :caseAttachment                an image attached to `:legalCase` (the case's own file)
 *   :othersToken                   a personal access token of the admin's (another user's token)
 *   :import                        an admin's import of a one-row CSV, mapped (a coordinator may not
 *                                  see it: imports are their creator's and the admins')
 *   :importMapping                 a saved mapping of observations, the admin's
 *   :koboFeed :koboSubmission      a KoboToolbox feed of the admin's on that mapping, and a
 *                                  submission it received and rejected
 *   a literal rule code            for the deadline rules (`/api/legal-rules/echr_application`)
 *   :fresh                         a record made for this one call (an admin's, or a deactivated
 *                                  account / deleted record for a restore, a submitted observation
 *                                  or incident to validate or return; under `:legalCase` an event,
 *                                  a deadline or an evidence link of it; under `/api/auth/tokens` an
 *                                  access token of the client's own; an import of the client's
 *                                  own at the stage the route needs), for changes a role may
 *                                  make, so that they never alter the records other tests read
 * or a literal id, for a record a test made itself.
 */

/** Every route behind a session (all but `GET /api/health` and `POST /api/auth/login`). */
export const ROUTES = [
  'GET /api/auth/me',
  'POST /api/auth/logout',
  'POST /api/auth/totp/enrol',
  'GET /api/meta',
  'GET /api/communes',
  'GET /api/communes.geojson',
  'GET /api/communes/:code',
  'GET /api/sites',
  'GET /api/sites.geojson',
  'GET /api/sites/:id',
  'GET /api/sites/:id/history',
  'POST /api/sites',
  'PUT /api/sites/:id',
  'PATCH /api/sites/:id',
  'DELETE /api/sites/:id',
  'POST /api/sites/:id/restore',
  'GET /api/observations',
  'GET /api/observations.geojson',
  'GET /api/observations/tiles/{z}/{x}/{y}.mvt',
  'GET /api/observations/:id',
  'GET /api/observations/:id/history',
  'POST /api/observations',
  'PUT /api/observations/:id',
  'PATCH /api/observations/:id',
  'DELETE /api/observations/:id',
  'POST /api/observations/:id/restore',
  'POST /api/observations/:id/submit',
  'POST /api/observations/:id/validate',
  'POST /api/observations/:id/return',
  'GET /api/observations/:id/duplicates',
  'POST /api/observations/:id/duplicates/:id/dismiss',
  'POST /api/observations/:id/merge',
  'GET /api/incidents',
  'GET /api/incidents.geojson',
  'GET /api/incidents/tiles/{z}/{x}/{y}.mvt',
  'GET /api/incidents/:id',
  'GET /api/incidents/:id/history',
  'POST /api/incidents',
  'PUT /api/incidents/:id',
  'PATCH /api/incidents/:id',
  'DELETE /api/incidents/:id',
  'POST /api/incidents/:id/restore',
  'POST /api/incidents/:id/submit',
  'POST /api/incidents/:id/validate',
  'POST /api/incidents/:id/return',
  'GET /api/attachments',
  'GET /api/attachments/:id',
  'GET /api/attachments/:id/content',
  'GET /api/attachments/:id/publication',
  'GET /api/attachments/:id/thumbnail',
  'GET /api/attachments/:id/history',
  'POST /api/attachments',
  'PATCH /api/attachments/:id',
  'DELETE /api/attachments/:id',
  'POST /api/attachments/:id/restore',
  'GET /api/users',
  'GET /api/users/:id',
  'GET /api/users/:id/history',
  'POST /api/users',
  'PUT /api/users/:id',
  'PATCH /api/users/:id',
  'DELETE /api/users/:id',
  'POST /api/users/:id/restore',
  'POST /api/users/:id/reset-password',
  'POST /api/users/:id/unlock',
  'POST /api/users/:id/totp/reset',
  'GET /api/settings/security',
  'PUT /api/settings/security',
  'GET /api/backups',
  'GET /api/backups/status',
  'POST /api/backups',
  'GET /api/audit-events',
  'GET /api/audit-events/verify',
  'GET /api/audit-events/:id',
  'GET /api/stats/summary',
  'GET /api/stats/series',
  'GET /api/exports/observations.csv',
  'GET /api/exports/observations.geojson',
  'GET /api/exports/observations.xlsx',
  'GET /api/exports/incidents.csv',
  'GET /api/exports/incidents.xlsx',
  'GET /api/exports/datapackage.zip',
  'GET /api/exports/estimate',
  'GET /api/reports',
  'GET /api/reports/preview',
  'GET /api/reports/:id',
  'GET /api/reports/:id/pdf',
  'POST /api/reports',
  'POST /api/reports/:id/retry',
  'GET /api/legal-cases',
  'GET /api/legal-cases.geojson',
  'GET /api/legal-cases/:id',
  'GET /api/legal-cases/:id/history',
  'POST /api/legal-cases',
  'PUT /api/legal-cases/:id',
  'PATCH /api/legal-cases/:id',
  'DELETE /api/legal-cases/:id',
  'POST /api/legal-cases/:id/restore',
  'GET /api/legal-cases/:id/hearings.ics',
  'GET /api/legal-cases/:id/events',
  'GET /api/legal-cases/:id/events/:id',
  'GET /api/legal-cases/:id/events/:id/history',
  'POST /api/legal-cases/:id/events',
  'PATCH /api/legal-cases/:id/events/:id',
  'DELETE /api/legal-cases/:id/events/:id',
  'POST /api/legal-cases/:id/events/:id/restore',
  'GET /api/legal-cases/:id/deadlines',
  'GET /api/legal-cases/:id/deadlines/:id',
  'GET /api/legal-cases/:id/deadlines/:id/history',
  'POST /api/legal-cases/:id/deadlines',
  'PATCH /api/legal-cases/:id/deadlines/:id',
  'DELETE /api/legal-cases/:id/deadlines/:id',
  'POST /api/legal-cases/:id/deadlines/:id/restore',
  'GET /api/legal-cases/:id/evidence',
  'GET /api/legal-cases/:id/evidence/in-perimeter',
  'GET /api/legal-cases/:id/evidence/:id',
  'GET /api/legal-cases/:id/evidence/:id/history',
  'POST /api/legal-cases/:id/evidence',
  'POST /api/legal-cases/:id/evidence/batch',
  'PATCH /api/legal-cases/:id/evidence/:id',
  'DELETE /api/legal-cases/:id/evidence/:id',
  'POST /api/legal-cases/:id/evidence/:id/restore',
  'GET /api/deadlines',
  'GET /api/deadlines.ics',
  'GET /api/deadlines/:id',
  'GET /api/legal-rules',
  'GET /api/legal-rules/:code',
  'POST /api/legal-rules/:code/confirm',
  'DELETE /api/legal-rules/:code/confirm',
  'GET /api/auth/calendar-feed',
  'POST /api/auth/calendar-feed',
  'DELETE /api/auth/calendar-feed',
  'GET /api/auth/tokens',
  'POST /api/auth/tokens',
  'DELETE /api/auth/tokens/:id',
  'GET /api/imports',
  'POST /api/imports',
  'GET /api/imports/:id',
  'PUT /api/imports/:id/mapping',
  'POST /api/imports/:id/dry-run',
  'GET /api/imports/:id/rows',
  'GET /api/imports/:id/report.csv',
  'POST /api/imports/:id/commit',
  'POST /api/imports/:id/undo',
  'GET /api/import-mappings',
  'POST /api/import-mappings',
  'GET /api/import-mappings/:id',
  'PUT /api/import-mappings/:id',
  'DELETE /api/import-mappings/:id',
  'GET /api/kobo-feeds',
  'POST /api/kobo-feeds',
  'GET /api/kobo-feeds/:id',
  'DELETE /api/kobo-feeds/:id',
  'GET /api/kobo-feeds/:id/submissions',
  'POST /api/kobo-feeds/:id/submissions/:id/retry',
] as const;

/** Self-service second-factor steps that need a code: only checked without a session. */
/** The imports' routes (`imports.manage`: admin, coordinator), refused as a whole to the other roles. */
export const IMPORT_ROUTES = [
  'GET /api/imports',
  'POST /api/imports',
  'GET /api/imports/:import',
  'PUT /api/imports/:import/mapping',
  'POST /api/imports/:import/dry-run',
  'GET /api/imports/:import/rows',
  'GET /api/imports/:import/report.csv',
  'POST /api/imports/:import/commit',
  'POST /api/imports/:import/undo',
  'GET /api/import-mappings',
  'POST /api/import-mappings',
  'GET /api/import-mappings/:importMapping',
  'PUT /api/import-mappings/:importMapping',
  'DELETE /api/import-mappings/:importMapping',
  'GET /api/kobo-feeds',
  'POST /api/kobo-feeds',
  'GET /api/kobo-feeds/:koboFeed',
  'DELETE /api/kobo-feeds/:koboFeed',
  'GET /api/kobo-feeds/:koboFeed/submissions',
  'POST /api/kobo-feeds/:koboFeed/submissions/:koboSubmission/retry',
] as const;

export const TOTP_CODE_ROUTES = ['POST /api/auth/totp/verify', 'POST /api/auth/totp/disable'] as const;

/** A row of a role's table: the request and the status DESIGN §4 gives it. */
export type AclCase = readonly [request: string, status: number];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** `PATCH /api/observations/:draft` → `PATCH /api/observations/:id`. */
export function routeOf(request: string): string {
  return request
    .replace(/\?.*$/, '')
    .replace(/\/tiles\/\d+\/\d+\/\d+\.mvt$/, '/tiles/{z}/{x}/{y}.mvt')
    .replace(/\/communes\/:\w+/, '/communes/:code')
    .replace(/\/legal-rules\/[a-z0-9_]+/, '/legal-rules/:code')
    .replace(/\/:(?!code\b)\w+/g, '/:id')
    .replace(new RegExp(`/${UUID.source}`, 'gi'), '/:id');
}

/**
 * The tables of a role must name every route, so that a new route cannot go unchecked, and give
 * each request one answer only.
 */
function expectEveryRouteCovered(cases: readonly AclCase[]): void {
  const requests = cases.map(([request]) => request);
  expect(
    requests.filter((request, index) => requests.indexOf(request) !== index),
    'requests in more than one row',
  ).toEqual([]);
  const covered = new Set(requests.map(routeOf));
  expect(
    ROUTES.filter((route) => !covered.has(route)),
    'routes missing from the table',
  ).toEqual([]);
  expect(
    [...covered].filter((route) => !(ROUTES as readonly string[]).includes(route)),
    'unknown routes in the table',
  ).toEqual([]);
}

export interface AclRecords {
  draft: ObservationRecord;
  submitted: ObservationRecord;
  validated: ObservationRecord;
  deleted: ObservationRecord;
  draftIncident: IncidentRecord;
  submittedIncident: IncidentRecord;
  validatedIncident: IncidentRecord;
  deletedIncident: IncidentRecord;
  site: SiteRecord;
  deletedSite: SiteRecord;
  attachment: AttachmentRecord;
  publicAttachment: AttachmentRecord;
  deletedAttachment: AttachmentRecord;
  user: { id: string; email: string };
  report: ReportRecord;
  legalCase: LegalCaseRecord;
  preparingCase: LegalCaseRecord;
  deletedCase: LegalCaseRecord;
  deletedCaseDeadline: DeadlineRecord;
  legalEvent: LegalCaseEventRecord;
  deadline: DeadlineRecord;
  evidence: LegalEvidenceRecord;
  caseAttachment: AttachmentRecord;
  /** An audit event's id (a number, as text). */
  auditEvent: string;
  /** A personal access token's id, the admin's. */
  othersToken: string;
  import: ImportDetail;
  importMapping: { id: string };
  koboFeed: { id: string };
  koboSubmission: { id: string };
}

export interface AclContext {
  /** The client signed in as the role under test. */
  client: ApiClient & { dataSource: DataSource };
  /** An admin on the same app, to set up records and read them back. */
  admin: ApiClient;
  records: AclRecords;
}

/**
 * Sets an observation's (or an incident's) review status straight in the database (quicker than
 * the review endpoints).
 */
export async function setStatus(
  dataSource: DataSource,
  id: string,
  status: 'draft' | 'submitted' | 'validated',
  table: 'observations' | 'incidents' = 'observations',
): Promise<void> {
  await dataSource.query(`UPDATE ${table} SET status = $2 WHERE id = $1`, [id, status]);
}

/** The testimony every incident of the ACL files carries: it must never reach the other roles. */
export const ACL_TESTIMONY = 'Témoignage restreint (tests des droits)';

/** The confidential notes of `:legalCase`: they must never reach the roles that may not read them. */
export const ACL_CONFIDENTIAL_NOTES = 'Notes confidentielles (tests des droits)';

/** A case of the admin's, `filed` unless said otherwise, with a restricted note and a perimeter. */
function aclCase(admin: ApiClient, status = 'filed'): Promise<LegalCaseRecord> {
  return createLegalCase(admin, {
    status,
    confidentialNotes: ACL_CONFIDENTIAL_NOTES,
    challengedAct: { perimeter: CALAIS_PERIMETER, validFrom: '2025-01-01' },
  });
}

/** Records hanging from a case, made by the admin: an event, a deadline by hand, an evidence link. */
async function caseChild(
  admin: ApiClient,
  caseId: string,
  kind: 'events' | 'deadlines' | 'evidence',
): Promise<{ id: string }> {
  const body =
    kind === 'events'
      ? { kind: 'hearing', date: '2030-01-15', time: '10:00', title: 'Audience (tests des droits)' }
      : kind === 'deadlines'
        ? { title: 'Échéance (tests des droits)', dueAt: '2030-01-10' }
        : { observationId: (await createObservation(admin)).id };
  const response = await admin.post<{ id: string }>(`/api/legal-cases/${caseId}/${kind}`, body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/**
 * The parts of an image upload to the observation `observationId` (placeholders for an id and an
 * owner are fine where the request never reaches the owner check).
 */
export function imageUpload(observationId: string, extra: readonly FormPart[] = []): FormPart[] {
  return [
    { name: 'observationId', value: observationId },
    { name: 'file', file: fixture('exif-calais.jpg'), filename: 'IMG_acl.jpg', type: 'image/jpeg' },
    ...extra,
  ];
}

/** An admin's image on the observation, with publication consent or not. */
function uploadImage(
  admin: ApiClient,
  observationId: string,
  publication = false,
): Promise<AttachmentRecord> {
  return uploadOk(
    admin,
    imageUpload(observationId, [{ name: 'consent', value: JSON.stringify({ publication }) }]),
  );
}

/** A report row straight in the database: `failed`, or `done` with a small PDF stored in `dataDir`. */
async function insertReport(
  dataSource: DataSource,
  createdBy: string,
  status: 'done' | 'failed',
  dataDir?: string,
): Promise<string> {
  let sha256: string | null = null;
  if (status === 'done') {
    const bytes = Buffer.from(`%PDF-1.4\n% Vigie ACL test ${randomUUID()}\n%%EOF\n`);
    sha256 = createHash('sha256').update(bytes).digest('hex');
    const directory = join(dataDir!, sha256.slice(0, 2), sha256.slice(2, 4));
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, sha256), bytes);
    await dataSource.query(
      `INSERT INTO stored_files (sha256, size_bytes, mime_type) VALUES ($1, $2, 'application/pdf')`,
      [sha256, bytes.length],
    );
  }
  const [row] = (await dataSource.query(
    `INSERT INTO reports (kind, period_from, period_to, lang, status, progress, error, sha256, page_count, figures,
                          attempts, created_by, started_at, finished_at)
     VALUES ('monthly-note', '2025-03-01', '2025-03-31', 'fr', $1, $2, $3, $4, $5, $6, 1, $7, now(), now())
     RETURNING id`,
    [
      status,
      status === 'done' ? 100 : 30,
      status === 'failed' ? 'Rendering failed: ACL test' : null,
      sha256,
      status === 'done' ? 1 : null,
      status === 'done' ? '{}' : null,
      createdBy,
    ],
  )) as { id: string }[];
  return row!.id;
}

/** A live personal access token of the user, straight in the database (its secret is never used). */
async function insertAccessToken(dataSource: DataSource, userId: string): Promise<string> {
  const [row] = (await dataSource.query(
    `INSERT INTO access_tokens (user_id, name, token_hash, prefix, scopes, expires_at)
     VALUES ($1, 'ACL test token', $2, 'vgt_acltest', ARRAY['stats'], now() + interval '30 days') RETURNING id`,
    [userId, createHash('sha256').update(randomUUID()).digest('hex')],
  )) as { id: string }[];
  return row!.id;
}

/** Creates, once for the file, the records the tables refer to. Call after `useApi`. */
function useAclRecords(client: ApiClient & { dataSource: DataSource }, dataDir: string): AclContext {
  const context = { client } as AclContext;
  beforeAll(async () => {
    const admin = await signedInAs(client, 'admin');
    const db = client.dataSource;
    const [draft, submitted, validated, deleted] = await Promise.all(
      [0, 1, 2, 3].map(() => createObservation(admin)),
    );
    await setStatus(db, submitted!.id, 'submitted');
    await setStatus(db, validated!.id, 'validated');
    expect((await admin.delete(`/api/observations/${deleted!.id}`)).status).toBe(200);
    const [draftIncident, submittedIncident, validatedIncident, deletedIncident] = await Promise.all(
      [0, 1, 2, 3].map(() => createIncident(admin, { testimony: ACL_TESTIMONY })),
    );
    await setStatus(db, submittedIncident!.id, 'submitted', 'incidents');
    await setStatus(db, validatedIncident!.id, 'validated', 'incidents');
    expect((await admin.delete(`/api/incidents/${deletedIncident!.id}`)).status).toBe(200);
    const [site, deletedSite] = await Promise.all([createSite(admin), createSite(admin)]);
    expect((await admin.delete(`/api/sites/${deletedSite!.id}`)).status).toBe(200);
    const [attachment, publicAttachment, deletedAttachment] = await Promise.all([
      uploadImage(admin, validated!.id),
      uploadImage(admin, validated!.id, true),
      uploadImage(admin, validated!.id),
    ]);
    expect((await admin.delete(`/api/attachments/${deletedAttachment!.id}`)).status).toBe(200);
    const user = await createUser(db, { role: 'observer' });
    const reportId = await insertReport(db, admin.user!.id, 'done', dataDir);
    const report = (await admin.get<ReportRecord>(`/api/reports/${reportId}`)).body;
    const [legalCase, preparingCase, deletedCase] = await Promise.all([
      aclCase(admin),
      aclCase(admin, 'preparing'),
      aclCase(admin),
    ]);
    const deletedCaseDeadline = (await caseChild(admin, deletedCase!.id, 'deadlines')) as DeadlineRecord;
    expect((await admin.delete(`/api/legal-cases/${deletedCase!.id}`)).status).toBe(200);
    const legalEvent = (await caseChild(admin, legalCase!.id, 'events')) as LegalCaseEventRecord;
    const deadline = (await caseChild(admin, legalCase!.id, 'deadlines')) as DeadlineRecord;
    const evidence = (
      await admin.post<LegalEvidenceRecord>(`/api/legal-cases/${legalCase!.id}/evidence`, {
        observationId: submitted!.id,
      })
    ).body;
    const caseAttachment = await uploadOk(admin, [
      { name: 'legalCaseId', value: legalCase!.id },
      { name: 'file', file: fixture('exif-calais.jpg'), filename: 'IMG_case.jpg', type: 'image/jpeg' },
    ]);
    const siteEvents = await admin.get<{ id: string }[]>(
      `/api/audit-events?entity=sites&entityId=${site!.id}`,
    );
    expect(siteEvents.status, JSON.stringify(siteEvents.body)).toBe(200);
    context.admin = admin;
    context.records = {
      draft: draft!,
      submitted: submitted!,
      validated: validated!,
      deleted: deleted!,
      draftIncident: draftIncident!,
      submittedIncident: submittedIncident!,
      validatedIncident: validatedIncident!,
      deletedIncident: deletedIncident!,
      site: site!,
      deletedSite: deletedSite!,
      attachment: attachment!,
      publicAttachment: publicAttachment!,
      deletedAttachment: deletedAttachment!,
      user,
      report,
      legalCase: legalCase!,
      preparingCase: preparingCase!,
      deletedCase: deletedCase!,
      deletedCaseDeadline,
      legalEvent,
      deadline,
      evidence,
      caseAttachment,
      auditEvent: siteEvents.body[0]!.id,
      othersToken: await insertAccessToken(db, admin.user!.id),
      ...(await importRecords(admin)),
    };
  });
  return context;
}

/** The one-row CSV of the ACL imports: its own description, so that it is always a new record. */
function aclImportForm(): FormData {
  const csv = `Date,Type,Latitude,Longitude,Remarques\r\n2024-06-04T07:30:00+02:00,Expulsion,50.9513,1.8587,Import ${uniqueWord('acl')}\r\n`;
  return formOf([
    { name: 'kind', value: 'observations' },
    { name: 'file', file: Buffer.from(csv), filename: 'acl-import.csv', type: 'text/csv' },
  ]);
}

const ACL_IMPORT_COLUMNS = ['Date', 'Type', 'Latitude', 'Longitude', 'Remarques'];

const ACL_IMPORT_MAPPING = {
  columns: {
    Date: 'startedAt',
    Type: 'kind',
    Latitude: 'location.latitude',
    Longitude: 'location.longitude',
    Remarques: 'description',
  },
};

/** An import of the client's own, taken as far as `stage`. */
async function aclImport(
  client: ApiClient,
  stage: 'uploaded' | 'mapped' | 'checked' | 'committed',
): Promise<ImportDetail> {
  const upload = await client.post<ImportDetail>('/api/imports', aclImportForm());
  expect(upload.status, JSON.stringify(upload.body)).toBe(201);
  const path = `/api/imports/${upload.body.id}`;
  if (stage === 'uploaded') return upload.body;
  const mapped = await client.put<ImportDetail>(`${path}/mapping`, ACL_IMPORT_MAPPING);
  expect(mapped.status, JSON.stringify(mapped.body)).toBe(200);
  if (stage === 'mapped') return mapped.body;
  expect((await client.post(`${path}/dry-run`)).status).toBe(200);
  if (stage === 'committed') expect((await client.post(`${path}/commit`, {})).status).toBe(200);
  return upload.body;
}

async function aclImportMapping(admin: ApiClient): Promise<{ id: string }> {
  const response = await admin.post<{ id: string }>('/api/import-mappings', {
    name: `Mapping ${uniqueWord('acl')}`,
    kind: 'observations',
    columns: ACL_IMPORT_COLUMNS,
    mapping: ACL_IMPORT_MAPPING,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

async function aclKoboFeed(admin: ApiClient, mappingId: string): Promise<{ id: string; url: string }> {
  const response = await admin.post<{ id: string; url: string }>('/api/kobo-feeds', {
    name: `Formulaire ${uniqueWord('acl')}`,
    mappingId,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

/** The admin's import, saved mapping, KoboToolbox feed and a submission the feed rejected. */
async function importRecords(
  admin: ApiClient,
): Promise<Pick<AclRecords, 'import' | 'importMapping' | 'koboFeed' | 'koboSubmission'>> {
  const importMapping = await aclImportMapping(admin);
  const koboFeed = await aclKoboFeed(admin, importMapping.id);
  // Without a date nor a place the submission is rejected, and kept in the feed's rejected list.
  const hook = await request(admin.baseUrl, 'POST', new URL(koboFeed.url).pathname, {
    _uuid: randomUUID(),
    Remarques: 'Soumission incomplète',
  });
  expect(hook.status, JSON.stringify(hook.body)).toBe(400);
  const submissions = await admin.get<{ id: string }[]>(`/api/kobo-feeds/${koboFeed.id}/submissions`);
  expect(submissions.body, JSON.stringify(submissions.body)).toHaveLength(1);
  return {
    import: await aclImport(admin, 'mapped'),
    importMapping,
    koboFeed,
    koboSubmission: submissions.body[0]!,
  };
}

type Resource =
  | 'observations'
  | 'incidents'
  | 'sites'
  | 'attachments'
  | 'users'
  | 'settings'
  | 'backups'
  | 'communes'
  | 'reports'
  | 'legal-cases'
  | 'legal-rules'
  | 'calendar-feed'
  | 'access-tokens'
  | 'imports'
  | 'import-mappings'
  | 'kobo-feeds'
  | 'other';

interface Prepared {
  method: string;
  path: string;
  route: string;
  body?: unknown;
  /** What the request could change, read back as an admin sees it (or from the database). */
  snapshot: () => Promise<unknown>;
}

function resourceOf(route: string): Resource {
  if (route.includes('/auth/calendar-feed')) return 'calendar-feed';
  if (route.includes('/auth/tokens')) return 'access-tokens';
  const [, , segment = ''] = route.split(' ')[1]!.split('/');
  const name = segment.replace(/\.geojson$/, '');
  return (
    (
      [
        'observations',
        'incidents',
        'sites',
        'attachments',
        'users',
        'settings',
        'backups',
        'communes',
        'reports',
        'legal-cases',
        'legal-rules',
        'imports',
        'import-mappings',
        'kobo-feeds',
      ] as const
    ).find((r) => r === name) ?? 'other'
  );
}

async function freshRecord(context: AclContext, route: string): Promise<string> {
  const { admin, client } = context;
  const restore = route.endsWith('/restore');
  switch (resourceOf(route)) {
    case 'observations': {
      const { id } = await createObservation(admin);
      if (restore) expect((await admin.delete(`/api/observations/${id}`)).status).toBe(200);
      if (/\/(validate|return)$/.test(route)) await setStatus(client.dataSource, id, 'submitted');
      return id;
    }
    case 'incidents': {
      const { id } = await createIncident(admin, { testimony: ACL_TESTIMONY });
      if (restore) expect((await admin.delete(`/api/incidents/${id}`)).status).toBe(200);
      if (/\/(validate|return)$/.test(route))
        await setStatus(client.dataSource, id, 'submitted', 'incidents');
      return id;
    }
    case 'sites': {
      const { id } = await createSite(admin);
      if (restore) expect((await admin.delete(`/api/sites/${id}`)).status).toBe(200);
      return id;
    }
    case 'attachments': {
      const { id } = await uploadImage(admin, context.records.validated.id);
      if (restore) expect((await admin.delete(`/api/attachments/${id}`)).status).toBe(200);
      return id;
    }
    case 'reports':
      // A failed report, for a retry.
      return insertReport(client.dataSource, admin.user!.id, 'failed');
    case 'users': {
      const { id } = await createUser(client.dataSource, { role: 'observer' });
      if (restore) await client.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [id]);
      return id;
    }
    case 'legal-cases': {
      // `/api/legal-cases/:fresh…` is a case; `/api/legal-cases/:legalCase/<part>/:fresh` a part of it.
      const part = /^\w+ \/api\/legal-cases\/:id\/(events|deadlines|evidence)\/:id/.exec(route)?.[1] as
        'events' | 'deadlines' | 'evidence' | undefined;
      const caseId = context.records.legalCase.id;
      const { id } = part ? await caseChild(admin, caseId, part) : await aclCase(admin);
      const path = part ? `/api/legal-cases/${caseId}/${part}/${id}` : `/api/legal-cases/${id}`;
      if (restore) expect((await admin.delete(path)).status).toBe(200);
      return id;
    }
    case 'access-tokens':
      return insertAccessToken(client.dataSource, client.user!.id);
    case 'imports': {
      // The client's own import (a coordinator sees no other), at the stage the route needs.
      const stage = route.endsWith('/mapping')
        ? 'uploaded'
        : route.endsWith('/undo')
          ? 'committed'
          : /\/(rows|report\.csv)$/.test(route)
            ? 'checked'
            : 'mapped';
      return (await aclImport(client, stage)).id;
    }
    case 'import-mappings':
      return (await aclImportMapping(admin)).id;
    case 'kobo-feeds':
      return (await aclKoboFeed(admin, context.records.importMapping.id)).id;
    default:
      throw new Error(`no fresh record for ${route}`);
  }
}

async function resolvePath(context: AclContext, route: string, path: string): Promise<string> {
  const { records } = context;
  const ids: Record<string, string> = {
    draft: records.draft.id,
    submitted: records.submitted.id,
    validated: records.validated.id,
    deleted: records.deleted.id,
    draftIncident: records.draftIncident.id,
    submittedIncident: records.submittedIncident.id,
    validatedIncident: records.validatedIncident.id,
    deletedIncident: records.deletedIncident.id,
    site: records.site.id,
    deletedSite: records.deletedSite.id,
    attachment: records.attachment.id,
    publicAttachment: records.publicAttachment.id,
    deletedAttachment: records.deletedAttachment.id,
    user: records.user.id,
    report: records.report.id,
    commune: '62193',
    legalCase: records.legalCase.id,
    preparingCase: records.preparingCase.id,
    deletedCase: records.deletedCase.id,
    deletedCaseDeadline: records.deletedCaseDeadline.id,
    auditEvent: records.auditEvent,
    othersToken: records.othersToken,
    legalEvent: records.legalEvent.id,
    deadline: records.deadline.id,
    evidence: records.evidence.id,
    caseAttachment: records.caseAttachment.id,
    import: records.import.id,
    importMapping: records.importMapping.id,
    koboFeed: records.koboFeed.id,
    koboSubmission: records.koboSubmission.id,
  };
  const fresh = path.includes(':fresh') ? await freshRecord(context, route) : null;
  return path.replace(/:(\w+)/g, (match, name: string) => {
    if (name === 'fresh') return fresh as string;
    const id = ids[name];
    if (id === undefined) throw new Error(`unknown placeholder ${match} in ${path}`);
    return id;
  });
}

function strongPassword(): string {
  return `Vg#${randomUUID().replace(/-/g, '').slice(0, 16)}!`;
}

type VersionedTableName =
  | 'observations'
  | 'incidents'
  | 'sites'
  | 'attachments'
  | 'users'
  | 'legal_cases'
  | 'legal_case_events'
  | 'legal_deadlines'
  | 'legal_case_evidence';

/** Current version (and, for accounts, email and role) of a stored record. */
async function stored(
  dataSource: DataSource,
  table: VersionedTableName,
  id: string | undefined,
): Promise<{ version: number; email?: string; role?: Role }> {
  if (!id) return { version: 1 };
  const columns = table === 'users' ? 'version, email, role' : 'version';
  const [row] = (await dataSource.query(`SELECT ${columns} FROM ${table} WHERE id = $1`, [id])) as {
    version: number;
    email?: string;
    role?: Role;
  }[];
  return row ?? { version: 1 };
}

/**
 * A valid body for the route: a refusal must come from the access rules, never from the input
 * (and a request wrongly let through would really change the record).
 */
export async function bodyFor(route: string, dataSource: DataSource | null, id?: string): Promise<unknown> {
  const current = (table: VersionedTableName) =>
    dataSource
      ? stored(dataSource, table, id)
      : Promise.resolve({ version: 1 } as { version: number; email?: string; role?: Role });
  const changed = uniqueWord('changed');
  switch (route) {
    case 'POST /api/observations':
      return observationInput({ id: randomUUID() });
    case 'PUT /api/observations/:id':
      return observationInput({ version: (await current('observations')).version, description: changed });
    case 'PATCH /api/observations/:id':
      return { version: (await current('observations')).version, description: changed };
    case 'POST /api/observations/:id/return':
      return { comment: `Returned: ${changed}` };
    case 'POST /api/observations/:id/merge':
      // `prepare` puts a real observation made for the call in place of this id.
      return { duplicateId: randomUUID(), version: (await current('observations')).version };
    case 'POST /api/incidents':
      return incidentInput({ id: randomUUID(), testimony: 'Témoignage recueilli sur place' });
    case 'PUT /api/incidents/:id':
      return incidentInput({ version: (await current('incidents')).version, description: changed });
    case 'PATCH /api/incidents/:id':
      return { version: (await current('incidents')).version, description: changed };
    case 'POST /api/incidents/:id/return':
      return { comment: `Returned: ${changed}` };
    case 'POST /api/sites':
      return siteInput({ id: randomUUID() });
    case 'PUT /api/sites/:id':
      return siteInput({ version: (await current('sites')).version, notes: changed });
    case 'PATCH /api/sites/:id':
      return { version: (await current('sites')).version, notes: changed };
    case 'POST /api/attachments':
      // `prepare` puts the `:validated` observation in place of this owner.
      return formOf(imageUpload(randomUUID(), [{ name: 'id', value: randomUUID() }]));
    case 'PATCH /api/attachments/:id':
      return { version: (await current('attachments')).version, caption: `Légende ${changed}` };
    case 'POST /api/users':
      return {
        email: `${changed}@acl.vigie.test`,
        name: `Acl ${changed}`,
        role: 'observer',
        password: strongPassword(),
      };
    case 'PUT /api/users/:id': {
      const user = await current('users');
      return {
        email: user.email ?? `${changed}@acl.vigie.test`,
        name: `Renamed ${changed}`,
        role: user.role ?? 'observer',
        active: true,
        version: user.version,
      };
    }
    case 'PATCH /api/users/:id':
      return { version: (await current('users')).version, name: `Renamed ${changed}` };
    case 'POST /api/users/:id/reset-password':
      return { password: strongPassword() };
    case 'PUT /api/settings/security':
      return { totpRequiredForPrivileged: false };
    case 'POST /api/reports':
      return { kind: 'monthly-note', from: '2025-03-01', to: '2025-03-31', lang: 'fr' };
    case 'POST /api/legal-cases':
      return legalCaseInput({ id: randomUUID() });
    case 'PUT /api/legal-cases/:id':
      return legalCaseInput({ version: (await current('legal_cases')).version, lawyer: changed });
    case 'PATCH /api/legal-cases/:id':
      return { version: (await current('legal_cases')).version, lawyer: changed };
    case 'POST /api/legal-cases/:id/events':
      return { id: randomUUID(), kind: 'filing', date: '2025-01-15', title: `Requête ${changed}` };
    case 'PATCH /api/legal-cases/:id/events/:id':
      return { version: (await current('legal_case_events')).version, title: `Audience ${changed}` };
    case 'POST /api/legal-cases/:id/deadlines':
      return { id: randomUUID(), title: `Échéance ${changed}`, dueAt: '2030-02-01' };
    case 'PATCH /api/legal-cases/:id/deadlines/:id':
      return { version: (await current('legal_deadlines')).version, notes: changed };
    case 'POST /api/legal-cases/:id/evidence':
      // `prepare` puts a real observation made for the call in place of this id.
      return { id: randomUUID(), observationId: randomUUID() };
    case 'POST /api/legal-cases/:id/evidence/batch':
      return { items: [{ observationId: randomUUID() }] };
    case 'PATCH /api/legal-cases/:id/evidence/:id':
      return { version: (await current('legal_case_evidence')).version, note: changed };
    case 'POST /api/auth/totp/verify':
    case 'POST /api/auth/totp/disable':
      return { code: '123456' };
    case 'POST /api/auth/tokens':
      // `prepare` adds the client's current password, which making a token asks for.
      return {
        name: `Script ${changed}`,
        scopes: ['stats'],
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      };
    case 'POST /api/imports':
      return aclImportForm();
    case 'PUT /api/imports/:id/mapping':
      return ACL_IMPORT_MAPPING;
    case 'POST /api/imports/:id/commit':
      return {};
    case 'POST /api/import-mappings':
      return {
        name: `Mapping ${changed}`,
        kind: 'observations',
        columns: ACL_IMPORT_COLUMNS,
        mapping: ACL_IMPORT_MAPPING,
      };
    case 'PUT /api/import-mappings/:id':
      return {
        name: `Mapping ${changed}`,
        mapping: ACL_IMPORT_MAPPING,
        version: dataSource && id ? await mappingVersion(dataSource, id) : 1,
      };
    case 'POST /api/kobo-feeds':
      // `prepare` puts the file's saved mapping in place of this id.
      return { name: `Formulaire ${changed}`, mappingId: randomUUID() };
    default:
      return undefined;
  }
}

async function mappingVersion(dataSource: DataSource, id: string): Promise<number> {
  const [row] = (await dataSource.query(`SELECT version FROM import_mappings WHERE id = $1`, [id])) as {
    version: number;
  }[];
  return row?.version ?? 1;
}

async function prepare(context: AclContext, request: string): Promise<Prepared> {
  const [method = '', template = ''] = request.split(' ');
  const route = routeOf(request);
  const path = await resolvePath(context, route, template);
  const resource = resourceOf(route);
  const db = context.client.dataSource;
  const id = path.match(UUID)?.[0];
  let body = await bodyFor(route, db, id);
  if (route === 'POST /api/observations/:id/merge') {
    (body as { duplicateId: string }).duplicateId = (await createObservation(context.admin)).id;
  }
  if (route === 'POST /api/legal-cases/:id/evidence') {
    (body as { observationId: string }).observationId = (await createObservation(context.admin)).id;
  }
  if (route === 'POST /api/legal-cases/:id/evidence/batch') {
    (body as { items: { observationId: string }[] }).items = [
      { observationId: (await createObservation(context.admin)).id },
    ];
  }
  if (body instanceof FormData && resource === 'attachments') {
    body.set('observationId', context.records.validated.id);
  }
  if (route === 'POST /api/kobo-feeds') {
    (body as { mappingId: string }).mappingId = context.records.importMapping.id;
  }
  if (route === 'POST /api/auth/totp/enrol') {
    // Enrolling one's own second factor needs one's current password, not only a session.
    body = { currentPassword: context.client.user?.password };
  }
  if (route === 'POST /api/auth/tokens') {
    body = { ...(body as object), currentPassword: context.client.user?.password };
  }

  let snapshot: () => Promise<unknown> = async () => null;
  if (method !== 'GET') {
    if (
      resource === 'observations' ||
      resource === 'incidents' ||
      resource === 'sites' ||
      resource === 'attachments'
    ) {
      // A create carries its own id: afterwards, that id must still be unknown.
      const target = id ?? (body instanceof FormData ? body.get('id') : (body as { id: string }).id);
      snapshot = async () => {
        const response = await context.admin.get(`/api/${resource}/${target}`);
        return { status: response.status, body: response.body };
      };
    } else if (resource === 'users') {
      snapshot = () =>
        id
          ? db.query(`SELECT * FROM users WHERE id = $1`, [id])
          : db.query(`SELECT * FROM users WHERE lower(email) = lower($1)`, [
              (body as { email: string }).email,
            ]);
    } else if (resource === 'settings') {
      snapshot = () => db.query(`SELECT * FROM app_settings ORDER BY key`);
    } else if (resource === 'backups') {
      // A refused request starts no run.
      snapshot = () => db.query(`SELECT count(*)::int AS n FROM backup_runs`);
    } else if (resource === 'legal-cases' || resource === 'legal-rules') {
      // What the request aims at, read back by the admin: the item itself, the one a create would
      // make (its client id), the list a batch adds to, the rule a confirmation changes.
      const bodyId = (body as { id?: string } | undefined)?.id;
      const target = path
        .replace(/\/(restore|confirm)$/, '')
        .replace(/\/batch$/, '')
        .concat(method === 'POST' && bodyId && !path.endsWith('/restore') ? `/${bodyId}` : '');
      snapshot = async () => {
        const response = await context.admin.get(target);
        return { status: response.status, body: response.body };
      };
    } else if (resource === 'access-tokens') {
      snapshot = () =>
        db.query(`SELECT id, revoked_at FROM access_tokens WHERE user_id = ANY($1) ORDER BY id`, [
          [context.client.user!.id, context.admin.user!.id],
        ]);
    } else if (resource === 'calendar-feed') {
      snapshot = () =>
        db.query(`SELECT token_hash, created_at FROM calendar_feeds WHERE user_id = $1`, [
          context.client.user!.id,
        ]);
    } else if (resource === 'imports') {
      // Someone else's import as it is stored, or the client's own imports for an upload.
      snapshot = () =>
        id
          ? db.query(
              `SELECT i.*, (SELECT count(*)::int FROM import_changes c WHERE c.import_id = i.id) AS changes
                 FROM imports i WHERE i.id = $1`,
              [id],
            )
          : db.query(`SELECT count(*)::int AS n FROM imports WHERE created_by = $1`, [
              context.client.user!.id,
            ]);
    } else if (resource === 'import-mappings') {
      snapshot = () =>
        id
          ? db.query(`SELECT * FROM import_mappings WHERE id = $1`, [id])
          : db.query(`SELECT count(*)::int AS n FROM import_mappings WHERE name = $1`, [
              (body as { name: string }).name,
            ]);
    } else if (resource === 'kobo-feeds') {
      snapshot = async () =>
        id
          ? [
              await db.query(`SELECT * FROM kobo_feeds WHERE id = $1`, [id]),
              await db.query(`SELECT * FROM kobo_submissions WHERE feed_id = $1 ORDER BY id`, [id]),
            ]
          : db.query(`SELECT count(*)::int AS n FROM kobo_feeds WHERE name = $1`, [
              (body as { name: string }).name,
            ]);
    } else if (resource === 'reports') {
      snapshot = () =>
        id
          ? db.query(`SELECT * FROM reports WHERE id = $1`, [id])
          : db.query(`SELECT count(*)::int AS n FROM reports`);
    }
  }
  return { method, path, route, body, snapshot };
}

function context(response: JsonResponse, request: string): string {
  const body = JSON.stringify(response.body)?.slice(0, 400);
  const unrouted =
    response.status === 404 && /^Cannot \w+ /.test((response.body as { message?: string })?.message ?? '');
  return `${request} → ${response.status}${unrouted ? ' (route not wired)' : ''} ${body}`;
}

/** Routes that answer with a file's bytes rather than JSON. */
const FILE_ROUTE = /^GET \/api\/attachments\/:id\/(content|publication|thumbnail)$/;

/** Routes that answer with something else than JSON or a JPEG, and the media type they send. */
const OTHER_MEDIA_TYPES: Readonly<Record<string, RegExp>> = {
  'GET /api/reports/:id/pdf': /^application\/pdf$/,
  'GET /api/reports/preview': /^text\/html; charset=utf-8$/,
  'GET /api/deadlines.ics': /^text\/calendar; charset=utf-8$/,
  'GET /api/legal-cases/:id/hearings.ics': /^text\/calendar; charset=utf-8$/,
  'GET /api/exports/observations.csv': /^text\/csv; charset=utf-8; header=present$/,
  'GET /api/exports/incidents.csv': /^text\/csv; charset=utf-8; header=present$/,
  'GET /api/exports/observations.xlsx':
    /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet$/,
  'GET /api/exports/incidents.xlsx':
    /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet$/,
  'GET /api/exports/datapackage.zip': /^application\/zip$/,
  'GET /api/imports/:id/report.csv': /^text\/csv; charset=utf-8$/,
  'GET /api/observations/tiles/{z}/{x}/{y}.mvt': /^application\/vnd\.mapbox-vector-tile$/,
  'GET /api/incidents/tiles/{z}/{x}/{y}.mvt': /^application\/vnd\.mapbox-vector-tile$/,
};

/** Sends the request as the role and expects it to succeed with `status`. */
export async function expectAllowed(ctx: AclContext, request: string, status: number): Promise<JsonResponse> {
  const prepared = await prepare(ctx, request);
  // Signing out ends the session: do it with a second session of the same role.
  const logout = prepared.route === 'POST /api/auth/logout';
  const client = logout ? await signedInAs(ctx.client, ctx.client.user!.role) : ctx.client;
  const response = await client.call(prepared.method, prepared.path, prepared.body);
  expect(response.status, context(response, request)).toBe(status);
  if (FILE_ROUTE.test(prepared.route)) {
    // The bytes of the file (all the placeholders are JPEG images), sent with their digest.
    expect(response.headers.get('content-type'), request).toBe('image/jpeg');
    expect(response.headers.get('repr-digest'), request).toMatch(/^sha-256=:[A-Za-z0-9+/]+=*:$/);
  } else if (OTHER_MEDIA_TYPES[prepared.route]) {
    expect(response.headers.get('content-type'), request).toMatch(OTHER_MEDIA_TYPES[prepared.route]!);
  } else if (status !== 204) {
    expect(response.headers.get('content-type') ?? '', context(response, request)).toMatch(
      /^application\/(geo\+)?json/,
    );
  }
  if (logout) expect((await client.get('/api/auth/me')).status, 'session after sign-out').toBe(401);
  return response;
}

/**
 * Sends the request as the role and expects the refusal `status` (403, or 404 for a record the
 * role may not see) in the JSON error format, leaving what the request aimed at as it was.
 */
export async function expectRefused(ctx: AclContext, request: string, status: number): Promise<void> {
  const prepared = await prepare(ctx, request);
  const before = await prepared.snapshot();
  const response = await ctx.client.call(prepared.method, prepared.path, prepared.body);
  expect(response.status, context(response, request)).toBe(status);
  expect(await prepared.snapshot(), `stored data after ${request} was refused`).toEqual(before);
  expectApiError(response, status);
}

/** Ids of the records among `ids` that a list and the GeoJSON of `resource` give the client. */
export async function listedIds(
  client: ApiClient,
  resource: 'observations' | 'incidents' | 'sites',
  ids: readonly string[],
): Promise<{ list: string[]; geojson: string[] }> {
  const list = await client.get<{ id: string }[]>(`/api/${resource}?${idFilter(ids)}`);
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const geojson = await client.get<{ features: { id: string }[] }>(
    `/api/${resource}.geojson?${idFilter(ids)}`,
  );
  expect(geojson.status, JSON.stringify(geojson.body)).toBe(200);
  return {
    list: list.body.map((row) => row.id).sort(),
    geojson: geojson.body.features.map((feature) => feature.id).sort(),
  };
}

export type ReviewStatus = 'draft' | 'submitted' | 'validated';

const REVIEW_STATUSES: readonly ReviewStatus[] = ['draft', 'submitted', 'validated'];

type Reviewed = 'observations' | 'incidents';

/** The placeholder of the file's record of `status`: `:draft` for observations, `:draftIncident`… */
function placeholder(
  resource: Reviewed,
  status: ReviewStatus,
): `${ReviewStatus}` | `${ReviewStatus}Incident` {
  return resource === 'observations' ? status : `${status}Incident`;
}

/**
 * The file's draft, submitted and validated observations (or incidents), as the role sees them:
 * those of `visible` answer 200 and are in the list and the GeoJSON; the others answer 404 (not
 * 403: the role may read the resource, just not these) and are absent from both.
 */
async function expectRecordsVisible(
  ctx: AclContext,
  resource: Reviewed,
  visible: readonly ReviewStatus[],
): Promise<void> {
  for (const status of REVIEW_STATUSES) {
    const request = `GET /api/${resource}/:${placeholder(resource, status)}`;
    if (visible.includes(status)) await expectAllowed(ctx, request, 200);
    else await expectRefused(ctx, request, 404);
  }
  const ids = REVIEW_STATUSES.map((status) => ctx.records[placeholder(resource, status)].id);
  const seen = await listedIds(ctx.client, resource, ids);
  const expected = visible.map((status) => ctx.records[placeholder(resource, status)].id).sort();
  expect(seen.list, 'ids in the list').toEqual(expected);
  expect(seen.geojson, 'ids in the GeoJSON').toEqual(expected);
}

/** The same for the histories: 200 for those of `visible`, 404 for the others. */
async function expectHistoriesVisible(
  ctx: AclContext,
  resource: Reviewed,
  visible: readonly ReviewStatus[],
): Promise<void> {
  for (const status of REVIEW_STATUSES) {
    const request = `GET /api/${resource}/:${placeholder(resource, status)}/history`;
    if (visible.includes(status)) await expectAllowed(ctx, request, 200);
    else await expectRefused(ctx, request, 404);
  }
}

/**
 * The restricted testimony of the file's incidents: given (in records and lists) to the roles of
 * DESIGN §4 that read restricted fields, and otherwise absent, not even as a key, nor in histories.
 */
async function expectTestimony(ctx: AclContext, readsRestricted: boolean): Promise<void> {
  const { validatedIncident } = ctx.records;
  const one = await ctx.client.get<Record<string, unknown>>(`/api/incidents/${validatedIncident.id}`);
  expect(one.status, JSON.stringify(one.body)).toBe(200);
  const list = await ctx.client.get<Record<string, unknown>[]>(`/api/incidents?id=${validatedIncident.id}`);
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const history = await ctx.client.get(`/api/incidents/${validatedIncident.id}/history`);
  expect(history.status, JSON.stringify(history.body)).toBe(200);
  if (readsRestricted) {
    expect(one.body.testimony).toBe(ACL_TESTIMONY);
    expect(list.body[0]?.testimony).toBe(ACL_TESTIMONY);
  } else {
    expect(one.body, 'the record').not.toHaveProperty('testimony');
    expect(list.body[0], 'the list row').not.toHaveProperty('testimony');
    expect(JSON.stringify(history.body), 'the history').not.toContain('testimony');
  }
  expect(JSON.stringify(history.body), 'the history').not.toContain(ACL_TESTIMONY);
}

type AttachmentPlaceholder = 'attachment' | 'publicAttachment';

/**
 * The file's `:attachment` and `:publicAttachment` in the attachments list as the role gets it:
 * those of `visible` are listed, the others are not (their single-record routes are in the tables).
 */
async function expectAttachmentsListed(
  ctx: AclContext,
  visible: readonly AttachmentPlaceholder[],
): Promise<void> {
  const all: readonly AttachmentPlaceholder[] = ['attachment', 'publicAttachment'];
  const ids = all.map((name) => ctx.records[name].id);
  const list = await ctx.client.get<{ id: string }[]>(`/api/attachments?${idFilter(ids)}`);
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  expect(list.body.map((row) => row.id).sort(), 'ids in the list').toEqual(
    visible.map((name) => ctx.records[name].id).sort(),
  );
}

/** A new observation of `status`, created by `author` (the admin by default), for one test alone. */
export async function newObservation(
  ctx: AclContext,
  status: ReviewStatus,
  author: ApiClient = ctx.admin,
): Promise<ObservationRecord> {
  const record = await createObservation(author);
  if (status !== 'draft') await setStatus(ctx.client.dataSource, record.id, status);
  return record;
}

/** A new incident of `status`, created by `author` (the admin by default), for one test alone. */
export async function newIncident(
  ctx: AclContext,
  status: ReviewStatus,
  author: ApiClient = ctx.admin,
): Promise<IncidentRecord> {
  const record = await createIncident(author);
  if (status !== 'draft') await setStatus(ctx.client.dataSource, record.id, status, 'incidents');
  return record;
}

/** What DESIGN §4 lets a signed-in role do, written out in the role's file. */
export interface RoleAccess {
  /** Requests the role may make, with the status they succeed with. */
  allowed: readonly AclCase[];
  /** Requests on a resource the role may not use at all: 403, and nothing changes. */
  refused?: readonly string[];
  /**
   * Requests on a record the role may not see, on a resource it may use: 404 (not 403, so that ids
   * do not leak), and nothing changes.
   */
  notVisible?: readonly string[];
  /** The review statuses of the observations the role sees; left out where it may read none. */
  visibleObservations?: readonly ReviewStatus[];
  /** The same for incidents. */
  visibleIncidents?: readonly ReviewStatus[];
  /** Whether the role reads restricted fields (an incident's testimony); with `visibleIncidents`. */
  readsRestricted?: boolean;
  /**
   * Which of the admin's images `:attachment` (no publication consent) and `:publicAttachment` the
   * role finds in the attachments list; left out where it may not list files at all.
   */
  listedAttachments?: readonly AttachmentPlaceholder[];
}

/** The role as the test names say it. */
const WHO: Record<Role, string> = {
  admin: 'an admin',
  coordinator: 'a coordinator',
  observer: 'an observer',
  legal: 'a legal user',
  communication: 'a communication user',
  researcher: 'a researcher',
};

/**
 * `<role> access (DESIGN §4)`: signs in as the role, creates the records the tables refer to and
 * checks that the tables name every route, that each allowed request succeeds, that each refused or
 * not visible one is turned down without changing anything, and which observations (and histories)
 * the role sees. `roleTests` adds, in the same block, the tests proper to the role.
 */
export function describeRoleAccess(
  role: Role,
  access: RoleAccess,
  roleTests?: (acl: AclContext) => void,
): void {
  const { allowed, refused = [], notVisible = [], visibleObservations, visibleIncidents } = access;
  const { listedAttachments } = access;
  const who = WHO[role];
  describe(`${role} access (DESIGN §4)`, () => {
    // The uploaded files go to a directory of the file's own, removed afterwards.
    const dataDir = mkdtempSync(join(tmpdir(), `vigie-acl-${role}-`));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
    const acl = useAclRecords(useApi({ role, env: { VIGIE_DATA_DIR: dataDir } }), dataDir);

    it('names every route in its tables', () => {
      expectEveryRouteCovered([
        ...allowed,
        ...refused.map((request): AclCase => [request, 403]),
        ...notVisible.map((request): AclCase => [request, 404]),
      ]);
    });

    it.each(allowed)(`lets ${who} %s (%i)`, async (request, status) => {
      await expectAllowed(acl, request, status);
    });

    if (refused.length > 0) {
      it.each(refused)(`refuses ${who} %s with 403 and changes nothing`, async (request) => {
        await expectRefused(acl, request, 403);
      });
    }

    if (notVisible.length > 0) {
      it.each(notVisible)(`hides from ${who} %s with 404 and changes nothing`, async (request) => {
        await expectRefused(acl, request, 404);
      });
    }

    if (visibleObservations) {
      const every = REVIEW_STATUSES.every((status) => visibleObservations.includes(status));
      const only = `${visibleObservations.join(' and ')} observations only`;
      it(
        every
          ? `lets ${who} read observations of every review status, in lists and GeoJSON too`
          : `shows ${who} ${only}: the others are 404 and absent from lists and GeoJSON`,
        async () => {
          await expectRecordsVisible(acl, 'observations', visibleObservations);
        },
      );
      it(
        every
          ? `lets ${who} read the history of observations of every review status`
          : `shows ${who} the history of ${only}: 404 for the others`,
        async () => {
          await expectHistoriesVisible(acl, 'observations', visibleObservations);
        },
      );
    }

    if (visibleIncidents) {
      const every = REVIEW_STATUSES.every((status) => visibleIncidents.includes(status));
      const only = `${visibleIncidents.join(' and ')} incidents only`;
      it(
        every
          ? `lets ${who} read incidents of every review status, in lists and GeoJSON too, and their histories`
          : `shows ${who} ${only}, and their histories: the others are 404 and absent from lists and GeoJSON`,
        async () => {
          await expectRecordsVisible(acl, 'incidents', visibleIncidents);
          await expectHistoriesVisible(acl, 'incidents', visibleIncidents);
        },
      );
      it(
        access.readsRestricted
          ? `gives ${who} the restricted testimony of incidents`
          : `never gives ${who} the restricted testimony of incidents, not even its key`,
        async () => {
          await expectTestimony(acl, access.readsRestricted ?? false);
        },
      );
    }

    if (listedAttachments) {
      const listed = [...listedAttachments].sort().join(' ');
      const names: Record<string, string> = {
        '': `lists none of the admin's files to ${who}`,
        publicAttachment: `lists to ${who} only the admin's file with publication consent`,
        'attachment publicAttachment': `lists to ${who} the admin's files, with publication consent or not`,
      };
      it(names[listed] ?? `lists to ${who} the admin's ${listed}`, async () => {
        await expectAttachmentsListed(acl, listedAttachments);
      });
    }

    roleTests?.(acl);
  });
}
