import { useLocaleState, useRecordContext, useTranslate, type RaRecord } from 'react-admin';
import { OBSERVATION_KINDS } from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';

/** "Expulsion — 31/03/2025 23:30", for a title, a link or an option of a picker. */
export function useObservationLabel(): (record: RaRecord | undefined) => string {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (record) => {
    if (!record) return '';
    const kind = typeof record.kind === 'string' ? translate(termKey(OBSERVATION_KINDS, record.kind)) : '';
    return `${kind} — ${formatParisDateTime(record.startedAt, locale)}`;
  };
}

/** "Expulsion — 31/03/2025 23:30" */
export const ObservationTitle = () => {
  const record = useRecordContext();
  const label = useObservationLabel();
  if (!record) return null;
  return <span>{label(record)}</span>;
};
