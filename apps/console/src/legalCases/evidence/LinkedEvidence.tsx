import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { Link, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { INCIDENT_TYPES, OBSERVATION_KINDS, REVIEW_STATUSES, type LegalEvidenceRecord } from '@vigie/domain';
import { useCommunes } from '../../api/hooks';
import { termKey } from '../../common/choices';
import { formatParisDateTime } from '../../common/parisTime';
import { CaseRecordActions } from '../CaseRecordActions';

const MAX_LINKS = 1000;

const LINK_MESSAGES = {
  confirmTitle: 'vigie.legal.evidence.unlinkTitle',
  confirmContent: 'vigie.legal.evidence.unlinkContent',
  deleted: 'vigie.legal.evidence.unlinked',
  restored: 'vigie.legal.evidence.relinked',
  deleteLabel: 'vigie.legal.evidence.unlink',
  restoreLabel: 'vigie.legal.evidence.relink',
};

/** Where the linked record is read: its page, or the file's bytes. */
function targetOf(link: LegalEvidenceRecord): { to?: string; href?: string } {
  if (link.observationId) return { to: `/observations/${link.observationId}/show` };
  if (link.incidentId) return { to: `/incidents/${link.incidentId}/show` };
  if (link.attachmentId) return { href: `/api/attachments/${encodeURIComponent(link.attachmentId)}/content` };
  return {};
}

const WhatCell = ({ link }: { link: LegalEvidenceRecord }) => {
  const translate = useTranslate();
  const { code, originalName } = link.summary;
  const vocabulary =
    link.kind === 'observation' ? OBSERVATION_KINDS : link.kind === 'incident' ? INCIDENT_TYPES : null;
  const text =
    vocabulary && code ? translate(termKey(vocabulary, code)) : (originalName ?? code ?? link.id.slice(0, 8));
  const target = targetOf(link);
  if (target.to) return <Link to={target.to}>{text}</Link>;
  return (
    <a href={target.href} target="_blank" rel="noopener">
      {text}
    </a>
  );
};

/** The records linked to the case as evidence, with their note, and « Délier ». */
export const LinkedEvidence = ({
  resource,
  links,
  isPending,
  error,
  canEdit,
}: {
  resource: string;
  links: LegalEvidenceRecord[] | undefined;
  isPending: boolean;
  error: unknown;
  canEdit: boolean;
}) => {
  const translate = useTranslate();
  const [showUnlinked, setShowUnlinked] = useState(false);
  const unlinked = useGetList<LegalEvidenceRecord>(
    resource,
    {
      filter: { deleted: true },
      sort: { field: 'at', order: 'ASC' },
      pagination: { page: 1, perPage: MAX_LINKS },
    },
    { enabled: canEdit && showUnlinked },
  );
  return (
    <Box data-testid="linked-evidence">
      <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          {translate('vigie.legal.evidence.linked')}
          {links ? ` (${links.length})` : ''}
        </Typography>
        {canEdit ? (
          <FormControlLabel
            control={
              <Switch
                size="small"
                checked={showUnlinked}
                onChange={(event) => setShowUnlinked(event.target.checked)}
              />
            }
            label={translate('vigie.legal.evidence.showUnlinked')}
          />
        ) : null}
      </Box>
      {isPending ? <LinearProgress /> : null}
      {error ? <Alert severity="error">{translate('vigie.legal.loadError')}</Alert> : null}
      {links && links.length === 0 ? (
        <Typography color="text.secondary">{translate('vigie.legal.evidence.none')}</Typography>
      ) : null}
      {links && links.length > 0 ? (
        <EvidenceTable links={links} resource={resource} canEdit={canEdit} />
      ) : null}
      {canEdit && showUnlinked ? (
        <Box sx={{ mt: 2 }}>
          <Typography variant="subtitle1" component="h3">
            {translate('vigie.legal.evidence.unlinkedTitle')}
          </Typography>
          {unlinked.data && unlinked.data.length === 0 ? (
            <Typography color="text.secondary">{translate('vigie.legal.evidence.unlinkedNone')}</Typography>
          ) : null}
          {unlinked.data && unlinked.data.length > 0 ? (
            <EvidenceTable links={unlinked.data} resource={resource} canEdit={canEdit} />
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
};

const EvidenceTable = ({
  links,
  resource,
  canEdit,
}: {
  links: LegalEvidenceRecord[];
  resource: string;
  canEdit: boolean;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const communes = useCommunes();
  const communeNames = useMemo(
    () =>
      new Map(
        (communes?.features ?? []).map((feature) => [feature.properties.code, feature.properties.name]),
      ),
    [communes],
  );
  const column = (key: string) => translate(`vigie.legal.evidence.columns.${key}`);
  return (
    <TableContainer>
      <Table size="small">
        <TableHead>
          <TableRow>
            {['kind', 'at', 'what', 'commune', 'status', 'note', ''].map((key) => (
              <TableCell key={key}>{key ? column(key) : ''}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {links.map((link) => (
            <TableRow
              key={link.id}
              data-evidence-link={link.id}
              data-observation-id={link.observationId ?? undefined}
              data-incident-id={link.incidentId ?? undefined}
              data-attachment-id={link.attachmentId ?? undefined}
            >
              <TableCell>{translate(`vigie.legal.evidence.kinds.${link.kind}`)}</TableCell>
              <TableCell>{formatParisDateTime(link.summary.at, locale)}</TableCell>
              <TableCell>
                <WhatCell link={link} />
                {link.unusable ? (
                  <Chip
                    size="small"
                    color="warning"
                    icon={<WarningAmberIcon />}
                    label={translate(`vigie.legal.evidence.unusable.${link.unusable}`)}
                    sx={{ ml: 1 }}
                  />
                ) : null}
              </TableCell>
              <TableCell>
                {link.summary.communeCode
                  ? (communeNames.get(link.summary.communeCode) ?? link.summary.communeCode)
                  : '—'}
              </TableCell>
              <TableCell>
                {link.summary.status && REVIEW_STATUSES.has(link.summary.status)
                  ? translate(termKey(REVIEW_STATUSES, link.summary.status))
                  : '—'}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'pre-wrap' }}>{link.note ?? ''}</TableCell>
              <TableCell>
                {canEdit ? (
                  <CaseRecordActions resource={resource} record={link} messages={LINK_MESSAGES} />
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
