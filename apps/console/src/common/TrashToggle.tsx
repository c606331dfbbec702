import DeleteOutlinedIcon from '@mui/icons-material/DeleteOutlined';
import { Button, useCanAccess, useListContext, useResourceContext } from 'react-admin';

export function isTrashFilter(filterValues: Record<string, unknown>): boolean {
  return filterValues.deleted === true || filterValues.deleted === 'true';
}

/**
 * Shows the soft-deleted records (`deleted=true`) instead of the live ones, and back; only for the
 * roles that may delete (and so restore).
 */
export const TrashToggle = () => {
  const { filterValues, displayedFilters, setFilters } = useListContext();
  const resource = useResourceContext();
  const { canAccess } = useCanAccess({ action: 'delete', resource });
  const inTrash = isTrashFilter(filterValues);
  if (!canAccess && !inTrash) return null;
  const toggle = () => {
    const { deleted: _deleted, ...others } = filterValues;
    setFilters(inTrash ? others : { ...others, deleted: true }, displayedFilters);
  };
  return (
    <Button
      label={inTrash ? 'vigie.filters.leaveTrash' : 'vigie.filters.trash'}
      onClick={toggle}
      aria-pressed={inTrash}
      color={inTrash ? 'warning' : 'primary'}
    >
      <DeleteOutlinedIcon />
    </Button>
  );
};
