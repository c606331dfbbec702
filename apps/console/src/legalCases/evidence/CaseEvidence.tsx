import Divider from '@mui/material/Divider';
import Box from '@mui/material/Box';
import { useMemo } from 'react';
import { useCanAccess, useGetList, useRecordContext } from 'react-admin';
import type { LegalCaseRecord, LegalEvidenceRecord } from '@vigie/domain';
import { caseResource } from '../../api/resources';
import { isPolygonal } from '../../geo/perimeter';
import { LinkedEvidence } from './LinkedEvidence';
import { LinkRecordForm } from './LinkRecordForm';
import { ObservationFinder } from './ObservationFinder';

const MAX_LINKS = 1000;

/**
 * « Preuves »: the observations, incidents and files linked to the case, and the ways to link more
 * (a search of observations, those inside the challenged act's perimeter, a record by its id).
 */
export const CaseEvidence = () => {
  const record = useRecordContext<LegalCaseRecord>();
  const caseId = String(record?.id ?? '');
  const resource = caseResource(caseId, 'evidence');
  const { canAccess } = useCanAccess({ resource: 'legal-cases', action: 'edit' });
  const canEdit = canAccess === true && record?.deletedAt == null;
  const { data, isPending, error } = useGetList<LegalEvidenceRecord>(
    resource,
    { filter: {}, sort: { field: 'at', order: 'ASC' }, pagination: { page: 1, perPage: MAX_LINKS } },
    { enabled: caseId !== '' },
  );
  const linked = useMemo(
    () => new Set((data ?? []).map((link) => link.observationId).filter((id): id is string => id !== null)),
    [data],
  );
  if (!record) return null;
  const drawn = record.challengedAct?.perimeter;
  const perimeter = isPolygonal(drawn) ? drawn : null;
  return (
    <Box sx={{ width: '100%' }}>
      <LinkedEvidence
        resource={resource}
        links={data}
        isPending={isPending}
        error={error}
        canEdit={canEdit}
      />
      {canEdit ? (
        <>
          <Divider sx={{ mt: 3 }} />
          <ObservationFinder caseId={caseId} perimeter={perimeter} linked={linked} />
          <Divider sx={{ mt: 3 }} />
          <LinkRecordForm resource={resource} />
        </>
      ) : null}
    </Box>
  );
};
