import ControlPointDuplicateIcon from '@mui/icons-material/ControlPointDuplicate';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import { useRecordContext, useTranslate } from 'react-admin';
import { hasPossibleDuplicates } from './comparison';

/**
 * A small icon, with the tooltip "Doublon possible", on an observation whose
 * `possibleDuplicateIds` is not empty (lists and the page header); nothing otherwise.
 */
export const PossibleDuplicateMarker = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!hasPossibleDuplicates(record)) return null;
  const label = translate('vigie.duplicates.possible');
  return (
    <Tooltip title={label}>
      <Box
        component="span"
        role="img"
        aria-label={label}
        data-possible-duplicate
        sx={{ display: 'inline-flex', verticalAlign: 'middle', color: 'warning.main', ml: 0.5 }}
      >
        <ControlPointDuplicateIcon fontSize="small" />
      </Box>
    </Tooltip>
  );
};
