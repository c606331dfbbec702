import Chip from '@mui/material/Chip';
import { useTranslate } from 'react-admin';

/**
 * A rule the legal team has not confirmed yet (DESIGN §3: « à confirmer »): its dates are to be
 * checked by hand.
 */
export const ToConfirmBadge = ({ confirmed }: { confirmed: boolean | null | undefined }) => {
  const translate = useTranslate();
  if (confirmed !== false) return null;
  return (
    <Chip
      size="small"
      color="warning"
      variant="outlined"
      label={translate('vigie.legalRules.toConfirm')}
      data-testid="rule-to-confirm"
    />
  );
};
