import { DomainError } from '../common/domain-error';

export enum ReportErrorCode {
  Invalid = 'report_invalid',
  NotFound = 'report_not_found',
  NotDone = 'report_not_done',
  NotFailed = 'report_not_failed',
  CaseNotFound = 'report_case_not_found',
  CaseDeleted = 'report_case_deleted',
}

export const reportErrors = {
  invalid: (errors: Record<string, string>) =>
    new DomainError(
      'invalid',
      ReportErrorCode.Invalid,
      `Invalid report request: ${Object.entries(errors)
        .slice(0, 3)
        .map(([field, message]) => `${field} ${message}`)
        .join('; ')}`,
      { errors },
    ),
  notFound: () => new DomainError('not_found', ReportErrorCode.NotFound, 'Report not found'),
  caseNotFound: (caseId: string) =>
    new DomainError('not_found', ReportErrorCode.CaseNotFound, `Legal case ${caseId} not found`, {
      errors: { caseId: 'no such legal case' },
    }),
  caseDeleted: (caseId: string) =>
    new DomainError(
      'conflict',
      ReportErrorCode.CaseDeleted,
      `Legal case ${caseId} is deleted: restore it before printing its dossier`,
      { errors: { caseId: 'the legal case is deleted' } },
    ),
  notDone: (status: string) =>
    new DomainError(
      'conflict',
      ReportErrorCode.NotDone,
      `The report is ${status}: its PDF is available once it is done`,
    ),
  notFailed: (status: string) =>
    new DomainError(
      'conflict',
      ReportErrorCode.NotFailed,
      `Only a failed report can be retried; this one is ${status}`,
    ),
};
