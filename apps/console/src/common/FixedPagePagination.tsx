import TablePagination from '@mui/material/TablePagination';
import { useTranslate } from 'react-admin';

/** Pages of a fixed size under a plain table, with react-admin's translated range text. */
export const FixedPagePagination = ({
  count,
  page,
  perPage,
  onPageChange,
}: {
  count: number;
  page: number;
  perPage: number;
  onPageChange: (page: number) => void;
}) => {
  const translate = useTranslate();
  return (
    <TablePagination
      component="div"
      count={count}
      page={page}
      rowsPerPage={perPage}
      rowsPerPageOptions={[perPage]}
      labelDisplayedRows={({ from, to, count: total }) =>
        translate('ra.navigation.page_range_info', { offsetBegin: from, offsetEnd: to, total })
      }
      onPageChange={(_event, next) => onPageChange(next)}
    />
  );
};
