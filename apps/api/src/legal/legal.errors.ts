import { DomainError } from '../common/domain-error';

export enum LegalErrorCode {
  RequiredField = 'legal_required_field',
  ReferenceTaken = 'legal_reference_taken',
  ParentCycle = 'legal_parent_cycle',
  InvalidPerimeter = 'legal_invalid_perimeter',
  PerimeterOutsideFrance = 'legal_perimeter_outside_france',
  InvalidDates = 'legal_invalid_dates',
  EventInFuture = 'legal_event_in_future',
  FieldNotForKind = 'legal_field_not_for_kind',
  UnknownRule = 'legal_unknown_rule',
  InvalidDeadline = 'legal_invalid_deadline',
  ComputedDeadline = 'legal_computed_deadline',
  NoLitigationConsent = 'legal_no_litigation_consent',
  AlreadyLinked = 'legal_already_linked',
  NoPerimeter = 'legal_no_perimeter',
  InvalidStatusChange = 'legal_invalid_status_change',
  InvalidLang = 'legal_invalid_lang',
}

const invalid = (code: LegalErrorCode, message: string, errors: Record<string, string>) =>
  new DomainError('invalid', code, message, { errors });

export const legalErrors = {
  requiredFields: (fields: readonly string[]) =>
    invalid(
      LegalErrorCode.RequiredField,
      `These fields cannot be null: ${fields.join(', ')}`,
      Object.fromEntries(fields.map((field) => [field, 'must not be null'])),
    ),
  referenceTaken: (reference: string) =>
    new DomainError(
      'conflict',
      LegalErrorCode.ReferenceTaken,
      `The reference ${reference} is already used by another case (deleted ones included)`,
      { errors: { reference: 'already used by another case' } },
    ),
  parentCycle: () =>
    invalid(
      LegalErrorCode.ParentCycle,
      'parentCaseId would make a cycle: a case cannot appeal itself, nor one of its own appeals',
      { parentCaseId: 'would make a cycle of appeals' },
    ),
  invalidPerimeter: (reason: string) =>
    invalid(LegalErrorCode.InvalidPerimeter, `The perimeter is not a valid polygon: ${reason}`, {
      'challengedAct.perimeter': `not a valid polygon: ${reason}`,
    }),
  perimeterOutsideFrance: () =>
    invalid(
      LegalErrorCode.PerimeterOutsideFrance,
      'The perimeter lies (at least partly) outside France and its territorial waters',
      { 'challengedAct.perimeter': 'must lie in France' },
    ),
  invalidDates: (errors: Record<string, string>) =>
    invalid(
      LegalErrorCode.InvalidDates,
      `Inconsistent dates: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      errors,
    ),
  eventInFuture: (field: string, kind: string) =>
    invalid(LegalErrorCode.EventInFuture, `A ${kind} cannot be dated in the future (${field})`, {
      [field]: 'must not be in the future',
    }),
  fieldNotForKind: (fields: readonly string[], kind: string) =>
    invalid(
      LegalErrorCode.FieldNotForKind,
      `Not for an event of kind ${kind}: ${fields.join(', ')}`,
      Object.fromEntries(fields.map((field) => [field, `not for an event of kind ${kind}`])),
    ),
  unknownRule: (rule: string) =>
    invalid(LegalErrorCode.UnknownRule, `There is no deadline rule ${rule}`, {
      rule: 'unknown rule; see GET /api/legal-rules',
    }),
  invalidDeadline: (errors: Record<string, string>) =>
    invalid(
      LegalErrorCode.InvalidDeadline,
      `Invalid deadline: ${Object.entries(errors)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      errors,
    ),
  computedDeadline: (fields: readonly string[]) =>
    new DomainError(
      'conflict',
      LegalErrorCode.ComputedDeadline,
      `This deadline is computed from its source (an event or the challenged act): change the source, ` +
        `or cancel this deadline and add one by hand. Not writable here: ${fields.join(', ')}`,
      { errors: Object.fromEntries(fields.map((field) => [field, 'computed from its source'])) },
    ),
  noLitigationConsent: (what: 'incident' | 'attachment', id: string) =>
    new DomainError(
      'conflict',
      LegalErrorCode.NoLitigationConsent,
      `The people concerned did not agree to the use of this ${what} in legal proceedings ` +
        `(consent.litigation is false): it cannot be linked to a case (${what} ${id})`,
      { errors: { [`${what}Id`]: 'no consent to use in legal proceedings' } },
    ),
  alreadyLinked: (field: string, id: string) =>
    new DomainError('conflict', LegalErrorCode.AlreadyLinked, `${id} is already linked to this case`, {
      errors: { [field]: 'already linked to this case' },
    }),
  noPerimeter: () =>
    new DomainError(
      'conflict',
      LegalErrorCode.NoPerimeter,
      'The challenged act of this case has no perimeter: draw it first',
    ),
  invalidLang: () =>
    invalid(LegalErrorCode.InvalidLang, 'lang must be fr or en', { lang: 'must be fr or en' }),
  invalidStatusChange: (message: string) =>
    invalid(LegalErrorCode.InvalidStatusChange, message, { status: message }),
};
