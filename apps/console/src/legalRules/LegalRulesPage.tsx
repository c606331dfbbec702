import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Title,
  useCanAccess,
  useDataProvider,
  useLocaleState,
  useNotify,
  useRefresh,
  useTranslate,
} from 'react-admin';
import type { LegalRuleView } from '@vigie/domain';
import { formatParisDateTime } from '../common/parisTime';
import type { VigieDataProvider } from '../dataProvider';
import { ToConfirmBadge } from '../deadlines/RuleBadge';
import { LEGAL_RULES_QUERY_KEY, useLegalRules } from './useLegalRules';

const RuleCard = ({ rule, canConfirm }: { rule: LegalRuleView; canConfirm: boolean }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const notify = useNotify();
  const refresh = useRefresh();
  const queryClient = useQueryClient();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const lang = locale === 'en' ? 'en' : 'fr';
  const change = useMutation({
    mutationFn: (confirmed: boolean) => dataProvider.setLegalRuleConfirmed({ code: rule.code, confirmed }),
    onSuccess: (_result, confirmed) => {
      notify(confirmed ? 'vigie.legalRules.confirmedDone' : 'vigie.legalRules.withdrawnDone', {
        type: 'success',
      });
      void queryClient.invalidateQueries({ queryKey: LEGAL_RULES_QUERY_KEY });
      // The deadlines computed by the rule say whether it is confirmed.
      refresh();
    },
    onError: (error) =>
      notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' }),
  });
  return (
    <Card
      variant="outlined"
      component="li"
      data-rule={rule.code}
      data-confirmed={rule.confirmed}
      sx={{ listStyle: 'none' }}
    >
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
          <Typography variant="h6" component="h2" sx={{ fontSize: '1.05rem' }}>
            {rule.title[lang]}
          </Typography>
          {rule.confirmed ? (
            <Chip
              size="small"
              color="success"
              icon={<CheckCircleIcon />}
              label={translate('vigie.legalRules.confirmed')}
            />
          ) : (
            <ToConfirmBadge confirmed={false} />
          )}
        </Stack>
        <Typography variant="body2" sx={{ fontWeight: 600, mt: 0.5 }}>
          {rule.citation} · {translate(`vigie.legalRules.nature.${rule.nature}`)}
        </Typography>
        <Typography variant="body2" sx={{ mt: 1, whiteSpace: 'pre-wrap' }}>
          {rule.description[lang]}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {rule.trigger
            ? `${translate('vigie.legalRules.trigger')} : ${rule.trigger[lang]}`
            : translate('vigie.legalRules.manualOnly')}
        </Typography>
        {rule.confirmed && rule.confirmedAt ? (
          <Typography variant="body2" color="text.secondary">
            {translate('vigie.legalRules.confirmedOn', {
              date: formatParisDateTime(rule.confirmedAt, locale),
            })}
          </Typography>
        ) : null}
        {canConfirm ? (
          <Box sx={{ mt: 1 }}>
            {rule.confirmed ? (
              <Button
                aria-label={translate('vigie.legalRules.withdraw')}
                size="small"
                disabled={change.isPending}
                onClick={() => change.mutate(false)}
              >
                {translate('vigie.legalRules.withdraw')}
              </Button>
            ) : (
              <Button
                aria-label={translate('vigie.legalRules.confirm')}
                size="small"
                variant="contained"
                disabled={change.isPending}
                onClick={() => change.mutate(true)}
              >
                {translate('vigie.legalRules.confirm')}
              </Button>
            )}
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
};

/**
 * « Règles de délais »: the rules the deadlines are computed by, with the text each cites and how
 * it counts, in the console's language; confirmed by the legal team or « à confirmer ». The admin
 * confirms a rule, or withdraws the confirmation.
 */
export const LegalRulesPage = () => {
  const translate = useTranslate();
  const { canAccess: canConfirm } = useCanAccess({ resource: 'legal-rules', action: 'confirm' });
  const { data, isPending, error } = useLegalRules();
  return (
    <Box sx={{ py: 1 }} data-testid="legal-rules-page">
      <Title title="vigie.legalRules.title" />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {translate('vigie.legalRules.help')}
      </Typography>
      {isPending ? <LinearProgress /> : null}
      {error ? <Alert severity="error">{translate('vigie.legal.loadError')}</Alert> : null}
      <Box component="ul" sx={{ m: 0, p: 0, display: 'flex', flexDirection: 'column', gap: 1.5 }}>
        {(data ?? []).map((rule) => (
          <RuleCard key={rule.code} rule={rule} canConfirm={canConfirm === true} />
        ))}
      </Box>
    </Box>
  );
};
