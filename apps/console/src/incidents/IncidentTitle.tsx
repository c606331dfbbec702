import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { INCIDENT_TYPES } from '@vigie/domain';
import { termKey } from '../common/choices';
import { formatParisDateTime } from '../common/parisTime';

/** "Gaz lacrymogène — 31/03/2025 23:30" */
export const IncidentTitle = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  if (!record) return null;
  const type = typeof record.type === 'string' ? translate(termKey(INCIDENT_TYPES, record.type)) : '';
  return (
    <span>
      {type} — {formatParisDateTime(record.occurredAt, locale)}
    </span>
  );
};
