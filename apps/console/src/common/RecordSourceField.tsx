import Typography from '@mui/material/Typography';
import { can, type RecordSource, type Role } from '@vigie/domain';
import type { ReactNode } from 'react';
import { Link, useFieldValue, usePermissions, useTranslate, type FieldProps } from 'react-admin';

/**
 * Where a record came from: typed in Vigie, a row of an import (linked to the import), or a
 * KoboToolbox feed; with the id the source gave it.
 */
export const RecordSourceField = (props: FieldProps) => {
  const source = useFieldValue(props) as RecordSource | null | undefined;
  const translate = useTranslate();
  const { permissions } = usePermissions<Role>();
  // Only the roles that manage imports may open an import or a feed.
  const linked = (to: string, text: string): ReactNode =>
    permissions && can(permissions, 'imports.manage') ? <Link to={to}>{text}</Link> : text;
  // Absent for roles that are not told a record's origin.
  if (source === undefined) return null;
  if (source === null) {
    return (
      <Typography component="span" variant="body2">
        {translate('vigie.recordSource.typed')}
      </Typography>
    );
  }
  const sourceId = source.sourceId
    ? ` — ${translate('vigie.recordSource.sourceId', { sourceId: source.sourceId })}`
    : '';
  if (source.importId) {
    return (
      <Typography component="span" variant="body2">
        {linked(
          `/imports/${encodeURIComponent(source.importId)}/show`,
          translate('vigie.recordSource.file', { fileName: source.fileName ?? '', row: source.row ?? '' }),
        )}
        {sourceId}
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2">
      {source.feedId
        ? linked(
            `/kobo-feeds/${encodeURIComponent(source.feedId)}/show`,
            translate('vigie.recordSource.feed'),
          )
        : translate('vigie.recordSource.feed')}
      {sourceId}
    </Typography>
  );
};
