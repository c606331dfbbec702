import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ImportKind, ImportRowAction, ImportRowReport } from '@vigie/domain';
import { useState } from 'react';
import { Link, useDataProvider, useTranslate } from 'react-admin';
import { retryTransient } from '../api/hooks';
import { FieldErrorList } from '../common/FieldErrorList';
import { FixedPagePagination } from '../common/FixedPagePagination';
import type { VigieDataProvider } from '../dataProvider';

const PER_PAGE = 50;

const recordPath = (kind: ImportKind, id: string) => `/${kind}/${encodeURIComponent(id)}/show`;

/**
 * The dry run row by row (`GET /api/imports/:id/rows`), a page at a time, for one action or all:
 * what each row would do, and for a rejected row, why (field → message, in the API's words).
 */
export const ImportRowsTable = ({
  importId,
  kind,
  action,
  version,
}: {
  importId: string;
  kind: ImportKind;
  action: ImportRowAction | null;
  /** Changes when the dry run ran again: the rows are read again. */
  version: number;
}) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<VigieDataProvider>();
  const [page, setPage] = useState(0);
  const [shownAction, setShownAction] = useState(action);
  // Another filter starts again at the first page.
  if (shownAction !== action) {
    setShownAction(action);
    setPage(0);
  }
  const { data, error, isPending } = useQuery({
    queryKey: ['imports', 'rows', importId, action, page, version],
    queryFn: ({ signal }) =>
      dataProvider.getImportRows({
        id: importId,
        action,
        range: [page * PER_PAGE, (page + 1) * PER_PAGE],
        signal,
      }),
    placeholderData: keepPreviousData,
    retry: retryTransient,
  });
  const t = (key: string) => translate(`vigie.imports.check.${key}`);

  if (error) {
    const message = error instanceof Error ? error.message : 'ra.notification.http_error';
    return (
      <Typography color="error" role="alert">
        {translate(message, { _: message })}
      </Typography>
    );
  }
  return (
    <Box>
      <Table size="small" aria-label={t('title')} aria-busy={isPending}>
        <TableHead>
          <TableRow>
            <TableCell>{t('row')}</TableCell>
            <TableCell>{t('action')}</TableCell>
            <TableCell>{t('record')}</TableCell>
            <TableCell>{t('errors')}</TableCell>
            <TableCell>{t('duplicates')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {data?.data.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5}>{t('noRows')}</TableCell>
            </TableRow>
          ) : null}
          {data?.data.map((row) => (
            <RowLine key={row.row} row={row} kind={kind} />
          ))}
        </TableBody>
      </Table>
      <FixedPagePagination count={data?.total ?? 0} page={page} perPage={PER_PAGE} onPageChange={setPage} />
    </Box>
  );
};

const RowLine = ({ row, kind }: { row: ImportRowReport; kind: ImportKind }) => {
  const translate = useTranslate();
  return (
    <TableRow data-testid="import-row" data-row={row.row} data-action={row.action}>
      <TableCell>{row.row}</TableCell>
      <TableCell sx={{ color: row.action === 'rejected' ? 'error.main' : undefined }}>
        {translate(`vigie.imports.check.actions.${row.action}`)}
      </TableCell>
      <TableCell>
        {row.id ? (
          <Link to={recordPath(kind, row.id)} title={row.id}>
            {row.id.slice(0, 8)}
          </Link>
        ) : null}
      </TableCell>
      <TableCell>
        <FieldErrorList errors={row.errors} />
      </TableCell>
      <TableCell>
        {(row.possibleDuplicateIds ?? []).map((id) => (
          <Box key={id}>
            <Link to={recordPath('observations', id)} title={id}>
              {id.slice(0, 8)}
            </Link>
          </Box>
        ))}
      </TableCell>
    </TableRow>
  );
};
