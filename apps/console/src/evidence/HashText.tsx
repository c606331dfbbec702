import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { useNotify, useTranslate } from 'react-admin';

/**
 * The SHA-256 of an original file, whole (evidence is checked against it, so it is never cut),
 * in monospace and selectable, with a copy button where the browser allows it (HTTPS, localhost).
 */
export const HashText = ({ sha256 }: { sha256: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
  const copy = async () => {
    try {
      await clipboard?.writeText(sha256);
      notify('vigie.evidence.copied', { type: 'info' });
    } catch {
      // Copying is a convenience: the value stays selectable on the page.
    }
  };
  return (
    <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5 }}>
      <Box
        component="code"
        data-sha256={sha256}
        title={translate('vigie.evidence.sha256Help')}
        sx={{
          fontFamily: 'monospace',
          fontSize: '0.75rem',
          wordBreak: 'break-all',
          userSelect: 'all',
          lineHeight: 1.4,
        }}
      >
        {sha256}
      </Box>
      {clipboard ? (
        <Tooltip title={translate('vigie.evidence.copy')}>
          <IconButton size="small" onClick={() => void copy()} aria-label={translate('vigie.evidence.copy')}>
            <ContentCopyIcon fontSize="inherit" />
          </IconButton>
        </Tooltip>
      ) : null}
    </Box>
  );
};
