import { DomainError } from '../common/domain-error';

export enum SiteErrorCode {
  RequiredField = 'site_required_field',
  InvalidPerimeter = 'site_invalid_perimeter',
}

export const siteErrors = {
  invalidPerimeter: (reason: string) =>
    new DomainError(
      'invalid',
      SiteErrorCode.InvalidPerimeter,
      `perimeter is not a valid polygon: ${reason}`,
      {
        errors: { perimeter: `is not a valid polygon: ${reason}` },
      },
    ),
  requiredFields: (fields: string[]) =>
    new DomainError(
      'invalid',
      SiteErrorCode.RequiredField,
      `These fields cannot be null: ${fields.join(', ')}`,
      {
        errors: Object.fromEntries(fields.map((field) => [field, 'must not be null'])),
      },
    ),
};
