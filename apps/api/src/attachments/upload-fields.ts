import { LIMITS, type Consent } from '@vigie/domain';
import { attachmentErrors } from './attachments.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ['id', 'observationId', 'incidentId', 'legalCaseId', 'caption', 'consent'] as const;
const CONSENT_KEYS = ['publication', 'litigation', 'research'] as const;

export type OwnerField = 'observationId' | 'incidentId' | 'legalCaseId';

const OWNER_FIELDS: readonly OwnerField[] = ['observationId', 'incidentId', 'legalCaseId'];
const ONE_OWNER = 'one of observationId, incidentId or legalCaseId';

/** The form fields of an upload, checked. */
export interface UploadFields {
  id?: string;
  owner: { field: OwnerField; id: string };
  caption: string | null;
  consent: Consent;
}

/** The raw values of the form's text parts, by name; a repeated name is reported by the receiver. */
export type RawFields = ReadonlyMap<string, unknown>;

function parseConsent(value: unknown, errors: Record<string, string>): Consent {
  const consent: Consent = { publication: false, litigation: false, research: false };
  if (value === undefined) return consent;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      errors.consent = 'must be JSON: {"publication": false, "litigation": false, "research": false}';
      return consent;
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    errors.consent = 'must be an object with publication, litigation and research booleans';
    return consent;
  }
  for (const [key, flag] of Object.entries(parsed)) {
    if (!(CONSENT_KEYS as readonly string[]).includes(key))
      errors[`consent.${key}`] = 'unknown consent scope';
    else if (typeof flag !== 'boolean') errors[`consent.${key}`] = 'must be a boolean';
    else consent[key as keyof Consent] = flag;
  }
  return consent;
}

/**
 * Checks the text parts of `POST /api/attachments`: exactly one owner, an optional client id,
 * caption and consent (all false when absent). Every problem is reported at once, by field.
 */
export function parseUploadFields(raw: RawFields): UploadFields {
  const errors: Record<string, string> = {};
  for (const name of raw.keys()) {
    if (!(FIELDS as readonly string[]).includes(name)) errors[name] = 'unknown field';
  }
  const text = (name: string): string | undefined => {
    const value = raw.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      errors[name] = 'must be text';
      return undefined;
    }
    if (value.includes('\u0000')) {
      errors[name] = 'must not contain NUL characters';
      return undefined;
    }
    return value;
  };
  const uuid = (name: string): string | undefined => {
    const value = text(name);
    if (value !== undefined && !UUID.test(value)) errors[name] = 'must be a UUID';
    return value;
  };

  const id = uuid('id');
  const owners = OWNER_FIELDS.map((field) => ({ field, id: uuid(field) })).filter(
    (owner): owner is { field: OwnerField; id: string } => owner.id !== undefined,
  );
  if (owners.length === 0) {
    for (const field of OWNER_FIELDS) errors[field] = `${ONE_OWNER} is required`;
  } else if (owners.length > 1) {
    for (const owner of owners) errors[owner.field] = `give only one of ${ONE_OWNER}`;
  }
  const caption = text('caption');
  if (caption !== undefined && caption.length > LIMITS.shortText) {
    errors.caption = `must be at most ${LIMITS.shortText} characters`;
  }
  const consent = parseConsent(raw.get('consent'), errors);

  if (Object.keys(errors).length > 0) throw attachmentErrors.invalidFields(errors);
  return {
    ...(id !== undefined ? { id: id.toLowerCase() } : {}),
    owner: owners[0] as { field: OwnerField; id: string },
    caption: caption === undefined || caption === '' ? null : caption,
    consent,
  };
}
