import { DomainError } from '../common/domain-error';

export enum SiteErrorCode {
  RequiredField = 'site_required_field',
}

export const siteErrors = {
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
