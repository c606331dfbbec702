import { DomainError } from '../common/domain-error';
import { ALLOWED_TYPES_TEXT } from './media-types';

export enum AttachmentErrorCode {
  NotMultipart = 'attachment_not_multipart',
  MalformedForm = 'attachment_malformed_form',
  InvalidFields = 'attachment_invalid_fields',
  FileRequired = 'attachment_file_required',
  EmptyFile = 'attachment_empty_file',
  TooLarge = 'attachment_too_large',
  UnsupportedType = 'attachment_unsupported_type',
  TypeMismatch = 'attachment_type_mismatch',
  NoVariant = 'attachment_no_variant',
  OriginalRestricted = 'attachment_original_restricted',
}

export const attachmentErrors = {
  notMultipart: () =>
    new DomainError(
      'unsupported_media_type',
      AttachmentErrorCode.NotMultipart,
      'Send the file as multipart/form-data with a "file" part',
    ),
  malformedForm: (detail: string) =>
    new DomainError('invalid', AttachmentErrorCode.MalformedForm, `Malformed multipart body: ${detail}`),
  invalidFields: (errors: Record<string, string>) =>
    new DomainError(
      'invalid',
      AttachmentErrorCode.InvalidFields,
      `Invalid input: ${Object.entries(errors)
        .slice(0, 3)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    ),
  fileRequired: () =>
    new DomainError('invalid', AttachmentErrorCode.FileRequired, 'A "file" part is required', {
      errors: { file: 'is required' },
    }),
  emptyFile: () =>
    new DomainError('invalid', AttachmentErrorCode.EmptyFile, 'The file is empty (0 bytes)', {
      errors: { file: 'must not be empty' },
    }),
  tooLarge: (maxMb: number) =>
    new DomainError('too_large', AttachmentErrorCode.TooLarge, `The file is larger than ${maxMb} MB`, {
      errors: { file: `must not be larger than ${maxMb} MB` },
    }),
  unsupportedType: (sniffed: string | null) =>
    new DomainError(
      'unsupported_media_type',
      AttachmentErrorCode.UnsupportedType,
      `${sniffed ? `Files of type ${sniffed} are` : 'This kind of file is'} not accepted; accepted: ${ALLOWED_TYPES_TEXT}`,
      { errors: { file: 'file type not accepted' } },
    ),
  typeMismatch: (declared: string, sniffed: string) =>
    new DomainError(
      'unsupported_media_type',
      AttachmentErrorCode.TypeMismatch,
      `The file was declared as ${declared} but its bytes are ${sniffed}`,
      { errors: { file: `declared type ${declared} does not match the content (${sniffed})` } },
    ),
  noVariant: (id: string, variant: string, reason: string) =>
    new DomainError(
      'not_found',
      AttachmentErrorCode.NoVariant,
      `Attachment ${id} has no ${variant}: ${reason}`,
    ),
  originalRestricted: () =>
    new DomainError(
      'forbidden',
      AttachmentErrorCode.OriginalRestricted,
      'The original file may carry metadata (position, date, device, author): download its publication copy instead',
    ),
};
