import CallMergeIcon from '@mui/icons-material/CallMerge';
import DoNotDisturbIcon from '@mui/icons-material/DoNotDisturb';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState } from 'react';
import {
  Button,
  Link,
  useCreatePath,
  useGetIdentity,
  useGetMany,
  useGetOne,
  useLocaleState,
  useNotify,
  usePermissions,
  useRecordContext,
  useRefresh,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { can, type ObservationRecord, type Role } from '@vigie/domain';
import { formatParisDateTime } from '../common/parisTime';
import { errorText } from '../evidence/api';
import { dismissDuplicate, fetchDuplicates } from './api';
import {
  comparisonRows,
  formatDistance,
  formatTimeGap,
  sortCandidates,
  type ComparisonFormat,
  type DuplicateCandidate,
} from './comparison';
import { MergeDialog } from './MergeDialog';

interface Named extends RaRecord {
  name?: string;
}

/** Names of the communes and sites the compared records point to, once loaded. */
function useNames(records: readonly ObservationRecord[]) {
  const communeCodes = [
    ...new Set(records.map((record) => record.communeCode).filter((code) => code !== null)),
  ];
  const siteIds = [...new Set(records.map((record) => record.siteId).filter((id) => id !== null))];
  const communes = useGetMany<Named>('communes', { ids: communeCodes }, { enabled: communeCodes.length > 0 });
  const sites = useGetMany<Named>('sites', { ids: siteIds }, { enabled: siteIds.length > 0 });
  const nameOf = (list: Named[] | undefined) => (id: string) =>
    list?.find((item) => String(item.id) === id || (item as { code?: string }).code === id)?.name;
  return { communeName: nameOf(communes.data), siteName: nameOf(sites.data) };
}

interface CandidateProps {
  record: ObservationRecord;
  candidate: DuplicateCandidate;
  canDecide: boolean;
  format: ComparisonFormat;
  onDecided: () => void;
}

/** One possible duplicate: distance and gap, the field-by-field table, and the decisions. */
const Candidate = ({ record, candidate, canDecide, format, onDecided }: CandidateProps) => {
  const translate = useTranslate();
  const notify = useNotify();
  const createPath = useCreatePath();
  const [pending, setPending] = useState(false);
  const [merging, setMerging] = useState(false);
  const other = candidate.observation;
  const rows = comparisonRows(record, other, format);
  const dismissed = candidate.status === 'dismissed';

  const dismiss = async () => {
    setPending(true);
    try {
      await dismissDuplicate(record.id, other.id);
      notify('vigie.duplicates.dismissedDone', { type: 'success' });
      onDecided();
    } catch (error) {
      notify(errorText(error), { type: 'error' });
    } finally {
      setPending(false);
    }
  };

  return (
    <Paper
      variant="outlined"
      sx={{ p: 1.5 }}
      data-duplicate-id={other.id}
      data-duplicate-status={candidate.status}
    >
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1, mb: 1 }}>
        <Chip
          size="small"
          color={dismissed ? 'default' : 'warning'}
          label={
            dismissed
              ? translate('vigie.duplicates.dismissed', {
                  date: formatParisDateTime(candidate.decidedAt, format.lang),
                })
              : translate('vigie.duplicates.possible')
          }
        />
        <Typography variant="body2">
          {translate('vigie.duplicates.summary', {
            distance: formatDistance(candidate.distanceM, format.lang),
            gap: formatTimeGap(candidate.timeGapMinutes),
          })}
        </Typography>
        <Link to={createPath({ resource: 'observations', id: other.id, type: 'show' })}>
          {translate('vigie.duplicates.open')}
        </Link>
      </Box>
      <Box sx={{ overflowX: 'auto' }}>
        <Table size="small" aria-label={translate('vigie.duplicates.title')}>
          <TableHead>
            <TableRow>
              <TableCell component="th" scope="col">
                {translate('vigie.duplicates.field')}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate('vigie.duplicates.thisRecord')}
              </TableCell>
              <TableCell component="th" scope="col">
                {translate('vigie.duplicates.otherRecord')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow
                key={row.field}
                data-field={row.field}
                data-differs={row.differs ? 'true' : 'false'}
                sx={row.differs ? { bgcolor: 'warning.light', '& td, & th': { fontWeight: 500 } } : undefined}
              >
                <TableCell component="th" scope="row" sx={{ verticalAlign: 'top' }}>
                  {translate(row.label)}
                  {row.differs ? (
                    <Box
                      component="span"
                      sx={{ display: 'block', fontSize: '0.7rem', color: 'warning.dark' }}
                    >
                      ≠ {translate('vigie.duplicates.differs')}
                    </Box>
                  ) : null}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'pre-line', verticalAlign: 'top', overflowWrap: 'anywhere' }}>
                  {row.left}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'pre-line', verticalAlign: 'top', overflowWrap: 'anywhere' }}>
                  {row.right}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {canDecide ? (
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 1 }}>
          {dismissed ? null : (
            <Button label="vigie.duplicates.notDuplicate" onClick={() => void dismiss()} disabled={pending}>
              <DoNotDisturbIcon />
            </Button>
          )}
          <Button
            label="vigie.duplicates.merge"
            variant="contained"
            onClick={() => setMerging(true)}
            disabled={pending}
          >
            <CallMergeIcon />
          </Button>
        </Box>
      ) : null}
      {merging ? (
        <MergeDialog
          record={record}
          other={other}
          onClose={() => setMerging(false)}
          onMerged={() => {
            setMerging(false);
            onDecided();
          }}
        />
      ) : null}
    </Paper>
  );
};

interface DuplicatesState {
  candidates: DuplicateCandidate[];
  error: unknown;
  loading: boolean;
}

/**
 * Possible duplicates of an observation (the rule: docs/duplicates.md), compared
 * side by side with the differences highlighted. Coordinators and admins decide: "Pas un doublon",
 * or "Fusionner" (one kept, the other soft-deleted with its incidents and files moved).
 */
export const DuplicatesPanel = ({ observationId }: { observationId: string }) => {
  const translate = useTranslate();
  const refresh = useRefresh();
  const titleId = useId();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions();
  const { identity } = useGetIdentity();
  const { data: record } = useGetOne<ObservationRecord & RaRecord>('observations', { id: observationId });
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<DuplicatesState>({ candidates: [], error: null, loading: true });
  const role = typeof permissions === 'string' ? (permissions as Role) : null;
  const canDecide = role !== null && can(role, 'observations.merge') && record?.deletedAt == null;

  // A new version of the record (edited, merged) may change its duplicates.
  const version = record?.version;
  const possibleKey = (record?.possibleDuplicateIds ?? []).join(',');
  useEffect(() => {
    const controller = new AbortController();
    fetchDuplicates(observationId, controller.signal).then(
      (candidates) => setState({ candidates: sortCandidates(candidates), error: null, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ candidates: [], error, loading: false });
      },
    );
    return () => controller.abort();
  }, [observationId, version, possibleKey, reloads]);

  const names = useNames(
    record ? [record, ...state.candidates.map((candidate) => candidate.observation)] : [],
  );
  const format: ComparisonFormat = {
    translate,
    lang: locale,
    ...names,
    authorName: (id) =>
      identity?.id === id ? `${identity.fullName ?? ''} (${translate('vigie.duplicates.you')})` : undefined,
  };

  if (!record || state.loading) return null;
  if (state.error) {
    return (
      <Alert severity="error" sx={{ mt: 2 }}>
        {translate('vigie.duplicates.loadFailed')}
      </Alert>
    );
  }
  if (state.candidates.length === 0) return null;

  const decided = () => {
    setReloads((count) => count + 1);
    refresh();
  };

  return (
    <Box component="section" aria-labelledby={titleId} sx={{ width: '100%', mt: 2 }} data-duplicates-panel>
      <Typography variant="h6" component="h2" id={titleId}>
        {translate('vigie.duplicates.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('vigie.duplicates.intro')}
      </Typography>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {state.candidates.map((candidate) => (
          <Candidate
            key={candidate.observation.id}
            record={record}
            candidate={candidate}
            canDecide={canDecide}
            format={format}
            onDecided={decided}
          />
        ))}
      </Box>
    </Box>
  );
};

/** The duplicates of the observation of a Show page; nothing while it has none. */
export const RecordDuplicatesPanel = () => {
  const record = useRecordContext();
  if (!record) return null;
  return <DuplicatesPanel observationId={String(record.id)} />;
};
