import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { OBSERVATION_KINDS } from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';

/** "Expulsion — 31/03/2025 23:30" */
export const ObservationTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const kind = typeof record.kind === 'string' ? translate(termKey(OBSERVATION_KINDS, record.kind)) : '';
  return (
    <span>
      {kind} — {formatParisDateTime(record.startedAt, locale)}
    </span>
  );
};
