import { HttpError } from 'react-admin';
import { describe, expect, it } from 'vitest';
import { canAccessResource, canReadRestricted, permissionFor } from './access';
import { AuthFailure, failureOf, retryAfterSeconds } from './authApi';
import { errorVerdict } from './authProvider';
import { loginOutcome } from './loginOutcome';

describe('permissionFor', () => {
  it('maps react-admin actions onto <resource>.<verb>', () => {
    expect(permissionFor('observations', 'list')).toBe('observations.read');
    expect(permissionFor('observations', 'show')).toBe('observations.read');
    expect(permissionFor('observations', 'create')).toBe('observations.create');
    expect(permissionFor('observations', 'edit')).toBe('observations.update');
    expect(permissionFor('observations', 'delete')).toBe('observations.delete');
    expect(permissionFor('sites', 'restore')).toBe('sites.delete');
  });

  it('maps the review steps: submit, and validate or return for reviewers', () => {
    expect(permissionFor('observations', 'submit')).toBe('observations.submit');
    expect(permissionFor('observations', 'validate')).toBe('observations.validate');
    expect(permissionFor('observations', 'return')).toBe('observations.validate');
    expect(permissionFor('sites', 'validate')).toBeNull();
    expect(canAccessResource('observer', 'observations', 'submit')).toBe(true);
    expect(canAccessResource('observer', 'observations', 'return')).toBe(false);
    expect(canAccessResource('coordinator', 'observations', 'validate')).toBe(true);
  });

  it('gives incidents the same review steps, and the "À relire" page to reviewers only', () => {
    expect(permissionFor('incidents', 'return')).toBe('incidents.validate');
    expect(canAccessResource('observer', 'incidents', 'create')).toBe(true);
    expect(canAccessResource('observer', 'incidents', 'validate')).toBe(false);
    expect(canAccessResource('coordinator', 'incidents', 'validate')).toBe(true);
    expect(canAccessResource('legal', 'observations', 'validate')).toBe(false);
    expect(canAccessResource('researcher', 'incidents', 'list')).toBe(false);
  });

  it('lets only admin and legal read restricted fields', () => {
    expect(canReadRestricted('admin')).toBe(true);
    expect(canReadRestricted('legal')).toBe(true);
    expect(canReadRestricted('coordinator')).toBe(false);
    expect(canReadRestricted('observer')).toBe(false);
    expect(canReadRestricted(undefined)).toBe(false);
  });

  it('uses one permission for users, audit and settings', () => {
    expect(permissionFor('users', 'edit')).toBe('users.manage');
    expect(permissionFor('audit-events', 'list')).toBe('audit.read');
    expect(permissionFor('audit-events', 'delete')).toBeNull();
    expect(permissionFor('settings', 'edit')).toBe('settings.manage');
  });

  it('fails closed on what the table does not name', () => {
    expect(permissionFor('communes', 'create')).toBeNull();
    expect(permissionFor('legal-cases', 'validate')).toBeNull();
    expect(permissionFor('legal-rules', 'edit')).toBeNull();
    expect(permissionFor('observations', 'fly')).toBeNull();
  });

  it("names the legal pages' permissions, a case's public side apart from its details", () => {
    expect(permissionFor('legal-cases', 'list')).toBe('legalCases.read');
    expect(permissionFor('legal-cases', 'details')).toBe('legalCases.readDetails');
    expect(permissionFor('legal-cases', 'restore')).toBe('legalCases.delete');
    expect(permissionFor('deadlines', 'list')).toBe('legalCases.readDetails');
    expect(permissionFor('legal-rules', 'confirm')).toBe('legalRules.confirm');
    expect(permissionFor('case-dossiers', 'create')).toBe('reports.caseDossier');
  });

  it("maps a case's events, deadlines and evidence, named with the case's id", () => {
    const id = '0b6f7c3e-4a51-4a8e-9d5e-2f1f3c1d9e77';
    expect(permissionFor(`legal-cases/${id}/events`, 'list')).toBe('legalCases.read');
    expect(permissionFor(`legal-cases/${id}/events`, 'create')).toBe('legalCases.update');
    expect(permissionFor(`legal-cases/${id}/deadlines`, 'show')).toBe('legalCases.readDetails');
    expect(permissionFor(`legal-cases/${id}/evidence`, 'delete')).toBe('legalCases.update');
    expect(canAccessResource('communication', `legal-cases/${id}/events`, 'list')).toBe(true);
    expect(canAccessResource('communication', `legal-cases/${id}/events`, 'edit')).toBe(false);
    expect(canAccessResource('communication', `legal-cases/${id}/deadlines`, 'list')).toBe(false);
  });
});

describe('canAccessResource', () => {
  it('gives the legal pages to admin and legal, the public side of cases to communication', () => {
    for (const role of ['admin', 'legal'] as const) {
      expect(canAccessResource(role, 'legal-cases', 'edit')).toBe(true);
      expect(canAccessResource(role, 'deadlines', 'list')).toBe(true);
      expect(canAccessResource(role, 'legal-rules', 'list')).toBe(true);
      expect(canAccessResource(role, 'case-dossiers', 'create')).toBe(true);
    }
    expect(canAccessResource('legal', 'legal-rules', 'confirm')).toBe(false);
    expect(canAccessResource('admin', 'legal-rules', 'confirm')).toBe(true);
    expect(canAccessResource('communication', 'legal-cases', 'show')).toBe(true);
    expect(canAccessResource('communication', 'legal-cases', 'details')).toBe(false);
    expect(canAccessResource('communication', 'legal-cases', 'create')).toBe(false);
    expect(canAccessResource('communication', 'deadlines', 'list')).toBe(false);
    for (const role of ['coordinator', 'observer', 'researcher'] as const) {
      expect(canAccessResource(role, 'legal-cases', 'list')).toBe(false);
      expect(canAccessResource(role, 'deadlines', 'list')).toBe(false);
      expect(canAccessResource(role, 'legal-rules', 'list')).toBe(false);
    }
  });

  it('lets communication read observations, sites and communes, and nothing more', () => {
    expect(canAccessResource('communication', 'observations', 'list')).toBe(true);
    expect(canAccessResource('communication', 'sites', 'show')).toBe(true);
    expect(canAccessResource('communication', 'communes', 'list')).toBe(true);
    expect(canAccessResource('communication', 'observations', 'create')).toBe(false);
    expect(canAccessResource('communication', 'observations', 'edit')).toBe(false);
    expect(canAccessResource('communication', 'sites', 'delete')).toBe(false);
    expect(canAccessResource('communication', 'users', 'list')).toBe(false);
    expect(canAccessResource('communication', 'audit-events', 'list')).toBe(false);
  });

  it('shows a researcher the communes only', () => {
    expect(canAccessResource('researcher', 'communes', 'list')).toBe(true);
    expect(canAccessResource('researcher', 'observations', 'list')).toBe(false);
    expect(canAccessResource('researcher', 'sites', 'list')).toBe(false);
  });

  it('lets an observer create and edit observations, create sites, and delete nothing', () => {
    expect(canAccessResource('observer', 'observations', 'create')).toBe(true);
    expect(canAccessResource('observer', 'observations', 'edit')).toBe(true);
    expect(canAccessResource('observer', 'observations', 'delete')).toBe(false);
    expect(canAccessResource('observer', 'sites', 'create')).toBe(true);
    expect(canAccessResource('observer', 'sites', 'edit')).toBe(false);
  });

  it('gives users, audit and settings to the admin only', () => {
    expect(canAccessResource('admin', 'users', 'delete')).toBe(true);
    expect(canAccessResource('admin', 'audit-events', 'list')).toBe(true);
    expect(canAccessResource('admin', 'settings', 'edit')).toBe(true);
    expect(canAccessResource('coordinator', 'users', 'list')).toBe(false);
    expect(canAccessResource('coordinator', 'observations', 'delete')).toBe(true);
  });

  it('shows « Sauvegardes » and its button to the admin only', () => {
    expect(canAccessResource('admin', 'backups', 'list')).toBe(true);
    expect(canAccessResource('admin', 'backups', 'create')).toBe(true);
    expect(canAccessResource('admin', 'backups', 'delete')).toBe(false);
    for (const role of ['coordinator', 'observer', 'legal', 'communication', 'researcher'] as const) {
      expect(canAccessResource(role, 'backups', 'list')).toBe(false);
    }
  });
});

describe('errorVerdict', () => {
  it('ends the session on a 401', () => {
    expect(errorVerdict(new HttpError('x', 401, {}))).toBe('session_over');
  });

  it('sends to enrolment on a 403 totp_enrollment_required', () => {
    expect(errorVerdict(new HttpError('x', 403, { code: 'totp_enrollment_required' }))).toBe(
      'enrolment_required',
    );
  });

  it('keeps the user signed in on any other 403, and on other errors', () => {
    expect(errorVerdict(new HttpError('x', 403, { code: 'forbidden' }))).toBe('keep_going');
    expect(errorVerdict(new HttpError('x', 404, null))).toBe('keep_going');
    expect(errorVerdict(undefined)).toBe('keep_going');
  });
});

describe('loginOutcome', () => {
  it('asks for the second factor on totp_required', () => {
    expect(loginOutcome(failureOf(401, { code: 'totp_required', message: 'Enter the code' }, null))).toEqual({
      kind: 'totp_required',
    });
  });

  it('says the same thing whatever was wrong', () => {
    expect(loginOutcome(failureOf(401, { code: 'invalid_credentials', message: 'x' }, null))).toEqual({
      kind: 'invalid',
    });
  });

  it('gives the wait in minutes, rounded up, from Retry-After', () => {
    expect(loginOutcome(failureOf(429, { code: 'too_many_attempts' }, '600'))).toEqual({
      kind: 'too_many_attempts',
      minutes: 10,
    });
    expect(loginOutcome(failureOf(429, { code: 'too_many_attempts' }, '61'))).toEqual({
      kind: 'too_many_attempts',
      minutes: 2,
    });
    expect(loginOutcome(failureOf(429, {}, null))).toEqual({ kind: 'too_many_attempts', minutes: null });
  });

  it('keeps the field errors of a 400', () => {
    expect(
      loginOutcome(failureOf(400, { message: 'Invalid', errors: { email: 'must be an email' } }, null)),
    ).toEqual({ kind: 'fields', errors: { email: 'must be an email' }, message: 'Invalid' });
  });

  it('tells a network failure from a server error', () => {
    expect(loginOutcome(new AuthFailure(0, 'network', 'network'))).toEqual({ kind: 'network' });
    expect(loginOutcome(failureOf(500, {}, null))).toEqual({ kind: 'server' });
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:00Z'))).toBe(60);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });
});
