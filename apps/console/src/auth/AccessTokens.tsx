import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import KeyOffIcon from '@mui/icons-material/KeyOff';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type AccessTokenScope,
  type AccessTokenView,
  accessTokenScopesOf,
  addDays,
  type NewAccessToken,
  parisToday,
  type Role,
} from '@vigie/domain';
import { type FormEvent, useState } from 'react';
import { Confirm, HttpError, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { formatParisDateTime } from '../common/parisTime';
import type { AccessTokenRequest, VigieDataProvider } from '../dataProvider';
import { ownCredentialErrors } from './ownCredentialErrors';

const TOKENS_QUERY_KEY = ['access-tokens'] as const;
const T = 'vigie.accessTokens';
/** The API's default longest lifetime; it answers with the field's error if configured shorter. */
const MAX_DAYS = 365;
const DEFAULT_DAYS = 90;

type Field = 'name' | 'scopes' | 'expiresAt' | 'currentPassword' | 'totp';
type FieldErrors = Partial<Record<Field, string>>;

/** The messages under the inputs after a refusal (translation keys or the server's words), or null. */
export function tokenFieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof HttpError)) return null;
  const body = error.body as { code?: unknown; errors?: Record<string, unknown> } | null;
  const credentials = ownCredentialErrors(body, 'totp');
  if (credentials) return credentials;
  if (body?.code === 'access_token_scope_not_allowed') return { scopes: `${T}.scopeNotAllowed` };
  const errors: FieldErrors = {};
  for (const field of ['name', 'scopes', 'expiresAt', 'currentPassword', 'totp'] as const) {
    if (typeof body?.errors?.[field] === 'string') errors[field] = body.errors[field];
  }
  return Object.keys(errors).length > 0 ? errors : null;
}

/** The new token, shown this once, with a copy button. */
const NewSecret = ({ created, onDone }: { created: NewAccessToken; onDone: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      notify(`${T}.copied`, { type: 'success' });
    } catch {
      notify(`${T}.copyFailed`, { type: 'warning' });
    }
  };
  return (
    <Alert severity="warning" sx={{ my: 2 }} data-testid="access-token-secret">
      <Typography variant="subtitle2" component="h3">
        {translate(`${T}.secretHeading`)} — {created.name}
      </Typography>
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate(`${T}.shownOnce`)}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ alignItems: { sm: 'center' } }}>
        <TextField
          value={created.token}
          size="small"
          fullWidth
          label={translate(`${T}.secretLabel`)}
          slotProps={{ htmlInput: { readOnly: true, name: 'accessToken', spellCheck: false } }}
          onFocus={(event) => event.target.select()}
        />
        <Button variant="contained" startIcon={<ContentCopyIcon />} onClick={() => void copy()}>
          {translate(`${T}.copy`)}
        </Button>
      </Stack>
      <Button sx={{ mt: 1 }} onClick={onDone}>
        {translate(`${T}.done`)}
      </Button>
    </Alert>
  );
};

/** Name, scopes (those the role may hold), expiry date, and the proofs of who is asking. */
const CreateForm = ({
  role,
  withCode,
  pending,
  errors,
  onSubmit,
}: {
  role: Role;
  withCode: boolean;
  pending: boolean;
  errors: FieldErrors;
  onSubmit: (values: {
    name: string;
    scopes: AccessTokenScope[];
    expiresAt: string;
    currentPassword: string;
    totp: string;
  }) => void;
}) => {
  const translate = useTranslate();
  const allowed = accessTokenScopesOf(role);
  const today = parisToday();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<AccessTokenScope[]>(allowed);
  const [expiresAt, setExpiresAt] = useState(addDays(today, DEFAULT_DAYS));
  const [currentPassword, setCurrentPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [missing, setMissing] = useState<FieldErrors>({});
  const shown = (field: Field) => missing[field] ?? errors[field];
  const helper = (field: Field, fallback?: string) => {
    const error = shown(field);
    return error !== undefined ? translate(error, { _: error }) : fallback && translate(fallback);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const absent: FieldErrors = {};
    if (name.trim() === '') absent.name = `${T}.nameRequired`;
    if (scopes.length === 0) absent.scopes = `${T}.scopesRequired`;
    if (expiresAt === '') absent.expiresAt = `${T}.expiresRequired`;
    if (currentPassword === '') absent.currentPassword = 'vigie.account.passwordRequired';
    if (withCode && !/^\d{6}$/.test(totp)) absent.totp = 'vigie.account.codeRequired';
    setMissing(absent);
    if (Object.keys(absent).length === 0)
      onSubmit({ name: name.trim(), scopes, expiresAt, currentPassword, totp });
  };

  return (
    <Box component="form" onSubmit={submit} noValidate sx={{ maxWidth: 480 }} data-testid="access-token-form">
      <Typography variant="subtitle1" component="h3" sx={{ mt: 2 }}>
        {translate(`${T}.newHeading`)}
      </Typography>
      <TextField
        name="tokenName"
        label={translate(`${T}.name`)}
        required
        fullWidth
        margin="normal"
        value={name}
        onChange={(event) => setName(event.target.value)}
        error={shown('name') !== undefined}
        helperText={helper('name', `${T}.nameHelp`)}
        disabled={pending}
        slotProps={{ htmlInput: { maxLength: 100 } }}
      />
      <FormControl
        component="fieldset"
        error={shown('scopes') !== undefined}
        disabled={pending}
        margin="normal"
      >
        <FormLabel component="legend">{translate(`${T}.scopesLabel`)}</FormLabel>
        <FormGroup row>
          {allowed.map((scope) => (
            <FormControlLabel
              key={scope}
              control={
                <Checkbox
                  name={`scope-${scope}`}
                  checked={scopes.includes(scope)}
                  onChange={(event) =>
                    setScopes((current) =>
                      event.target.checked ? [...current, scope] : current.filter((s) => s !== scope),
                    )
                  }
                />
              }
              label={translate(`${T}.scopes.${scope}`)}
            />
          ))}
        </FormGroup>
        {shown('scopes') !== undefined ? <FormHelperText>{helper('scopes')}</FormHelperText> : null}
      </FormControl>
      <TextField
        name="expiresAt"
        type="date"
        label={translate(`${T}.expiresAt`)}
        required
        fullWidth
        margin="normal"
        value={expiresAt}
        onChange={(event) => setExpiresAt(event.target.value)}
        error={shown('expiresAt') !== undefined}
        helperText={helper('expiresAt', `${T}.expiresHelp`)}
        disabled={pending}
        slotProps={{
          inputLabel: { shrink: true },
          htmlInput: { min: today, max: addDays(today, MAX_DAYS) },
        }}
      />
      <TextField
        name="currentPassword"
        type="password"
        label={translate('vigie.account.currentPassword')}
        autoComplete="current-password"
        required
        fullWidth
        margin="normal"
        value={currentPassword}
        onChange={(event) => setCurrentPassword(event.target.value)}
        error={shown('currentPassword') !== undefined}
        helperText={helper('currentPassword', 'vigie.account.currentPasswordHelp')}
        disabled={pending}
      />
      {withCode ? (
        <TextField
          name="totp"
          label={translate('vigie.auth.totp')}
          autoComplete="one-time-code"
          required
          fullWidth
          margin="normal"
          value={totp}
          onChange={(event) => setTotp(event.target.value.replace(/\s/g, ''))}
          error={shown('totp') !== undefined}
          helperText={helper('totp')}
          disabled={pending}
          slotProps={{ htmlInput: { inputMode: 'numeric', pattern: '[0-9]*', maxLength: 6 } }}
        />
      ) : null}
      <Button type="submit" variant="contained" disabled={pending} sx={{ minHeight: 44, mt: 1 }}>
        {translate(`${T}.create`)}
      </Button>
    </Box>
  );
};

const TokenTable = ({
  tokens,
  onRevoke,
  busy,
}: {
  tokens: AccessTokenView[];
  onRevoke: (token: AccessTokenView) => void;
  busy: boolean;
}) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const date = (value: string | null) =>
    value ? formatParisDateTime(value, locale) : translate(`${T}.never`);
  const columns = ['name', 'prefix', 'scopes', 'createdAt', 'expiresAt', 'lastUsedAt', 'status'] as const;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="access-token-list">
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column}>{translate(`${T}.columns.${column}`)}</TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {tokens.map((token) => (
            <TableRow key={token.id} data-testid="access-token-row" data-status={token.status}>
              <TableCell>{token.name}</TableCell>
              <TableCell>
                <Box component="code">{token.prefix}…</Box>
              </TableCell>
              <TableCell>
                {token.scopes.map((scope) => translate(`${T}.scopes.${scope}`)).join(', ')}
              </TableCell>
              <TableCell>{date(token.createdAt)}</TableCell>
              <TableCell>{date(token.expiresAt)}</TableCell>
              <TableCell>{date(token.lastUsedAt)}</TableCell>
              <TableCell>{translate(`${T}.status.${token.status}`)}</TableCell>
              <TableCell>
                {token.status === 'active' ? (
                  <Button
                    color="error"
                    size="small"
                    startIcon={<KeyOffIcon />}
                    disabled={busy}
                    aria-label={`${translate(`${T}.revoke`)} ${token.name}`}
                    onClick={() => onRevoke(token)}
                  >
                    {translate(`${T}.revoke`)}
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

/**
 * « Jetons d'accès » on the account page: the user's personal access tokens for scripts (list,
 * create — the secret is shown once —, revoke). The API keeps only their hash.
 */
export const AccessTokens = ({ role, totpEnabled }: { role: Role; totpEnabled: boolean }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<NewAccessToken | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [revoking, setRevoking] = useState<AccessTokenView | null>(null);
  // A new form (its inputs emptied) after each creation.
  const [formKey, setFormKey] = useState(0);
  const tokens = useQuery({
    queryKey: TOKENS_QUERY_KEY,
    queryFn: ({ signal }) => dataProvider.getAccessTokens({ signal }),
  });
  const failed = (error: unknown) => {
    const body = error instanceof HttpError ? (error.body as { code?: unknown } | null) : null;
    if (body?.code === 'access_token_limit_reached') {
      notify(`${T}.limitReached`, { type: 'error' });
      return;
    }
    const shown = tokenFieldErrors(error);
    if (shown) setErrors(shown);
    else notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };
  const create = useMutation({
    mutationFn: (params: AccessTokenRequest) => dataProvider.createAccessToken(params),
    onMutate: () => setErrors({}),
    onSuccess: (token) => {
      setCreated(token);
      setFormKey((key) => key + 1);
      notify(`${T}.created`, { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY });
    },
    onError: failed,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => dataProvider.revokeAccessToken({ id }),
    onSuccess: () => {
      notify(`${T}.revoked`, { type: 'info' });
      void queryClient.invalidateQueries({ queryKey: TOKENS_QUERY_KEY });
    },
    onError: failed,
  });

  return (
    <Card sx={{ mt: 2, maxWidth: 960 }} data-testid="access-tokens">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          {translate(`${T}.title`)}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {translate(`${T}.help`)}
        </Typography>
        {tokens.isPending ? <LinearProgress /> : null}
        {tokens.error ? <Alert severity="error">{translate(`${T}.loadError`)}</Alert> : null}
        {tokens.data && tokens.data.length === 0 ? (
          <Typography variant="body2">{translate(`${T}.none`)}</Typography>
        ) : null}
        {tokens.data && tokens.data.length > 0 ? (
          <TokenTable tokens={tokens.data} busy={revoke.isPending} onRevoke={setRevoking} />
        ) : null}
        {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
        <CreateForm
          key={formKey}
          role={role}
          withCode={totpEnabled}
          pending={create.isPending}
          errors={errors}
          onSubmit={(values) =>
            create.mutate({
              name: values.name,
              scopes: values.scopes,
              expiresAt: values.expiresAt,
              currentPassword: values.currentPassword,
              ...(totpEnabled ? { totp: values.totp } : {}),
            })
          }
        />
        <Confirm
          isOpen={revoking !== null}
          title={`${T}.revokeTitle`}
          titleTranslateOptions={{ name: revoking?.name ?? '' }}
          content={`${T}.revokeContent`}
          onConfirm={() => {
            if (revoking) revoke.mutate(revoking.id);
            setRevoking(null);
          }}
          onClose={() => setRevoking(null)}
        />
      </CardContent>
    </Card>
  );
};
