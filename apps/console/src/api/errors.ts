import type { ApiErrorBody } from '@vigie/domain';
import type { FormShape } from './resources';
import { isPlainObject } from './payload';

/** Translation keys of the messages the console shows for an API failure. */
export const ERROR_MESSAGES = {
  network: 'vigie.errors.network',
  unauthenticated: 'vigie.errors.unauthenticated',
  forbidden: 'vigie.errors.forbidden',
  totpEnrollmentRequired: 'vigie.errors.totpEnrollmentRequired',
  notFound: 'vigie.errors.notFound',
  versionConflict: 'vigie.errors.versionConflict',
  conflict: 'vigie.errors.conflict',
  invalid: 'vigie.errors.invalid',
  tooLarge: 'vigie.errors.tooLarge',
  tooManyRequests: 'vigie.errors.tooManyRequests',
  server: 'vigie.errors.server',
  readOnly: 'vigie.errors.readOnly',
} as const;

/** `command`: a POST or PUT that is not a versioned record update (a 409 is then not a stale version). */
export type Operation = 'read' | 'create' | 'update' | 'delete' | 'restore' | 'command';

/** API codes whose situation the console explains in its own words (the API speaks English). */
const CODE_MESSAGES: Readonly<Record<string, string>> = {
  settings_own_totp_required: 'vigie.errors.ownTotpRequired',
  totp_mandatory: 'vigie.errors.totpMandatory',
  totp_already_enabled: 'vigie.errors.totpAlreadyEnabled',
  totp_not_enrolling: 'vigie.errors.totpNotEnrolling',
  legal_no_litigation_consent: 'vigie.errors.noLitigationConsent',
  legal_already_linked: 'vigie.errors.alreadyLinked',
  legal_no_perimeter: 'vigie.errors.noPerimeter',
  legal_reference_taken: 'vigie.errors.referenceTaken',
  legal_computed_deadline: 'vigie.errors.computedDeadline',
};

/**
 * Conflicts about one field's value (a reference already used, a record already linked): their
 * field errors are shown under the inputs, as those of a 400.
 */
const FIELD_CONFLICT_CODES = new Set([
  'legal_reference_taken',
  'legal_already_linked',
  'legal_no_litigation_consent',
  'legal_computed_deadline',
]);

/**
 * A 403 that only says "not for your role": the console's own message says it better. The API's
 * `forbidden` code also carries record-level refusals ("editing a validated observation"), whose
 * message is kept.
 */
const ROLE_REFUSAL_CODES = new Set(['no_permission_declared']);
const ROLE_REFUSAL_MESSAGE = 'Your role does not allow this action';

/** What the data provider rejects with: react-admin's HttpError is built from it. */
export interface MappedError {
  message: string;
  status: number;
  body: unknown;
  /** The API's own words on why, added to the translated message (a record-level refusal). */
  reason?: string;
}

/**
 * Turns a failed API call into the error react-admin expects.
 * - A 400 with `errors` (field path → message) becomes `body.errors` shaped for the form, so each
 *   message shows under its input, and `root.serverError` carries the API's `message`, which
 *   react-admin shows as the notification.
 * - A 409 on an update is a stale `version`: a clear message; the body (the current record) is kept.
 * - Other statuses get a translated message; the API's own message is kept where it says more.
 */
export function mapApiError(
  status: number,
  body: unknown,
  operation: Operation,
  form: FormShape,
): MappedError {
  const apiMessage = messageOf(body);
  const fieldErrors = fieldErrorsOf(body);

  if (status === 400 && isPlainObject(body) && fieldErrors) {
    const message = apiMessage || ERROR_MESSAGES.invalid;
    return {
      message,
      status,
      body: { ...body, errors: toFormErrors(fieldErrors, message, form) },
    };
  }
  const bodyWithoutErrors = isPlainObject(body) ? withoutKey(body, 'errors') : body;
  const code = isPlainObject(body) && typeof body.code === 'string' ? body.code : undefined;
  if (code !== undefined && Object.hasOwn(CODE_MESSAGES, code)) {
    const message = CODE_MESSAGES[code]!;
    if (status === 409 && FIELD_CONFLICT_CODES.has(code) && isPlainObject(body) && fieldErrors) {
      return { message, status, body: { ...body, errors: toFormErrors(fieldErrors, message, form) } };
    }
    return { message, status, body: bodyWithoutErrors };
  }
  switch (status) {
    case 0:
      return { message: ERROR_MESSAGES.network, status, body: bodyWithoutErrors };
    case 400:
      return { message: apiMessage || ERROR_MESSAGES.invalid, status, body: bodyWithoutErrors };
    case 401:
      return { message: ERROR_MESSAGES.unauthenticated, status, body: bodyWithoutErrors };
    case 403: {
      const reason = forbiddenReason(code, apiMessage);
      return {
        message:
          code === 'totp_enrollment_required'
            ? ERROR_MESSAGES.totpEnrollmentRequired
            : ERROR_MESSAGES.forbidden,
        status,
        body: bodyWithoutErrors,
        ...(reason ? { reason } : {}),
      };
    }
    case 404:
      return { message: ERROR_MESSAGES.notFound, status, body: bodyWithoutErrors };
    case 409:
      return {
        // A conflict with its own code (other than a stale version) is not about the version.
        message:
          operation === 'update' && (code === undefined || code === 'stale_version')
            ? ERROR_MESSAGES.versionConflict
            : apiMessage || ERROR_MESSAGES.conflict,
        status,
        body: bodyWithoutErrors,
      };
    case 413:
      return { message: ERROR_MESSAGES.tooLarge, status, body: bodyWithoutErrors };
    case 429:
      return { message: ERROR_MESSAGES.tooManyRequests, status, body: bodyWithoutErrors };
    default:
      return {
        message: status >= 500 ? ERROR_MESSAGES.server : apiMessage || ERROR_MESSAGES.server,
        status,
        body: bodyWithoutErrors,
      };
  }
}

/**
 * Maps the API's flat field errors (`seizures.0.quantity`, `location.coordinates.1`) to paths the
 * form registered. Messages for paths no input shows are added to the root message.
 */
export function toFormErrors(
  errors: Record<string, string>,
  message: string,
  form: FormShape,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const unshown: string[] = [];
  for (const [path, fieldMessage] of Object.entries(errors)) {
    const formPath = toFormPath(path, form);
    if (formPath === null) {
      unshown.push(`${path} : ${fieldMessage}`);
    } else if (!Object.hasOwn(result, formPath)) {
      result[formPath] = fieldMessage;
    }
  }
  result.root = {
    serverError: unshown.length > 0 ? `${message} (${unshown.join(' ; ')})` : message,
  };
  return result;
}

/** The registered input an API field path belongs to, or null when no input shows it. */
export function toFormPath(path: string, form: FormShape): string | null {
  const [field, index, subField, ...rest] = path.split('.');
  if (field === undefined || !form.fields.includes(field)) return null;
  // An object input registers its keys only: an error on the object itself has no input to show it.
  const keys = form.objects?.[field];
  if (keys) {
    if (index === undefined || !keys.includes(index)) return null;
    // A geometry inside the object (an act's perimeter): any error in it goes under its input.
    if (form.geometries.includes(`${field}.${index}`)) return `${field}.${index}`;
    return subField === undefined ? `${field}.${index}` : null;
  }
  if (form.geometries.includes(field) || index === undefined) return field;
  if (!/^\d+$/.test(index)) return field;
  if (form.lists.includes(field)) return `${field}.${index}`;
  const rowFields = form.rows[field];
  if (rowFields && subField !== undefined && rowFields.includes(subField) && rest.length === 0) {
    return `${field}.${index}.${subField}`;
  }
  return field;
}

/**
 * A plain refusal for the role needs no more than "Action non autorisée pour votre rôle"; a
 * refusal with its own reason (an observer editing someone else's record, or a validated one)
 * keeps the API's words after it.
 */
function forbiddenReason(code: string | undefined, apiMessage: string | undefined): string | undefined {
  if (!apiMessage || apiMessage === ROLE_REFUSAL_MESSAGE) return undefined;
  if (code === 'totp_enrollment_required' || (code && ROLE_REFUSAL_CODES.has(code))) return undefined;
  return apiMessage;
}

/** The API's `message`; a list of messages (NestJS's default validation body) is joined. */
function messageOf(body: unknown): string | undefined {
  if (!isPlainObject(body)) return undefined;
  const message: ApiErrorBody['message'] | string[] | unknown = body.message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message) && message.every((item) => typeof item === 'string')) {
    return message.join(' ; ');
  }
  return undefined;
}

function fieldErrorsOf(body: unknown): Record<string, string> | undefined {
  if (!isPlainObject(body) || !isStringRecord(body.errors)) return undefined;
  return Object.keys(body.errors).length > 0 ? body.errors : undefined;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isPlainObject(value) && Object.values(value).every((item) => typeof item === 'string');
}

function withoutKey(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([name]) => name !== key));
}
