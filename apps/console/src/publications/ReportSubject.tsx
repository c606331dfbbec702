import type { LegalCaseRecord, ReportRecord } from '@vigie/domain';
import type { MouseEvent } from 'react';
import { Link, useCanAccess, useGetManyAggregate } from 'react-admin';
import { formatDay, formatMonth } from '../dashboard/format';
import { caseTabPath } from '../legalCases';
import { caseLabel } from '../legalCases/LegalCaseTitle';
import { namedPeriod } from './params';

/** `mars 2025`, `2025`, or both dates. */
export function periodText(report: Pick<ReportRecord, 'from' | 'to'>, locale: string): string {
  if (report.from === null || report.to === null) return '';
  const period = { from: report.from, to: report.to };
  const named = namedPeriod(period);
  if (named && 'month' in named) return formatMonth(named.month, locale);
  if (named && 'year' in named) return named.year;
  return `${formatDay(period.from, locale)} – ${formatDay(period.to, locale)}`;
}

/**
 * What a report covers: its period, or for a case dossier its case (a link, for the roles that
 * read cases; the others never see another case's name).
 */
export const ReportSubject = ({ report, locale }: { report: ReportRecord; locale: string }) => {
  const { canAccess } = useCanAccess({ resource: 'legal-cases', action: 'show' });
  const caseId = report.kind === 'case-dossier' ? report.caseId : null;
  const { data } = useGetManyAggregate<LegalCaseRecord>(
    'legal-cases',
    { ids: caseId ? [caseId] : [] },
    { enabled: caseId !== null && canAccess === true },
  );
  if (report.kind !== 'case-dossier') return <>{periodText(report, locale)}</>;
  const item = data?.[0];
  if (!caseId || !item) return <>—</>;
  return (
    <Link to={caseTabPath(caseId, 'dossier')} onClick={(event: MouseEvent) => event.stopPropagation()}>
      {caseLabel(item)}
    </Link>
  );
};
