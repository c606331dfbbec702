import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, mapApiError, toFormErrors, toFormPath } from './errors';
import { RESOURCES } from './resources';

const observationForm = RESOURCES.observations.form;
const siteForm = RESOURCES.sites.form;

describe('toFormPath', () => {
  it('keeps a top-level field the form shows', () => {
    expect(toFormPath('startedAt', observationForm)).toBe('startedAt');
  });

  it('keeps the path of an input in a repeated row', () => {
    expect(toFormPath('seizures.0.quantity', observationForm)).toBe('seizures.0.quantity');
    expect(toFormPath('forces.12.unit', observationForm)).toBe('forces.12.unit');
  });

  it('shows an error about a whole row, or an unknown row field, under the array input', () => {
    expect(toFormPath('forces.0', observationForm)).toBe('forces');
    expect(toFormPath('forces.0.colour', observationForm)).toBe('forces');
    expect(toFormPath('forces', observationForm)).toBe('forces');
  });

  it('shows any error inside the location under the location input', () => {
    expect(toFormPath('location.coordinates.1', observationForm)).toBe('location');
    expect(toFormPath('location.type', observationForm)).toBe('location');
  });

  it('keeps the path of one alias', () => {
    expect(toFormPath('aliases.2', siteForm)).toBe('aliases.2');
  });

  it('shows a consent error under its checkbox, and folds errors on the whole object into the message', () => {
    const incidentForm = RESOURCES.incidents.form;
    expect(toFormPath('consent.litigation', incidentForm)).toBe('consent.litigation');
    expect(toFormPath('consent', incidentForm)).toBeNull();
    expect(toFormPath('consent.press', incidentForm)).toBeNull();
    expect(toFormPath('perpetrators.1', incidentForm)).toBe('perpetrators.1');
  });

  it('has no input for read-only or unknown fields', () => {
    expect(toFormPath('communeCode', observationForm)).toBeNull();
    expect(toFormPath('version', observationForm)).toBeNull();
    expect(toFormPath('colour', observationForm)).toBeNull();
  });
});

describe('toFormErrors', () => {
  it('puts field messages under their inputs and the API message in root.serverError', () => {
    expect(
      toFormErrors(
        { 'seizures.0.quantity': 'must not be less than 0', kind: 'kind must be one of …' },
        'Validation failed',
        observationForm,
      ),
    ).toEqual({
      'seizures.0.quantity': 'must not be less than 0',
      kind: 'kind must be one of …',
      root: { serverError: 'Validation failed' },
    });
  });

  it('adds the messages no input can show to the root message', () => {
    expect(toFormErrors({ version: 'must be an integer' }, 'Validation failed', observationForm)).toEqual({
      root: { serverError: 'Validation failed (version : must be an integer)' },
    });
  });

  it('keeps the first message when two paths land on the same input', () => {
    const errors = toFormErrors(
      { 'location.coordinates.0': 'bad longitude', 'location.coordinates.1': 'bad latitude' },
      'Validation failed',
      observationForm,
    );
    expect(errors.location).toBe('bad longitude');
  });
});

describe('mapApiError', () => {
  it('gives react-admin body.errors for a 400 with field errors', () => {
    const mapped = mapApiError(
      400,
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid observation',
        errors: { 'forces.0.unit': 'must be one of crs, gm, …' },
      },
      'create',
      observationForm,
    );
    expect(mapped.status).toBe(400);
    expect(mapped.message).toBe('Invalid observation');
    expect(mapped.body).toMatchObject({
      errors: {
        'forces.0.unit': 'must be one of crs, gm, …',
        root: { serverError: 'Invalid observation' },
      },
    });
  });

  it('keeps the message of a 400 without field errors', () => {
    const mapped = mapApiError(
      400,
      { statusCode: 400, error: 'Bad Request', message: 'Unknown filter: colour' },
      'read',
      observationForm,
    );
    expect(mapped.message).toBe('Unknown filter: colour');
    expect(mapped.body).not.toHaveProperty('errors');
  });

  it('turns a 409 on an update into the version-conflict message and keeps the current record', () => {
    const current = { id: 'o1', version: 4, kind: 'eviction' };
    const mapped = mapApiError(409, current, 'update', observationForm);
    expect(mapped).toEqual({ message: ERROR_MESSAGES.versionConflict, status: 409, body: current });
  });

  it('keeps the API message of a 409 on a create (same id, different content)', () => {
    const mapped = mapApiError(
      409,
      { statusCode: 409, error: 'Conflict', message: 'Another observation has this id' },
      'create',
      observationForm,
    );
    expect(mapped.message).toBe('Another observation has this id');
  });

  it.each([
    [0, ERROR_MESSAGES.network],
    [401, ERROR_MESSAGES.unauthenticated],
    [403, ERROR_MESSAGES.forbidden],
    [404, ERROR_MESSAGES.notFound],
    [413, ERROR_MESSAGES.tooLarge],
    [429, ERROR_MESSAGES.tooManyRequests],
    [500, ERROR_MESSAGES.server],
    [502, ERROR_MESSAGES.server],
  ])('translates status %i', (status, message) => {
    expect(mapApiError(status, null, 'read', observationForm).message).toBe(message);
  });

  it('does not treat a malformed errors object as field errors', () => {
    const mapped = mapApiError(
      400,
      { statusCode: 400, message: 'Bad', errors: ['not', 'an', 'object'] },
      'create',
      observationForm,
    );
    expect(mapped.message).toBe('Bad');
    expect(mapped.body).not.toHaveProperty('errors');
  });
});

describe('mapApiError on a 403', () => {
  it('says "not for your role" for a plain role refusal, and keeps the code for checkError', () => {
    const mapped = mapApiError(
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Your role does not allow this action',
        code: 'forbidden',
      },
      'update',
      observationForm,
    );
    expect(mapped.message).toBe(ERROR_MESSAGES.forbidden);
    expect(mapped.reason).toBeUndefined();
    expect(mapped.body).toMatchObject({ code: 'forbidden' });
  });

  it("keeps the server's reason for a record-level refusal", () => {
    const mapped = mapApiError(
      403,
      {
        statusCode: 403,
        error: 'Forbidden',
        message: 'Your role does not allow editing a validated observation',
        code: 'forbidden',
      },
      'update',
      observationForm,
    );
    expect(mapped.message).toBe(ERROR_MESSAGES.forbidden);
    expect(mapped.reason).toBe('Your role does not allow editing a validated observation');
  });

  it('says "not for your role" when the 403 has no message', () => {
    expect(mapApiError(403, null, 'read', observationForm).message).toBe(ERROR_MESSAGES.forbidden);
  });

  it('names the missing second factor', () => {
    const mapped = mapApiError(
      403,
      { code: 'totp_enrollment_required', message: 'x' },
      'read',
      observationForm,
    );
    expect(mapped.message).toBe(ERROR_MESSAGES.totpEnrollmentRequired);
  });
});

describe('mapApiError for a command', () => {
  it('keeps the meaning of a 409 that is not a stale version, in the console language', () => {
    const mapped = mapApiError(
      409,
      {
        statusCode: 409,
        message: 'Set up your own second factor before making it mandatory',
        code: 'settings_own_totp_required',
        errors: { totpRequiredForPrivileged: 'set up your own second factor first' },
      },
      'command',
      observationForm,
    );
    expect(mapped.message).toBe('vigie.errors.ownTotpRequired');
    expect(mapped.body).not.toHaveProperty('errors');
  });

  it("shows the API's message of a 409 on a command it has no words for", () => {
    expect(
      mapApiError(
        409,
        { message: 'No second factor is set up', code: 'totp_not_enabled' },
        'command',
        observationForm,
      ).message,
    ).toBe('No second factor is set up');
  });
});

describe('mapApiError with a NestJS default body', () => {
  it('joins a list of messages', () => {
    const mapped = mapApiError(
      400,
      { statusCode: 400, error: 'Bad Request', message: ['kind must be a string', 'x is not allowed'] },
      'create',
      RESOURCES.observations.form,
    );
    expect(mapped.message).toBe('kind must be a string ; x is not allowed');
  });
});

describe('mapApiError for the legal cases', () => {
  const caseForm = RESOURCES['legal-cases'].form;
  const evidenceForm = RESOURCES['legal-cases/:caseId/evidence'].form;

  it("shows any error inside the act's perimeter under the perimeter input", () => {
    expect(toFormPath('challengedAct.perimeter', caseForm)).toBe('challengedAct.perimeter');
    expect(toFormPath('challengedAct.perimeter.coordinates.0.1', caseForm)).toBe('challengedAct.perimeter');
    expect(toFormPath('challengedAct.validTo', caseForm)).toBe('challengedAct.validTo');
    expect(toFormPath('challengedAct.validTo.x', caseForm)).toBeNull();
  });

  it('says why an incident cannot be linked, under its input and in the message', () => {
    const mapped = mapApiError(
      409,
      {
        statusCode: 409,
        message: 'The people concerned did not agree…',
        code: 'legal_no_litigation_consent',
        errors: { incidentId: 'no consent to use in legal proceedings' },
      },
      'create',
      evidenceForm,
    );
    expect(mapped.message).toBe('vigie.errors.noLitigationConsent');
    expect(mapped.body).toMatchObject({
      errors: {
        incidentId: 'no consent to use in legal proceedings',
        root: { serverError: 'vigie.errors.noLitigationConsent' },
      },
    });
  });

  it('puts a reference already used under the reference input', () => {
    const mapped = mapApiError(
      409,
      { code: 'legal_reference_taken', message: 'x', errors: { reference: 'already used by another case' } },
      'create',
      caseForm,
    );
    expect(mapped.message).toBe('vigie.errors.referenceTaken');
    expect(mapped.body).toMatchObject({ errors: { reference: 'already used by another case' } });
  });

  it('does not call a refused change of a computed deadline a stale version', () => {
    const mapped = mapApiError(
      409,
      { code: 'legal_computed_deadline', message: 'x', errors: { dueAt: 'computed from its source' } },
      'update',
      RESOURCES['legal-cases/:caseId/deadlines'].form,
    );
    expect(mapped.message).toBe('vigie.errors.computedDeadline');
    const stale = mapApiError(409, { code: 'stale_version', message: 'x' }, 'update', caseForm);
    expect(stale.message).toBe(ERROR_MESSAGES.versionConflict);
  });
});
